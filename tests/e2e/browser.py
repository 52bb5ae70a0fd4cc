"""Helpers for real-browser tests and benchmarks: start Streamlit, launch Debian's Chromium, read plotly data.

Never `playwright install`: we launch the system browser at /usr/bin/chromium.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(app: Path, port: int) -> subprocess.Popen:
    """Start a Streamlit server for `app` and wait until it answers its health check."""
    cmd = [sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    log = open(os.environ.get("STREAMLIT_LOG", os.devnull), "a")  # set STREAMLIT_LOG=path to keep the server's log
    env = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", **os.environ}  # as `make run` does
    proc = subprocess.Popen(cmd, cwd=app.parent, stdout=subprocess.DEVNULL, stderr=log, env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"streamlit did not start on port {port}")


def stop(proc: subprocess.Popen) -> None:
    """End a server this process started: politely, then for sure."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def shot(page, name: str) -> Path:
    """Save a screenshot of the whole page as a test artefact and return its path.

    Streamlit scrolls inside its own container, so a 'full page' screenshot would stop at the window:
    grow the window to the content's height first, then put it back.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("() => Math.max(...Array.from(document.querySelectorAll('[data-testid=stMain], "
                           "[data-testid=stAppViewContainer], section.main')).map(e => e.scrollHeight), 800)")
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 12000)})
    page.wait_for_timeout(400)  # let plotly re-lay-out at the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def wait_for_app(page, timeout_ms: int = 60_000) -> None:
    """Wait until Streamlit has finished running the script (no 'Running…' indicator) and a chart is drawn."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=timeout_ms,
    )


# The JSON of the data of the i-th plotly chart as drawn in the browser (null before it is drawn).
_PLOT_DATA = ("(i) => { const p = document.querySelectorAll('.js-plotly-plot')[i];"
              " return p && p.data ? JSON.stringify(p.data.map(t => [t.x, t.y, t.z])) : null; }")


def plot_data(page, index: int = 0) -> str:
    """The JSON of the data of the index-th plotly chart as drawn in the browser."""
    return page.evaluate(_PLOT_DATA, index)


def wait_for_new_data(page, before: dict[int, str], timeout_ms: int = 30_000) -> None:
    """Wait until every chart of `before` ({index: plot_data}) shows other data."""
    page.wait_for_function(f"(b) => Object.entries(b).every(([i, old]) => {{ const now = ({_PLOT_DATA})(+i);"
                           " return now !== null && now !== old; })", arg=before, timeout=timeout_ms)


def class_link(page) -> str:
    """The address the sidebar's "Link for my class" shows (the sidebar opened first when it is folded away)."""
    folded = page.get_by_test_id("stExpandSidebarButton")
    if folded.count():
        folded.click()
    page.get_by_text("Link for my class").click()
    return page.locator("[data-testid=stSidebar] code").inner_text()
