"""A handout to keep: every chart's data as CSV, and the whole view as one self-contained HTML file.

During a run, `figures.show` records each chart and `text.summary` each "In numbers" sentence here (in session
state while the page runs; `view_button` takes them out again). After the page has run, app.py calls `view_button()`,
which offers the page's charts (interactive plotly with plotly.js inside the file, so it opens with the network
off), their sentences, the settings and the link that reopens the view. Files are built only when clicked.
"""

from __future__ import annotations

import csv
import html
import io
import re

import plotly.graph_objects as go
import streamlit as st

from ui import links, site

_RUN = "vgl_handout"  # session-state key: {"page": url, "items": {key: ("chart", fig) | ("text", sentence)},
#                       "settings": {URL key: (label, value as shown)}}
_COUNTS = "vgl_handout_counts"  # what the last view's file holds, in counts (the record itself is gone by then)
_WORDS = "vgl_handout_settings"  # the last view's settings as its file names them, {URL key: (label, shown value)}


def begin(url: str) -> None:
    """Start a fresh record for this run of page `url` (app.py, before the page runs)."""
    st.session_state[_RUN] = {"page": url, "items": {}, "last": "", "settings": {}}


def _record() -> dict:
    """This run's record; outside a full run (a fragment redrawing alone) a throwaway one, so nothing piles up."""
    rec = st.session_state.get(_RUN)
    return rec if rec is not None else {"page": site.current(), "items": {}, "last": ""}


def add_chart(key: str, fig: go.Figure) -> None:
    """Remember a chart drawn in this run (a fragment redrawing it replaces its entry, in place)."""
    rec = _record()
    rec["items"][f"chart:{key}"] = ("chart", fig)
    rec["last"] = key


def add_setting(key: str, label: str, shown: str) -> None:
    """Remember how a control drawn in this run shows its setting: its label and its value in words
    (ui/widgets calls this for every URL-bound control), so the handout lists "Activation: ReLU", not "act: relu"."""
    _record().setdefault("settings", {})[key] = (label, shown)


def add_text(sentence: str) -> None:
    """Remember an "In numbers" sentence, filed under the chart drawn just before it."""
    rec = _record()
    n = sum(1 for k in rec["items"] if k.startswith(f"text:{rec['last']}:"))
    rec["items"][f"text:{rec['last']}:{n}"] = ("text", sentence)


def slug(text: str) -> str:
    """Words of a title as a file-name part: 'Gradient size, step by step' → 'gradient-size-step-by-step'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48].strip("-")


def csv_name(page: str, key: str, fig: go.Figure) -> str:
    """A clear file name for a chart's data: the page, then the chart's title (or its key) in words."""
    title = fig.layout.title.text or ""
    return f"{page}-{slug(re.sub(r'<[^>]+>', ' ', title)) or slug(key.removesuffix('_chart'))}.csv"


def _axis_title(axis, fallback: str) -> str:
    text = axis.title.text if axis and axis.title else None
    return re.sub(r"<[^>]+>", " ", text).strip() if text else fallback


def y_titles(fig: go.Figure) -> list[str]:
    """The words of a chart's y-axis titles, each once, from the top panel down (one for a chart of one panel)."""
    axes: list = []
    fig.for_each_yaxis(axes.append)
    axes.sort(key=lambda ax: -(ax.domain[1] if ax.domain else 1))
    return list(dict.fromkeys(t for t in (_axis_title(ax, "") for ax in axes) if t))


def chart_csv(fig: go.Figure) -> str:
    """A chart's data as CSV with headers in words: one row per point, the series named in the first column."""
    x_name = _axis_title(fig.layout.xaxis, "x")
    y_name = " / ".join(y_titles(fig)) or "y"  # a chart of panels: each title, the series say which
    out = io.StringIO()
    w = csv.writer(out)
    heat = any(getattr(t, "z", None) is not None for t in fig.data)
    w.writerow(["series", x_name, y_name] + (["value (colour)"] if heat else []))
    for i, t in enumerate(fig.data):
        name = t.name or f"series {i + 1}"
        z = getattr(t, "z", None)
        if z is not None:
            xs, ys = list(t.x) if t.x is not None else None, list(t.y) if t.y is not None else None
            for r, row in enumerate(z):
                for c, v in enumerate(row):
                    w.writerow([name, xs[c] if xs else c, ys[r] if ys else r, _cell(v)])
            continue
        xs = list(t.x) if getattr(t, "x", None) is not None else []
        ys = list(t.y) if getattr(t, "y", None) is not None else []
        for j in range(max(len(xs), len(ys))):
            if (xs[j] if j < len(xs) else None) is None and (ys[j] if j < len(ys) else None) is None:
                continue  # no numbers at all (a legend's key line): nothing to write
            w.writerow([name, _cell(xs[j] if j < len(xs) else ""), _cell(ys[j] if j < len(ys) else "")]
                       + ([""] if heat else []))
    return out.getvalue()


