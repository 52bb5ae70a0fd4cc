"""The app as a whole: every page opens through app.py's router, in any order, with no exception."""

import ast
from pathlib import Path

import pytest

from tests.apptest import ROOT, open_page
from ui import site

PAGES = [p.url for p in site.PAGES]


def test_the_page_table_keeps_the_shared_urls_and_every_page_has_its_files():
    assert {"home", "chain", "activations", "bptt", "deep", "training"} <= set(PAGES)  # links already shared
    for p in site.PAGES:
        assert (ROOT / p.file).exists() and (ROOT / "pages" / f"{p.url}.md").exists(), p.url


def test_the_router_builds_its_navigation_from_the_table():
    app = (ROOT / "app.py").read_text()
    assert "site.navigation()" in app and "site.arrive(page.url_path)" in app


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_through_the_router_on_every_rerun(page):
    at = open_page(page)
    assert not at.exception
    for _ in range(2):  # AppTest drops back to Streamlit's pages-folder mode before each run
        assert any("Reset this page" in m.value for m in at.sidebar.markdown), "app.py's sidebar is missing"
        at.run()
        assert not at.exception


def first_statement_after_imports(source: str) -> ast.stmt:
    """The first module-level statement that runs something: docstring and imports skipped."""
    body = ast.parse(source).body
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue
        return node
    raise AssertionError("the page has no statement besides imports")


def is_guard_call(node: ast.stmt) -> bool:
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name) and node.value.func.id == "use_app_router")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_calls_the_router_guard_first(page):
    source = Path(ROOT / "pages" / f"{page}.py").read_text()
    assert is_guard_call(first_statement_after_imports(source)), f"pages/{page}.py must call use_app_router() first"


def test_the_guard_check_rejects_a_page_that_draws_before_the_guard():
    late = 'import streamlit as st\nfrom ui.router import use_app_router\nst.title("x")\nuse_app_router()\n'
    assert not is_guard_call(first_statement_after_imports(late))


def test_core_never_imports_streamlit():
    for path in (ROOT / "core").glob("*.py"):
        text = path.read_text()
        assert "import streamlit" not in text and "from streamlit" not in text, path.name


def test_prose_sections_exist_for_every_page():
    for page in PAGES:
        assert (ROOT / "pages" / f"{page}.md").exists(), f"pages/{page}.md"


def test_a_page_that_fails_outside_its_own_boundaries_shows_a_sentence_and_logs_it(monkeypatch, caplog):
    """app.py's last boundary: no Streamlit exception box, a plain sentence, the traceback in the server log."""
    from ui import text

    def broken(*_args, **_kwargs):
        raise ValueError("a bug the page did not expect")

    monkeypatch.setattr(text, "show", broken)  # home calls text.show outside any boundary of its own
    with caplog.at_level("ERROR", logger="vgl"):
        at = open_page("home")
    assert not at.exception
    assert any("Something went wrong while showing" in e.value for e in at.error)
    assert any(r.exc_info and "a bug the page did not expect" in str(r.exc_info[1]) for r in caplog.records)
    assert any("Reset this page" in m.value for m in at.sidebar.markdown), "the sidebar stays"
