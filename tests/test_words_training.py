"""ui/training_words: verdicts quote what the run measured (fed runs of several kinds, not only the defaults)."""

from core.tasks import TASKS
from core.training import Progress
from ui import training_words as words
from ui.prose import prose


def verdict(*args):
    """The verdict with line breaks as spaces, as markdown shows it."""
    kind, text = words.verdict(*args)
    return kind, " ".join(text.split())


ADDING, SYMBOL = TASKS["adding"], TASKS["first_symbol"]


def run(first: float, last: float, score: float, outcome: str = "not solved", steps: int = 800) -> list[Progress]:
    mid = Progress(step=steps, loss=0.17, grad_norm=1.0, first_step_grad=first, last_step_grad=last)
    end = Progress(step=steps, loss=0.17, grad_norm=1.0, first_step_grad=first, last_step_grad=last, done=True,
                   outcome=outcome, score=score)
    return [mid, end]


def test_a_failed_plain_rnn_quotes_the_measured_ratio_when_it_did_not_vanish():
    kind, said = verdict("rnn", run(0.4, 1.0, 0.166), ADDING, 20, 0.02)
    assert kind == "expected" and "0.4 of what reaches the last input" in said and "towards zero" not in said


def test_a_failed_plain_rnn_says_vanished_only_with_a_vanished_ratio():
    kind, said = verdict("rnn", run(1e-6, 1.0, 0.166), ADDING, 40, 0.02)
    assert kind == "expected" and "only 1 × 10⁻⁶ of what reaches the last input" in said
    assert words.first_to_last(run(1e-6, 1.0, 0.166)) < words.VANISHED


def test_other_outcomes_keep_their_kinds():
    assert verdict("lstm", run(0.1, 1.0, 0.001, "solved"), ADDING, 40, 0.02)[0] == "solved"
    assert verdict("gru", run(0.1, 1.0, 0.16), ADDING, 40, 0.02)[0] == "surprise"
    kind, said = verdict("rnn", run(0.1, 1.0, float("nan"), "diverged"), ADDING, 40, 3.0)
    assert kind == "problem" and "5 of 5" in said  # the measured runs, not a promise that clipping helps
    assert verdict("rnn", run(0.5, 1.0, 0.2, "solved"), SYMBOL, 40, 0.02)[0] == "surprise"


def test_the_intro_states_the_average_miss_and_the_mean_squared_error_correctly():
    intro = " ".join(prose("training", "intro").split())
    assert "misses by 1/3 on average" in intro and "1/6 ≈ 0.167" in intro and "off by 1/6" not in intro


def test_the_adding_baseline_behind_the_intro():
    """Answering 1 to the sum of two U(0, 1) numbers: mean |miss| = 1/3, mean squared miss = 1/6."""
    import torch

    x, y = ADDING.sample(20000, 10, seed=0)
    miss = (y - 1.0).abs()
    assert abs(float(miss.mean()) - 1 / 3) < 0.01 and abs(float((miss**2).mean()) - 1 / 6) < 0.01
    assert isinstance(x, torch.Tensor)


def test_the_chart_sentences_quote_the_runs():
    hists = {"rnn": run(1e-3, 1.0, 0.16), "lstm": run(0.5, 1.0, 0.01)}
    assert "1 × 10⁻³ of what reaches the last input" in words.grad_sentence(hists)
    assert "Training loss" in words.loss_sentence(hists, ADDING, 40)


def test_the_saliency_sentence_quotes_last_over_first():
    end = Progress(step=10, loss=0.1, grad_norm=1.0, first_step_grad=0.1, last_step_grad=1.0, done=True,
                   outcome="solved", score=0.001, saliency=(0.01, 0.5, 2.0))
    dead = Progress(step=10, loss=0.1, grad_norm=1.0, first_step_grad=0.1, last_step_grad=1.0, done=True,
                    outcome="not solved", score=0.2, saliency=(0.0, 0.5, 2.0))
    said = " ".join(words.saliency_sentence({"lstm": [end], "rnn": [dead]}).split())
    assert "LSTM 200×" in said and "∞ (the first input has no measurable effect)" in said