def _cell(v) -> str:
    """A CSV cell: numbers as repr-exact text, gaps (None, NaN) left empty."""
    if v is None:
        return ""
    if isinstance(v, float):
        return "" if v != v else repr(v)
    return str(v)


def settings() -> dict:
    """The page's own settings as they stand in this run (its URL keys and their widget values)."""
    page = site.BY_URL.get(_record()["page"])
    if page is None:
        return {}
    state = st.session_state
    return {k: state[k] for k in page.params if k in state}


def view_link(page: str, values: dict) -> str:
    """The address that reopens this view: the page's path and its settings as URL parameters."""
    base = ""
    try:
        url = st.context.url or ""
        m = re.match(r"^(https?://[^/]+)", url)
        base = m.group(1) if m else ""
    except Exception:  # noqa: BLE001 - no browser context (tests): a relative link still works once served
        base = ""
    return base + links.page_link(page, **values)


def _url_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def view_html(page: str, items: list[tuple[str, object]], values: dict, link: str,
              words: dict[str, tuple[str, str]] | None = None) -> str:
    """One self-contained HTML page: title, settings, link, and each chart (interactive) with its sentences.

    `words` names each setting as the page showed it, {URL key: (control's label, value as shown)}; a setting
    without words is listed by its URL key and value."""
    from plotly.offline import get_plotlyjs

    spec = site.BY_URL.get(page)
    title = spec.title if spec else page
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)} · Vanishing Gradient Lab</title>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#111}"
        "dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1.2em}dt{font-weight:bold}dd{margin:0}"
        ".numbers{font-size:1.05em}</style>",
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head><body>",
        f"<h1>{html.escape(title)}</h1><p>A handout from the Vanishing Gradient Lab. "
        f"Reopen this exact view: <a href='{html.escape(link)}'>{html.escape(link)}</a></p>",
    ]
    if values:
        words = words or {}
        rows = []
        for k, v in values.items():
            raw = ", ".join(map(_url_value, v)) if isinstance(v, list) else _url_value(v)
            label, shown = words.get(k, (k, raw))
            rows.append(f"<dt title='{html.escape(k)} in the link'>{html.escape(label)}</dt>"
                        f"<dd>{html.escape(shown)}</dd>")
        parts.append("<h2>Settings</h2><dl>" + "".join(rows) + "</dl>")
    for kind, thing in items:
        if kind == "chart":
            parts.append(thing.to_html(full_html=False, include_plotlyjs=False, config={"displaylogo": False}))
        else:
            parts.append(f"<p class='numbers'><b>In numbers:</b> {html.escape(_plain(str(thing)))}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _plain(markdown: str) -> str:
    """Markdown emphasis off (the sentence is printed as text)."""
    return markdown.replace("**", "").replace("__", "")


def view_button(where=None) -> None:
    """The "Download this view" button (app.py, after the page ran): the file is built only when pressed.

    The record leaves session state here: only the button's own callable keeps this one view's charts, until the
    next run replaces it, so a session never holds more than the view it shows."""
    rec = st.session_state.pop(_RUN, None) or _record()
    items = list(rec["items"].values())
    st.session_state[_COUNTS] = {"page": rec["page"], "charts": sum(k == "chart" for k, _ in items),
                                 "texts": sum(k == "text" for k, _ in items)}
    words = st.session_state[_WORDS] = dict(rec.get("settings", {}))
    if not any(kind == "chart" for kind, _ in items):
        return
    page, values = rec["page"], settings()
    link = view_link(page, values)
    (where or st).download_button(
        "⬇ Download this view (HTML)", lambda: view_html(page, items, values, link, words),
        file_name=f"{page}-view.html", mime="text/html", key="vgl_view_download", on_click="ignore",
        help="One file with this page's charts (interactive, opens without internet), their numbers, the "
             "settings and the link that reopens this view.")


def csv_button(key: str, fig: go.Figure, where=None) -> None:
    """One chart's "data as CSV" button (figures.show draws it under every chart)."""
    page = _record()["page"]
    (where or st).download_button(
        "⬇ Data (CSV)", lambda: chart_csv(fig), file_name=csv_name(page, key, fig), mime="text/csv",
        key=f"{key}__csv", on_click="ignore", type="tertiary",
        help="This chart's numbers as a spreadsheet file: one row per point, the line's name first.")
