"""The training page in AppTest: a small run goes to completion and fills the table; Stop stops it; bad input is calm.

Finished runs are kept server-wide by their settings, so every test uses its own seed to start from scratch.
"""

import time

from tests.apptest import chart_data, no_nan_in_charts, open_page, texts


def run_until_done(at, timeout: float = 90):
    """Press Run, then let the page redraw (as the browser's 1 s timer does) until the results table appears."""
    at.button[0].click().run()
    return until_done(at, timeout)


def until_done(at, timeout: float = 90):
    """Let the page redraw (as the browser's 1 s timer does) until the results table appears."""
    deadline = time.time() + timeout
    while not len(at.table) and time.time() < deadline:
        time.sleep(0.3)
        at.run()
    return at


def test_opens_with_defaults_and_asks_for_run():
    at = open_page("training", seed=9001)
    assert not at.exception
    assert [b.label for b in at.button] == ["▶ Run", "⏹ Stop"]
    assert at.slider(key="len").value == 40 and at.multiselect(key="models").value == ["rnn", "lstm", "gru"]
    assert not len(at.table) and "Press **Run**" in texts(at) + "".join(c.value for c in at.caption)


def test_a_small_run_completes_shows_table_charts_verdicts_and_is_cached():
    params = dict(len=8, steps=50, models=["Plain RNN (tanh)", "GRU"], seed=9002)
    at = run_until_done(open_page("training", **params))
    assert not at.exception
    table = at.table[0].value
    assert list(table["model"]) == ["Plain RNN (tanh)", "GRU"]
    assert set(table["outcome"]) <= {"solved", "not solved"} and list(table["steps"]) == [50, 50]
    keys = [c.proto.id for c in at.get("plotly_chart")]
    assert len(keys) == 3 and no_nan_in_charts(at)  # loss, gradient at step 1, saliency
    loss, grad, sal = chart_data(at)
    assert len(loss) == 2 and len(loss[0]["y"]) == 50 and len(sal[0]["x"]) == 8
    words = texts(at)
    assert "In numbers:" in words and "Plain RNN (tanh)" in words and "GRU" in words
    assert "trained before" not in "".join(c.value for c in at.caption)  # we just trained them
    # The same settings again (another visitor, no Run pressed): shown at once, from the store.
    again = open_page("training", **params)
    assert len(again.table) and again.table[0].value.equals(table)
    assert "trained before" in "".join(c.value for c in again.caption)


def test_stop_works_mid_run():
    at = open_page("training", len=120, steps=2000, models=["Plain RNN (tanh)", "LSTM"], seed=9003)
    at.button[0].click().run()
    time.sleep(1.0)
    at.run()
    assert len(at.get("progress")) == 2 and not len(at.table)  # running: one bar per model, no table yet
    assert at.button[1].label == "⏹ Stop" and not at.button[1].disabled
    t0 = time.time()
    at.button[1].click().run()
    assert time.time() - t0 < 15
    assert not at.exception and len(at.table)
    table = at.table[0].value
    assert set(table["outcome"]) == {"stopped"} and max(table["steps"]) < 2000  # both ran at once, both stopped
    assert "was stopped" in texts(at)


def test_a_diverging_learning_rate_gets_a_friendly_message():
    at = run_until_done(open_page("training", lr="3.0", clip="false", models=["IRNN (ReLU, identity start)"],
                                  steps=100, seed=9004))
    assert not at.exception and no_nan_in_charts(at)
    assert list(at.table[0].value["outcome"]) == ["diverged"]
    assert "diverged" in texts(at) and "smaller learning rate" in texts(at)


def test_url_opens_that_state_and_junk_falls_back():
    at = open_page("training", len=25, task="Remember the first symbol (one of 8)", hidden=64, seed=9005)
    assert not at.exception
    assert at.slider(key="len").value == 25 and at.selectbox(key="task").value == "first_symbol"
    junk = open_page("training", len="lots", lr="7", models=["nonsense"], steps="-4", task="x", seed=9006)
    assert not junk.exception
    assert junk.slider(key="len").value == 40 and junk.select_slider(key="lr").value == 0.02


def test_no_model_chosen_is_explained_not_crashed():
    at = open_page("training", seed=9007)
    at.multiselect(key="models").set_value([]).run()
    assert not at.exception and at.button[0].disabled
    assert "Pick at least one model" in texts(at)


TINY = dict(len=6, steps=20, models=["GRU"], hidden=8)
CHANGES = {  # control key -> a different value (as the URL spells it)
    "task": "Remember the first symbol (one of 8)", "len": 9, "models": ["LSTM"], "hidden": 16, "lr": "0.001",
    "steps": 50, "clip": "false", "clipat": "0.1", "seed": 9102,
}


def test_every_control_changes_what_is_trained():
    base = run_until_done(open_page("training", seed=9101, **TINY))
    before = chart_data(base)
    for key, value in CHANGES.items():
        at = run_until_done(open_page("training", **{**TINY, "seed": 9101, key: value}))
        assert not at.exception, key
        assert chart_data(at) != before, key


def test_extremes_do_not_crash():
    every = ["Plain RNN (tanh)", "IRNN (ReLU, identity start)", "LSTM", "GRU", "RNN + attention"]
    at = run_until_done(open_page("training", len=200, hidden=128, steps=20, lr="3.0", clip="false", models=every,
                                  seed=9201))
    assert not at.exception and no_nan_in_charts(at)
    assert len(at.table[0].value) == 5
    at = run_until_done(open_page("training", len=5, hidden=8, steps=20, task="Remember the first symbol (one of 8)",
                                  lr="0.0001", seed=9202))
    assert not at.exception and no_nan_in_charts(at) and "accuracy" in "".join(at.table[0].value.columns)


def progress_texts(at) -> str:
    return "\n".join(p.proto.text for p in at.get("progress"))


def test_two_sessions_with_the_same_settings_share_one_run():
    params = dict(len=60, steps=300, models=["Plain RNN (tanh)"], seed=9301)
    a, b = open_page("training", **params), open_page("training", **params)
    a.button[0].click().run()
    b.button[0].click().run()
    assert "2 sessions watching" in progress_texts(b)  # b joined a's run rather than starting its own
    a, b = until_done(a), until_done(b)
    assert not a.exception and not b.exception
    assert a.table[0].value.equals(b.table[0].value) and chart_data(a) == chart_data(b)


def test_a_distinct_run_waits_in_the_queue_and_says_so():
    busy = open_page("training", len=150, steps=2000, models=["Plain RNN (tanh)", "GRU"], seed=9401)
    busy.button[0].click().run()  # two models: both workers busy
    other = open_page("training", len=150, steps=2000, models=["LSTM"], seed=9402)
    other.button[0].click().run()
    assert "LSTM: queued: 0 ahead, about" in progress_texts(other)
    other.button[1].click().run()  # Stop while queued
    assert not other.exception and list(other.table[0].value["outcome"]) == ["stopped"]
    busy.button[1].click().run()
    assert set(busy.table[0].value["outcome"]) == {"stopped"}
