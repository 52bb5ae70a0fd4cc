"""Slider-to-redraw in real Chromium: the time from a key press on a slider to new plotly data on screen.

Measured for our pages and, in the same run, for a bare one-slider page (benchmarks/bare_app.py): the
ratio is what we report (target ≤ 1.5×), since absolute times depend on the machine. Each page's presses take turns
with presses on the bare page (measure_paired), so both see the machine in the same state: measured one after the
other, the bare page's median alone moved between 80 and 130 ms from run to run.

It also measures the in-chart sweep of /chain, /bptt and /deep (at their default settings, where the sweep is
precomputed; ui/sweep.py): the time from a mousedown on the in-chart slider's rail to the chart's line changing,
timed inside the page (performance.now() in a capturing mousedown listener and a MutationObserver), as a ratio to
the bare page's server round trip (target ≤ 0.25×); and, for one drag held across the whole rail, how many times
the chart was redrawn against how many steps the slider landed on (target: one redraw per step).

Plotly's slider acts on a press at the browser's next animation frame, so a step's time depends on where in a frame
(16.7 ms at 60 Hz) the press lands. A person's press lands anywhere; Playwright's (its real mouse) lands just after a
frame has begun, every time: Chromium hands the pointer move before it to the page with a frame, and the press
follows at once, so it waits almost a whole frame (14 ms of a 19 ms step on /chain). So the sweep is timed both ways:
"any moment", the headline, with presses spread evenly over a frame (a mousedown dispatched in the page, 0 to 16 ms
after a frame began, on the rail where the mouse would press it); and "just after a frame", the real mouse, the
worst case.

Each page's line is followed by a "whole page" line: the time from the same key press to the page's last chart
showing new data (the charts below the fold included): what the class watches, and when the page has caught up.
Each press waits for that before the next, so no press lands while the page is still drawing (a press then stops
the run's last charts from being drawn at all, which flattered a heavy page).

The guided tour (/tour) is measured as its reader uses it: the time from pressing "Next →" on one step to the next
step's chart data on screen, and the same for its one slider, "Tour step", moved between the same two steps (the
tour's charts have no slider of their own), each press in turn with one on the bare page, as for the pages. Some
steps ask a guess first and draw no chart until it is answered;
the benchmark presses "Just show me" on those once, before timing (the choice stays for the session), and says so
plainly, instead of waiting out a timeout, if a page shows no chart to watch.

    .venv/bin/python -m benchmarks.redraw                   # every page at its heavy settings, the sweeps, the floor
    .venv/bin/python -m benchmarks.redraw --presses 30 --only chain
    .venv/bin/python -m benchmarks.redraw --presses 3 --sweep-presses 5 --only bptt    # a quick sanity check
    .venv/bin/python -m benchmarks.redraw --presses 3 --sweep-presses 0 --only tour    # the tour alone
"""

from __future__ import annotations

import argparse
import math
import statistics
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start_streamlit, wait_for_app
from ui.tour_steps import COUNT as TOUR_STEPS

BARE_APP = Path(__file__).resolve().parent / "bare_app.py"

# page name -> (path with URL parameters, slider label, chart index to watch)
PAGES: dict[str, tuple[str, str, int]] = {
    "chain": ("/chain?depth=60&act=sigmoid", "Depth (layers)", 0),  # the stage's main control and chart
    "activations": ("/activations?fn=tanh", "Show inputs from −x to x", 0),  # one chart: the function above its slope
    "bptt": ("/bptt?steps=200&hidden=64", "Weight scale", 0),
    "deep": ("/deep?depth=50&width=256", "Depth (layers)", 0),
}

# The tour: "Next →" from this step to the one after, and its "Tour step" slider between the same two. Step 8 (batch
# norm and skip connections, two /deep comparisons at depth 30) draws its charts on arrival; step 7 asks a guess
# first (and so has no chart when opened by a link: `/tour?step=7` alone gives a slider benchmark nothing to watch).
TOUR_STEP = 7
TOUR_SLIDER = "Tour step"
SKIP = "Just show me"  # the button a tour step that asks a guess first offers to show its chart at once

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
FRAME_MS = 1000 / 60
SWEEP_IDLE_MS = 100  # the page left idle between two presses at "any moment", as between two clicks of a person's
# A press on the rail at (x, y), `offset` ms after a frame began: a mousedown dispatched to what lies there (the
# rail's touch area, which plotly listens on), as a mouse would; resolves with that element's class.
_PRESS_AT = """([x, y, offset]) => new Promise(done => requestAnimationFrame(() => setTimeout(() => {
  const target = document.elementFromPoint(x, y);
  target.dispatchEvent(new MouseEvent('mousedown', {bubbles: true, cancelable: true, view: window, clientX: x,
                                                    clientY: y, button: 0, buttons: 1}));
  done(target.getAttribute('class'));
}, offset)))"""
_RELEASE = """([x, y]) => window.dispatchEvent(new MouseEvent('mouseup', {bubbles: true, view: window, clientX: x,
                                                                        clientY: y}))"""


