"""AppTest for /chain: loads, every control changes the chart, the example button, bad input, URL state."""

import pytest

from tests.apptest import chart_data, no_nan_in_charts, open_page, texts


def summary(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**In numbers:**"))


def test_loads_with_two_charts_and_a_summary():
    at = open_page("chain")
    assert not at.exception
    assert len(chart_data(at)) == 2
    assert "After 20 Sigmoid layers" in summary(at)
    assert "never more than **0.25**" in texts(at)


@pytest.mark.parametrize("key,value", [("depth", 50), ("weight", 2.0), ("spread", 3.0), ("center", 1.5)])
def test_each_slider_changes_the_chart_data(key, value):
    at = open_page("chain")
    before = chart_data(at)
    at.slider(key=key).set_value(value).run()
    assert not at.exception
    assert chart_data(at) != before


def test_activation_and_seed_change_the_chart_data():
    at = open_page("chain")
    before = chart_data(at)
    at.selectbox(key="act").set_value("tanh").run()
    after_act = chart_data(at)
    assert after_act != before
    at.number_input(key="seed").set_value(7).run()
    assert chart_data(at) != after_act


def test_article_example_button_shows_the_product():
    at = open_page("chain")
    next(b for b in at.button if "article" in b.label).click().run()
    assert not at.exception
    assert "0.21 × 0.11 × 0.06 × 0.11 × 0.15 = 2.29 × 10⁻⁵" in texts(at)


def test_relu_preset_explodes():
    at = open_page("chain")
    next(b for b in at.button if "ReLU" in b.label).click().run()
    assert "exploded" in summary(at) and "3325" in summary(at)


@pytest.mark.parametrize("typed", ["0.2 banana", "", "nan", "1e999"])
def test_bad_typed_factors_show_an_error_not_an_exception(typed):
    at = open_page("chain", source="Numbers I type")
    at.text_input(key="factors").set_value(typed).run()
    assert not at.exception
    assert len(at.error) == 1


def test_url_opens_the_page_in_that_state():
    at = open_page("chain", act="ReLU", depth=30, weight=1.5, center=3, spread=0.5)
    assert not at.exception
    assert at.slider(key="depth").value == 30
    assert "After 30 ReLU layers" in summary(at) and "exploded" in summary(at)


def test_junk_in_the_url_falls_back_to_defaults():
    at = open_page("chain", act="softmaxx", depth="lots", weight="-7", spread="1e999")
    assert not at.exception
    assert at.slider(key="depth").value == 20 and at.selectbox(key="act").value == "sigmoid"


@pytest.mark.parametrize("query", [
    dict(act="Sigmoid", depth=100, spread=10.0),  # underflows past 10^-308
    dict(act="ReLU", depth=100, weight=4.0, center=5.0, spread=0.0),  # 4^100
    dict(act="tanh", depth=1, weight=0.0),
    dict(source="Numbers I type", factors="1e300 1e300 1e300"),  # overflows
])
def test_extremes_never_crash_and_never_put_nan_in_a_chart(query):
    at = open_page("chain", **query)
    assert not at.exception
    assert no_nan_in_charts(at)
    assert summary(at)
