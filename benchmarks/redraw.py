"""Slider-to-redraw in real Chromium: the time from a key press on a slider to new plotly data on screen.

Measured for our pages and, in the same run, for a bare one-slider page (benchmarks/bare_app.py): the
ratio is what we report (target ≤ 1.5×), since absolute times depend on the machine.

    .venv/bin/python -m benchmarks.redraw                   # every page at its heavy settings, plus the floor
    .venv/bin/python -m benchmarks.redraw --presses 30 --only chain
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start_streamlit, wait_for_app

BARE_APP = Path(__file__).resolve().parent / "bare_app.py"

# page name -> (path with URL parameters, slider label, chart index to watch)
PAGES: dict[str, tuple[str, str, int]] = {
    "chain": ("/chain?depth=100&act=Sigmoid", "Spread of the inputs to each layer", 1),
    "activations": ("/activations?fn=tanh", "Show inputs from −x to x", 1),
    "bptt": ("/bptt?steps=200&hidden=64", "Weight scale", 0),
    "deep": ("/deep?depth=50&width=256", "Depth (layers)", 0),
}

# A cheap fingerprint of a chart's data: changes when the traces change, costs little to compute per frame.
_FINGERPRINT = """(i) => { const p = document.querySelectorAll('.js-plotly-plot')[i];
  if (!p || !p.data) return null;
  return JSON.stringify(p.data.map(t => [t.type, t.x ? t.x.length : 0,
     t.y && t.y.slice ? t.y.slice(0, 400) : t.y, t.z ? JSON.stringify(t.z).slice(0, 4000) : 0])); }"""


@contextmanager
def server(app: Path):
    port = free_port()
    proc = start_streamlit(app, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _press_times(page, slider_label: str, chart_index: int, presses: int, new_values: bool = False) -> list[float]:
    slider = page.locator(f'input[type="range"][aria-label="{slider_label}"]').first
    slider.wait_for(state="attached", timeout=60_000)
    page.wait_for_function(f"() => document.querySelectorAll('.js-plotly-plot').length > {chart_index}",
                           timeout=60_000)
    times = []
    for i in range(presses + 2):  # two warm-up presses are not counted
        before = page.evaluate(_FINGERPRINT, chart_index)
        slider.focus()
        t0 = time.perf_counter()
        page.keyboard.press("ArrowRight" if new_values or i % 2 == 0 else "ArrowLeft")
        page.wait_for_function(f"(prev) => ({_FINGERPRINT})({chart_index}) !== prev", arg=before,
                               polling="raf", timeout=30_000)
        elapsed = (time.perf_counter() - t0) * 1000
        if i >= 2:
            times.append(elapsed)
        wait_for_app(page)
    return times


def measure_redraw(base_url: str, path: str, slider_label: str, presses: int = 20, chart_index: int = 0,
                   new_values: bool = False) -> list[float]:
    """Milliseconds from each slider key press to changed plotly data, `presses` times (after two warm-ups).

    Presses alternate right/left, so after the warm-ups both values are cached (the common case of a
    learner nudging a slider); new_values=True always moves right, so every redraw computes afresh.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(base_url + path)
            wait_for_app(page)
            return _press_times(page, slider_label, chart_index, presses, new_values)
        finally:
            browser.close()


def floor(presses: int = 20) -> list[float]:
    """Slider-to-redraw on the bare one-slider page."""
    with server(BARE_APP) as url:
        return measure_redraw(url, "/", "Frequency", presses)


def report(name: str, times: list[float], floor_median: float | None) -> str:
    med = statistics.median(times)
    ratio = f"{med / floor_median:5.2f}×" if floor_median else "   —  "
    return f"{name:<14} median {med:7.1f} ms   p90 {sorted(times)[int(0.9 * (len(times) - 1))]:7.1f} ms   " \
           f"ratio to bare page {ratio}   (n={len(times)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--presses", type=int, default=20)
    ap.add_argument("--only", nargs="*", help="page names to measure (default: all)")
    args = ap.parse_args()
    base = floor(args.presses)
    floor_median = statistics.median(base)
    print(report("bare page", base, None))
    with server(ROOT / "app.py") as url:
        for name, (path, label, chart) in PAGES.items():
            if args.only and name not in args.only:
                continue
            print(report(name, measure_redraw(url, path, label, args.presses, chart), floor_median), flush=True)


if __name__ == "__main__":
    main()