# A cheap fingerprint of a chart's data: changes when the traces change, costs little to compute per frame.
# [i, visible]: the i-th chart of the page (in page order, of the charts laid out: while a run goes on, Streamlit keeps
# a replaced chart in the page, not displayed), or (visible) the i-th of those on screen: while a tour step computes, a
# chart of the step before may linger. Null while that chart is not on screen yet: Streamlit mounts a changed chart
# afresh and may draw it once hidden, before it knows its width, then again where the reader sees it; the time that
# counts is when it can be seen.
_FINGERPRINT = """([i, visible]) => {
  const shown = (e) => e && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden';
  const all = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
    .filter(c => c.getClientRects().length).map(c => c.querySelector('.js-plotly-plot'));
  const p = (visible ? all.filter(shown) : all).at(i);
  if (!shown(p) || !p.data) return null;
  return JSON.stringify(p.data.map(t => [t.type, t.x ? t.x.length : 0,
     t.y && t.y.slice ? t.y.slice(0, 400) : t.y, t.z ? JSON.stringify(t.z).slice(0, 4000) : 0])); }"""

# Polled after an action: 'drawn' once the watched chart shows data other than `prev`; 'asks' when the run has
# finished with no such chart and a "Just show me" button on screen (a tour step waiting for its guess); else false.
_SETTLED = f"""([i, visible, prev]) => {{
  const now = ({_FINGERPRINT})([i, visible]);
  if (now !== null && now !== prev) return 'drawn';
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;  // still running: nothing to ask yet
  const asks = Array.from(document.querySelectorAll('button'))
    .some(b => b.textContent.trim() === '{SKIP}' && b.getClientRects().length);
  return asks ? 'asks' : false; }}"""


# A pause after every press, before the next one (on either page): what a run leaves behind (a chart's second draw
# at its measured width, the server tidying up) must not land in the next press's time, least of all in the bare
# page's when it takes turns with a heavy page (that flattered the heavy page's ratio by about a fifth).
SETTLE_MS = 300


class NoChart(RuntimeError):
    """The page shows no chart to watch (or it never changed): said in a sentence, not as a bare timeout."""


def _await_chart(page, chart_index: int, before, visible: bool, what: str, timeout_ms: int = 30_000,
                 skip: bool = False) -> None:
    """Wait until the watched chart shows new data; raise NoChart saying why when it cannot. With skip, a step
    that asks a guess first gets "Just show me" pressed, and its chart is waited for."""
    try:
        state = page.wait_for_function(_SETTLED, arg=[chart_index, visible, before], polling="raf",
                                       timeout=timeout_ms).json_value()
    except PlaywrightTimeout:
        raise NoChart(f"{what}: chart {chart_index + 1} on {page.url} showed no new data within "
                      f"{timeout_ms / 1000:.0f} s") from None
    if state == "asks" and skip:
        button = page.get_by_role("button", name=SKIP).first
        button.click()
        button.wait_for(state="detached", timeout=60_000)
        _await_chart(page, chart_index, before, visible, what, timeout_ms)
    elif state == "asks":
        raise NoChart(f"{what}: {page.url} asks a guess first and draws no chart until it is answered "
                      f"(the '{SKIP}' button is on screen); pick a step that draws its chart on arrival, or "
                      f"press '{SKIP}' before timing")


def _wait_for_chart(page, chart_index: int, visible: bool = False, skip: bool = False) -> None:
    """The first run is over and the chart to watch is on screen (or NoChart, saying why)."""
    wait_for_app(page)
    _await_chart(page, chart_index, None, visible, "on opening", skip=skip)
    wait_for_app(page)


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


def _slider(page, slider_label: str, chart_index: int, visible: bool = False):
    """The slider labelled `slider_label`, once the page's first run is over and its chart is on screen."""
    slider = page.locator(f'input[type="range"][aria-label="{slider_label}"]').first
    try:
        slider.wait_for(state="attached", timeout=60_000)
    except PlaywrightTimeout:
        raise NoChart(f"no slider labelled '{slider_label}' on {page.url}") from None
    _wait_for_chart(page, chart_index, visible)
    return slider


