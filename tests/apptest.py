"""Open one page of the app in Streamlit's AppTest, optionally with URL parameters, as a shared link would."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ui.site import ALL_PARAMS, GLOBAL_PARAMS
from ui.widgets import OPTIONS

ROOT = Path(__file__).resolve().parent.parent


def open_page(page: str, timeout: float = 60, **query) -> AppTest:
    """Run app.py straight onto pages/<page>.py with `query` in the URL (set before the first run, as a link does)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for k, v in query.items():
        at.query_params[k] = [str(x) for x in v] if isinstance(v, (list, tuple)) else str(v)
    if page != "home":
        at.switch_page(f"pages/{page}.py")
    at.run()
    return at


def charts(at: AppTest) -> list[dict]:
    """Every plotly chart on the page, as the figure dicts the browser receives."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def chart_data(at: AppTest) -> list:
    """Just the traces' data of every chart: what must change when a slider moves."""
    return [[{k: t.get(k) for k in ("x", "y", "z") if k in t} for t in c["data"]] for c in charts(at)]


def texts(at: AppTest) -> str:
    """All markdown, captions, info, warning, error and success text on the page, joined."""
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "latex"):
        parts += [str(e.value) for e in at.get(kind)]
    return "\n".join(parts)


def no_nan_in_charts(at: AppTest) -> bool:
    """True when no chart carries NaN or Infinity (plotly JSON would spell them out)."""
    for c in at.get("plotly_chart"):
        spec = c.proto.spec
        if "NaN" in spec or "Infinity" in spec:
            return False
    return True


KINDS = ("slider", "select_slider", "selectbox", "radio", "multiselect", "toggle", "text_input", "number_input")


def bound(at: AppTest) -> dict:
    """Every widget on the page whose value lives in the URL, by its URL key (Streamlit-bound ones, and the
    choices ui/widgets links by hand; not the router's global ones, like `present`)."""
    return {w.key: w for kind in KINDS for w in at.get(kind)
            if (getattr(w.proto, "query_param_key", "") or w.key in ALL_PARAMS) and w.key not in GLOBAL_PARAMS}


def raw_options(w) -> list:
    """The raw values behind a choice widget's shown labels (AppTest's set_value wants raw values)."""
    for opts in OPTIONS.get(w.key, []):
        if [str(w.format_func(o)) for o in opts] == [str(o) for o in w.options]:
            return list(opts)
    raise AssertionError(f"no raw options recorded for {w.key}")
