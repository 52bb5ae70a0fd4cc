"""Bounded memory: every Streamlit cache has max_entries, and session state holds only small plain values.

A class of thirty on one small server must not grow the process without bound: caches shared by everyone are
capped by entries (and expire where recomputing is cheap), and nothing large is kept per session.
"""

import ast
import pickle

import pytest

from tests.apptest import ROOT, open_page
from ui.site import PAGES

CACHES = {"cache_data", "cache_resource"}
SOURCES = [ROOT / "app.py"] + sorted(p for d in ("pages", "ui", "core", "benchmarks") for p in (ROOT / d).rglob("*.py"))
SMALL = 16_000  # bytes, pickled, per session-state value


def cache_uses(tree: ast.AST) -> list[tuple[int, bool]]:
    """(line, has max_entries) for every st.cache_data / st.cache_resource, used as decorator or call."""
    calls = {id(n.func): n for n in ast.walk(tree) if isinstance(n, ast.Call)}
    clearing = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "clear"}
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in CACHES and id(node) not in clearing:
            call = calls.get(id(node))
            uses.append((node.lineno, call is not None and any(k.arg == "max_entries" for k in call.keywords)))
    return uses


def test_the_scan_sees_bare_and_bounded_caches():
    code = ("@st.cache_data\ndef a(): ...\n@st.cache_resource(ttl=5)\ndef b(): ...\n"
            "@st.cache_data(max_entries=3)\ndef c(): ...\nd = st.cache_resource(lambda: 1)\nst.cache_data.clear()\n")
    assert cache_uses(ast.parse(code)) == [(1, False), (3, False), (5, True), (7, False)]


def test_every_cache_in_the_app_has_max_entries():
    found, unbounded = 0, []
    for path in SOURCES:
        for line, bounded in cache_uses(ast.parse(path.read_text(), str(path))):
            found += 1
            if not bounded:
                unbounded.append(f"{path.relative_to(ROOT)}:{line}")
    assert found >= 5  # the pages do cache: the scan must see them
    assert not unbounded, f"caches without max_entries: {unbounded}"


def small(value) -> int:
    return len(pickle.dumps(value))


@pytest.mark.parametrize("page", [p.url for p in PAGES])
def test_session_state_holds_no_large_values(page):
    at = open_page(page)
    assert not at.exception
    sizes = {k: small(v) for k, v in at.session_state.items()}
    assert all(n < SMALL for n in sizes.values()), sizes


def test_a_training_session_keeps_settings_not_histories():
    at = open_page("training", len=6, steps=20, models=["GRU"], hidden=8, seed=9501)
    at.button[0].click().run()
    state = at.session_state
    assert len(state["train_cfgs"]) == 1 and isinstance(state["train_watcher"], str)
    assert all(small(v) < SMALL for v in state.values())