def _press(page, slider, slider_label: str, chart_index: int, key: str, visible: bool = False,
           done: list[float] | None = None) -> float:
    """One key press on `slider`: the milliseconds to the watched chart's new data; with `done`, also (appended to
    it) to the page's last chart's new data (the whole page redrawn, or as far as that press changes it). Returns once
    the page's run is over, so no press lands while the page is still drawing."""
    before = page.evaluate(_FINGERPRINT, [chart_index, visible])
    last = page.evaluate(_FINGERPRINT, [-1, visible]) if done is not None else None
    slider.focus()
    t0 = time.perf_counter()
    page.keyboard.press(key)
    _await_chart(page, chart_index, before, visible, f"a press on '{slider_label}'")
    elapsed = (time.perf_counter() - t0) * 1000
    if done is not None:
        try:  # a press that leaves the last chart as it was has no whole-page time
            _await_chart(page, -1, last, visible, "whole page", timeout_ms=10_000)
            done.append((time.perf_counter() - t0) * 1000)
        except NoChart:
            pass
    wait_for_app(page)
    page.wait_for_timeout(SETTLE_MS)
    return elapsed


def _key(i: int, new_values: bool) -> str:
    return "ArrowRight" if new_values or i % 2 == 0 else "ArrowLeft"


def _press_times(page, slider_label: str, chart_index: int, presses: int, new_values: bool = False,
                 visible: bool = False, done: list[float] | None = None) -> list[float]:
    """Milliseconds from each key press to the watched chart's new data (and, with `done`, to the whole page's)."""
    slider = _slider(page, slider_label, chart_index, visible)
    times = []
    for i in range(presses + 2):  # two warm-up presses are not counted
        whole = [] if done is not None else None
        elapsed = _press(page, slider, slider_label, chart_index, _key(i, new_values), visible, whole)
        if i >= 2:
            times.append(elapsed)
            if done is not None:
                done.extend(whole)
    return times


def measure_paired(bare_url: str, base_url: str, path: str, slider_label: str, presses: int = 20,
                   chart_index: int = 0, done: list[float] | None = None) -> tuple[list[float], list[float]]:
    """Slider-to-redraw on the bare page and on `path`, press for press in turn (bare, ours, bare, ours, …), each in
    a browser of its own: a pair shares the machine's moment, so a busy spell slows both and the ratio holds.
    (Measured one after the other, the bare page's median alone moved 80–130 ms between runs on this machine.)
    Returns (bare page's times, ours); `done` gets ours to the whole page."""
    with opened(bare_url + "/", base_url + path) as (bare, page):
        bare_slider = _slider(bare, "Frequency", 0)
        slider = _slider(page, slider_label, chart_index)
        floor_times, times = [], []
        for i in range(presses + 2):  # two warm-up pairs are not counted
            whole = [] if done is not None else None
            t_bare = _press(bare, bare_slider, "Frequency", 0, _key(i, False))
            t_page = _press(page, slider, slider_label, chart_index, _key(i, False), done=whole)
            if i >= 2:
                floor_times.append(t_bare)
                times.append(t_page)
                if done is not None:
                    done.extend(whole)
        return floor_times, times


def measure_redraw(base_url: str, path: str, slider_label: str, presses: int = 20, chart_index: int = 0,
                   new_values: bool = False, done: list[float] | None = None) -> list[float]:
    """Milliseconds from each slider key press to changed plotly data, `presses` times (after two warm-ups).

    Presses alternate right/left, so after the warm-ups both values are cached (the common case of a
    learner nudging a slider); new_values=True always moves right, so every redraw computes afresh.
    """
    with opened(base_url + path) as page:
        return _press_times(page, slider_label, chart_index, presses, new_values, done=done)


@contextmanager
def opened(*urls: str):
    """A fresh headless Chromium showing each of `urls` (one browser each: no two pages share a main thread), once
    Streamlit has finished its first run in each; one page, or a tuple of them for several urls."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browsers = []
        try:
            pages = []
            for url in urls:
                browsers.append(p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True))
                pages.append(browsers[-1].new_page(viewport={"width": 1400, "height": 1000}))
                pages[-1].goto(url)
                wait_for_app(pages[-1])
            yield pages[0] if len(pages) == 1 else tuple(pages)
        finally:
            for browser in browsers:
                browser.close()


def _step_to(page, button, what: str, skip: bool = False) -> float:
    """Press a tour button (a key press on it, as for a slider) and wait for the step it opens to show its chart;
    the milliseconds from the press to the new chart's data. With skip, a guess is skipped on the way."""
    before = page.evaluate(_FINGERPRINT, [0, True])
    button.focus()
    t0 = time.perf_counter()
    page.keyboard.press("Enter")
    _await_chart(page, 0, before, True, what, skip=skip)
    elapsed = (time.perf_counter() - t0) * 1000
    wait_for_app(page)
    return elapsed


