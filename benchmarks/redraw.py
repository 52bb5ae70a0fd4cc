"""Slider-to-redraw in real Chromium: the time from a key press on a slider to new plotly data on screen.

Measured for our pages and, in the same run, for a bare one-slider page (benchmarks/bare_app.py): the
ratio is what we report (target ≤ 1.5×), since absolute times depend on the machine.

It also measures the in-chart sweep of /chain, /bptt and /deep (at their default settings, where the sweep is
precomputed; ui/sweep.py): the time from a mousedown on the in-chart slider's rail to the chart's line changing,
timed inside the page (performance.now() in a capturing mousedown listener and a MutationObserver), as a ratio to
the bare page's server round trip (target ≤ 0.25×); and, for one drag held across the whole rail, how many times
the chart was redrawn against how many steps the slider landed on (target: one redraw per step).

    .venv/bin/python -m benchmarks.redraw                   # every page at its heavy settings, the sweeps, the floor
    .venv/bin/python -m benchmarks.redraw --presses 30 --only chain
    .venv/bin/python -m benchmarks.redraw --presses 3 --sweep-presses 5 --only bptt    # a quick sanity check
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
    "chain": ("/chain?depth=60&act=sigmoid", "Depth (layers)", 0),  # the stage's main control and chart
    "activations": ("/activations?fn=tanh", "Show inputs from −x to x", 1),
    "bptt": ("/bptt?steps=200&hidden=64", "Weight scale", 0),
    "deep": ("/deep?depth=50&width=256", "Depth (layers)", 0),
}

# page name -> path whose main chart carries an in-chart sweep (the page's defaults: the budget keeps it cheap there)
SWEEPS: dict[str, str] = {"chain": "/chain", "bptt": "/bptt", "deep": "/deep"}

# Installed once in the page: the sweep chart's index, the time of every mousedown, every change of its lines' paths
# and every step the slider lands on (plotly_sliderchange), all timed with performance.now() inside the page.
_WATCH_SWEEP = """() => {
  const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
  const i = plots.findIndex(p => p.layout && p.layout.sliders && p.layout.sliders.length > 0);
  if (i < 0) return -1;
  const p = plots[i];
  const lines = () => Array.from(p.querySelectorAll('.scatterlayer path.js-line')).map(e => e.getAttribute('d'))
    .join('|');
  const w = window.__sweep = {down: [], changed: [], landed: [], last: lines()};
  window.addEventListener('mousedown', () => w.down.push(performance.now()), true);
  new MutationObserver(() => {
    const now = lines();
    if (now !== w.last) { w.last = now; w.changed.push(performance.now()); }
  }).observe(p.querySelector('.cartesianlayer') || p, {subtree: true, attributes: true, childList: true});
  p.on('plotly_sliderchange', (e) => w.landed.push(e.step._index));
  return i;
}"""
_SWEEP_COUNTS = "() => [window.__sweep.down.length, window.__sweep.changed.length, window.__sweep.landed.length]"


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
    with opened(base_url + path) as page:
        return _press_times(page, slider_label, chart_index, presses, new_values)


@contextmanager
def opened(url: str):
    """A fresh headless Chromium showing `url`, once Streamlit has finished its first run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(url)
            wait_for_app(page)
            yield page
        finally:
            browser.close()


def floor(presses: int = 20) -> list[float]:
    """Slider-to-redraw on the bare one-slider page."""
    with server(BARE_APP) as url:
        return measure_redraw(url, "/", "Frequency", presses)


def _rail(page, index: int) -> dict:
    rail = page.locator(".js-plotly-plot").nth(index).locator(".slider-rail-touch-rect").first
    rail.scroll_into_view_if_needed()
    return rail.bounding_box()


def measure_sweep(base_url: str, path: str, presses: int = 20) -> tuple[list[float], int, int, int]:
    """The in-chart sweep of `path`: milliseconds from each mousedown on the rail to the chart's lines changing
    (presses alternate between a quarter and three quarters of the rail, after two warm-ups), then one drag held
    across the whole rail: (times, chart redraws during the drag, steps landed on, steps in the sweep)."""
    with opened(base_url + path) as page:
        page.wait_for_function("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                               ".some(p => p.layout && p.layout.sliders && p.layout.sliders.length)",
                               timeout=60_000)
        index = page.evaluate(_WATCH_SWEEP)
        box = _rail(page, index)
        y = box["y"] + box["height"] / 2
        times = []
        for i in range(presses + 2):
            down, changed, _ = page.evaluate(_SWEEP_COUNTS)
            page.mouse.move(box["x"] + box["width"] * (0.25 if i % 2 == 0 else 0.75), y)
            page.mouse.down()
            page.wait_for_function(f"() => window.__sweep.changed.length > {changed}", timeout=10_000)
            page.mouse.up()
            if i >= 2:
                times.append(page.evaluate("([c, d]) => window.__sweep.changed[c] - window.__sweep.down[d]",
                                           [changed, down]))
        n_steps = page.evaluate(f"() => document.querySelectorAll('.js-plotly-plot')[{index}]"
                                ".layout.sliders[0].steps.length")
        page.mouse.move(box["x"] + 1, y)  # start on the first step, then hold the button across the rail
        page.mouse.down()
        page.mouse.up()
        page.wait_for_timeout(200)
        _, changed, landed = page.evaluate(_SWEEP_COUNTS)
        page.mouse.down()
        moves = 3 * n_steps  # several moves per step, so the slider lands on every one of them
        for k in range(1, moves + 1):
            page.mouse.move(box["x"] + 1 + (box["width"] - 2) * k / moves, y)
        page.mouse.up()
        page.wait_for_timeout(300)
        _, changed_after, landed_after = page.evaluate(_SWEEP_COUNTS)
        return times, changed_after - changed, landed_after - landed, n_steps


def sweep_report(name: str, times: list[float], redraws: int, landed: int, steps: int,
                 floor_median: float) -> str:
    med = statistics.median(times)
    return (f"{name + ' sweep':<14} median {med:7.1f} ms   p90 {sorted(times)[int(0.9 * (len(times) - 1))]:7.1f} ms   "
            f"ratio to bare page {med / floor_median:5.2f}× (target ≤ 0.25×)   (n={len(times)})\n"
            f"{'':<14} one drag across the rail: {redraws} redraws for {landed} steps landed on "
            f"({steps} steps in the sweep; target: one redraw per step)")


def report(name: str, times: list[float], floor_median: float | None) -> str:
    med = statistics.median(times)
    ratio = f"{med / floor_median:5.2f}×" if floor_median else "   —  "
    return f"{name:<14} median {med:7.1f} ms   p90 {sorted(times)[int(0.9 * (len(times) - 1))]:7.1f} ms   " \
           f"ratio to bare page {ratio}   (n={len(times)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--presses", type=int, default=20)
    ap.add_argument("--only", nargs="*", help="page names to measure (default: all)")
    ap.add_argument("--sweep-presses", type=int, default=20, help="mousedowns on each in-chart sweep (0: none)")
    args = ap.parse_args()
    base = floor(args.presses)
    floor_median = statistics.median(base)
    print(report("bare page", base, None))
    with server(ROOT / "app.py") as url:
        for name, (path, label, chart) in PAGES.items():
            if args.only and name not in args.only:
                continue
            print(report(name, measure_redraw(url, path, label, args.presses, chart), floor_median), flush=True)
        for name, path in SWEEPS.items():
            if args.sweep_presses <= 0 or (args.only and name not in args.only):
                continue
            print(sweep_report(name, *measure_sweep(url, path, args.sweep_presses), floor_median), flush=True)


if __name__ == "__main__":
    main()
