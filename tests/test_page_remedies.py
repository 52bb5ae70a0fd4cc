"""What fixes it: one row per remedy the articles name, each with a number measured now and a working link."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from core import deepnet
from core.fmt import sci
from tests.apptest import open_page
from ui.links import url_value
from ui.site import BY_URL

REMEDIES = ["Xavier / Glorot", "He initialisation", "Gradient clipping", "ReLU", "Leaky ReLU", "PReLU", "ELU",
            "Skip connections", "Batch normalisation", "LSTM", "GRU", "Attention"]


@pytest.fixture(scope="module")
def at():
    page = open_page("remedies")
    assert not page.exception
    return page


def rows(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("**Measured now:**")]


def test_a_row_per_remedy_each_with_a_measured_number(at):
    heads = "\n".join(m.value for m in at.markdown if m.value.startswith("#### "))
    for name in REMEDIES:
        assert name in heads, name
    measured = rows(at)
    assert len(measured) == 9
    for line in measured:
        assert "→" in line and re.search(r"\d", line.split("→")[1]), line
    assert not at.error


def test_clipping_is_for_exploding_only_and_revives_nothing(at):
    heads = [m.value for m in at.markdown if m.value.startswith("#### ")]
    clip = next(h for h in heads if "Gradient clipping" in h)
    assert "exploding" in clip and "vanishing" not in clip
    line = next(r for r in rows(at) if "clipped at 1" in r)
    before, after = re.search(r"share is (.+?) of step 50's before clipping and \*\*(.+?)\*\* after", line).groups()
    assert before == after


def test_batch_norm_row_says_what_core_measures(at):
    cfg = deepnet.DeepNetConfig(depth=30, width=256, activation="sigmoid", init="xavier", batch=128, seed=0)
    before, after = (deepnet.layer_gradient_stats(c) for c in deepnet.remedy_pair(cfg, "batch_norm"))
    line = next(r for r in rows(at) if "with batch norm" in r)
    ratio = (sci(s.grad_std[0] / s.grad_std[-1]) for s in (before, after))
    assert "{} → **{}**".format(*ratio) in line


def links(at) -> list[str]:
    return [u for m in at.markdown for u in re.findall(r"\]\((/[^)]+)\)", m.value) if "See it before" in m.value]


def test_every_link_opens_its_page_with_the_settings_it_names(at):
    found = links(at)
    assert len(found) == 9
    for link in found:
        url = urlsplit(link)
        page = url.path.strip("/")
        query: dict[str, list[str]] = {}
        for k, v in parse_qsl(url.query):
            query.setdefault(k, []).append(v)
        assert set(query) <= set(BY_URL[page].params), link
        target = open_page(page, **{k: v if len(v) > 1 or k in ("cells", "models", "compare") else v[0]
                                    for k, v in query.items()})
        assert not target.exception, link
        got = {k: target.session_state[k] for k in BY_URL[page].params if k in target.session_state}
        for key, want in query.items():  # the page took each value (a refused one falls back to the default)
            value = got[key]
            shown = [url_value(page, key, v) for v in value] if isinstance(value, list) else \
                [url_value(page, key, value)]
            assert shown == want or [str(float(s)) for s in shown] == [str(float(w)) for w in want], (link, key)