def measure_tour(bare_url: str, base_url: str, step: int = TOUR_STEP, presses: int = 20) -> dict[str, list[float]]:
    """The tour from `step` to the step after: milliseconds from each "Next →" (a key press on the focused
    button) to the next step's chart data on screen, then from each key press on the "Tour step" slider to the
    other step's chart (alternating between the two steps), each `presses` times after two warm-ups, each in turn
    with a press on the bare page (as measure_paired does).

    Both steps' guesses are skipped ("Just show me", kept for the session) on a first, untimed visit, so each
    step draws its chart on arrival; "← Back" (not timed) returns between the "Next →" presses. Returns the times
    of "next" and "slider", and of the bare page's presses in turn with each ("next floor", "slider floor").
    """
    if not 1 <= step < TOUR_STEPS:
        raise NoChart(f"the tour's steps are 1 to {TOUR_STEPS}: 'Next →' from step {step} goes nowhere")
    with opened(bare_url + "/", f"{base_url}/tour?step={step}") as (bare, page):
        bare_slider = _slider(bare, "Frequency", 0)
        _wait_for_chart(page, 0, visible=True, skip=True)
        nxt = page.get_by_role("button", name="Next →")
        back = page.get_by_role("button", name="← Back")
        _step_to(page, nxt, f"first 'Next →' from step {step}", skip=True)
        _step_to(page, back, f"'← Back' to step {step}")
        out: dict[str, list[float]] = {"next": [], "next floor": [], "slider": [], "slider floor": []}
        for i in range(presses + 2):  # two warm-up pairs are not counted
            t_bare = _press(bare, bare_slider, "Frequency", 0, _key(i, False))
            elapsed = _step_to(page, nxt, f"'Next →' from step {step}")
            page.wait_for_timeout(SETTLE_MS)
            if i >= 2:
                out["next floor"].append(t_bare)
                out["next"].append(elapsed)
            _step_to(page, back, f"'← Back' to step {step}")
            page.wait_for_timeout(SETTLE_MS)
        slider = _slider(page, TOUR_SLIDER, 0, visible=True)
        for i in range(presses + 2):
            t_bare = _press(bare, bare_slider, "Frequency", 0, _key(i, False))
            elapsed = _press(page, slider, TOUR_SLIDER, 0, _key(i, False), visible=True)
            if i >= 2:
                out["slider floor"].append(t_bare)
                out["slider"].append(elapsed)
        return out


def floor(presses: int = 20) -> list[float]:
    """Slider-to-redraw on the bare one-slider page."""
    with server(BARE_APP) as url:
        return measure_redraw(url, "/", "Frequency", presses)


def _rail(page, index: int) -> dict:
    rail = page.locator(".js-plotly-plot").nth(index).locator(".slider-rail-touch-rect").first
    rail.scroll_into_view_if_needed()
    return rail.bounding_box()


def measure_sweep(base_url: str, path: str, presses: int = 20) -> tuple[list[float], list[float], int, int, int]:
    """The in-chart sweep of `path`: milliseconds from each mousedown on the rail to the chart's lines changing
    (presses alternate between a quarter and three quarters of the rail, after two warm-ups), pressed at moments
    spread evenly over a frame, then with the real mouse (just after a frame began); then one drag held across the
    whole rail: (times at any moment, times just after a frame, chart redraws during the drag, steps landed on,
    steps in the sweep)."""
    with opened(base_url + path) as page:
        page.wait_for_function("() => Array.from(document.querySelectorAll('.js-plotly-plot'))"
                               ".some(p => p.layout && p.layout.sliders && p.layout.sliders.length)",
                               timeout=60_000)
        index = page.evaluate(_WATCH_SWEEP)
        box = _rail(page, index)
        y = box["y"] + box["height"] / 2
        anytime = []
        for i in range(presses + 2):
            down, changed, _ = page.evaluate(_SWEEP_COUNTS)
            x = box["x"] + box["width"] * (0.25 if i % 2 == 0 else 0.75)
            pressed = page.evaluate(_PRESS_AT, [x, y, (i * 7 % presses + 0.5) * FRAME_MS / presses])
            if "slider-rail" not in (pressed or ""):
                raise NoChart(f"the sweep's rail on {path} is covered at ({x:.0f}, {y:.0f}) by '{pressed}'")
            page.wait_for_function(f"() => window.__sweep.changed.length > {changed}", timeout=10_000)
            page.evaluate(_RELEASE, [x, y])
            page.wait_for_timeout(SWEEP_IDLE_MS)
            if i >= 2:
                anytime.append(page.evaluate("([c, d]) => window.__sweep.changed[c] - window.__sweep.down[d]",
                                             [changed, down]))
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
        return anytime, times, changed_after - changed, landed_after - landed, n_steps


def p90(times: list[float]) -> float:
    """The 90th percentile by nearest rank (never below the median, even for a handful of presses)."""
    return sorted(times)[math.ceil(0.9 * len(times)) - 1]


def sweep_report(name: str, anytime: list[float], times: list[float], redraws: int, landed: int, steps: int,
                 floor_median: float) -> str:
    med, worst = statistics.median(anytime), statistics.median(times)
    return (f"{name + ' sweep':<14} median {med:7.1f} ms   p90 {p90(anytime):7.1f} ms   "
            f"ratio to bare page {med / floor_median:5.2f}× (target ≤ 0.25×)   (n={len(anytime)}; pressed at any "
            f"moment of a frame)\n"
            f"{'':<14} median {worst:7.1f} ms   p90 {p90(times):7.1f} ms   ratio to bare page "
            f"{worst / floor_median:5.2f}×   (n={len(times)}; the real mouse, pressed just after a frame began)\n"
            f"{'':<14} one drag across the rail: {redraws} redraws for {landed} steps landed on "
            f"({steps} steps in the sweep; target: one redraw per step)")


def report(name: str, times: list[float], floor_median: float | None) -> str:
    med = statistics.median(times)
    ratio = f"{med / floor_median:5.2f}×" if floor_median else "   —  "
    return f"{name:<14} median {med:7.1f} ms   p90 {p90(times):7.1f} ms   " \
           f"ratio to bare page {ratio}   (n={len(times)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--presses", type=int, default=20)
    ap.add_argument("--only", nargs="*", help="page names to measure (default: all)")
    ap.add_argument("--tour-step", type=int, default=TOUR_STEP,
                    help="the tour step whose 'Next →' is timed (to the step after it)")
    ap.add_argument("--sweep-presses", type=int, default=20, help="mousedowns on each in-chart sweep (0: none)")
    args = ap.parse_args()
    known = {*PAGES, *SWEEPS, "tour"}
    if args.only and not set(args.only) <= known:
        ap.error(f"unknown page(s) {sorted(set(args.only) - known)}; known: {', '.join(sorted(known))}")
    with server(BARE_APP) as bare_url, server(ROOT / "app.py") as url:
        base = measure_redraw(bare_url, "/", "Frequency", args.presses)
        floor_median = statistics.median(base)
        print(report("bare page", base, None), "(alone; the sweeps are measured against it)")
        for name, (path, label, chart) in PAGES.items():
            if args.only and name not in args.only:
                continue
            done: list[float] = []
            bare_times, times = measure_paired(bare_url, url, path, label, args.presses, chart, done=done)
            paired = statistics.median(bare_times)
            print(report(name, times, paired), f"(the bare page in turn with it: median {paired:.1f} ms)", flush=True)
            if done:  # the charts below the stage: a page draws them after its main chart (ui/stage.first)
                print(report("  whole page", done, paired), "(to its last chart's new data)", flush=True)
        if not args.only or "tour" in args.only:
            tour = measure_tour(bare_url, url, args.tour_step, args.presses)
            for name, key, what in (("tour Next →", "next", f"step {args.tour_step} → {args.tour_step + 1}"),
                                    ("tour slider", "slider", f"'{TOUR_SLIDER}' {args.tour_step} ↔ "
                                                              f"{args.tour_step + 1}")):
                paired = statistics.median(tour[f"{key} floor"])
                print(report(name, tour[key], paired), f"({what}; the bare page in turn with it: median "
                      f"{paired:.1f} ms)", flush=True)
        for name, path in SWEEPS.items():
            if args.sweep_presses <= 0 or (args.only and name not in args.only):
                continue
            print(sweep_report(name, *measure_sweep(url, path, args.sweep_presses), floor_median), flush=True)


if __name__ == "__main__":
    main()
