"""A room full of students: N concurrent sessions against a real server, speaking Streamlit's own websocket protocol.

No browser: each session opens `/_stcore/stream` as the Streamlit frontend does (the XSRF cookie from the health
check, its token beside the `streamlit` subprotocol), sends `BackMsg.rerun_script` with a `ClientState` (page,
query string, widget states) and reads `ForwardMsg`s until `script_finished`. Widgets are learned from the delta
messages (each element carries its `id`), values are sent as `WidgetState`s the way the frontend serialises them,
the URL follows `page_info_changed`, and `auto_rerun` (a fragment with `run_every`) is driven as the browser does.

Scenarios (every one seeded, bounded in count and time, loopback only):
  tour            each session opens a random page, then moves controls, switches pages, presses Run on /training
  train-same      every session opens /training with the same settings and presses Run, then watches to the end
  train-distinct  the same, each session with its own seed (distinct runs)

    .venv/bin/python -m benchmarks.load --sessions 30 --interactions 20 --duration 240
    .venv/bin/python -m benchmarks.load --scenario train-same --sessions 30
    .venv/bin/python -m benchmarks.load --scenario train-distinct --sessions 10
    .venv/bin/python -m benchmarks.load --sessions 3 --interactions 5 --duration 20 --settle 10   # a smoke run

Printed: sessions, interactions, errors (Streamlit's exception element, our "Something went wrong" sentence,
timeouts, lost connections), latency per interaction (send → script_finished) overall and per minute, server
CPU, and server RSS (process and its children) after warm-up, at its peak and settled after the sessions close.
"""

from __future__ import annotations

import argparse
import asyncio
import http.cookies
import math
import os
import random
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from tests.e2e.browser import ROOT, free_port, start_streamlit, stop
from ui.site import PAGES

FRIENDLY = "Something went wrong"  # ui/guard.friendly's sentence: an error we caught, still an error
FINISHED = ForwardMsg.ScriptFinishedStatus
WIDGETS = ("slider", "selectbox", "radio", "multiselect", "checkbox", "number_input", "text_input", "button")
TEXTS = ("0.5 0.9 1.2", "0.25 " * 40, "1e308 1e308", "abc", "", "0 0 0", "-3 2 nan", "1,2;3")  # /chain's factors
RUN_LABEL = "Run"  # the training page's primary button says "▶ Run"


@dataclass
class Widget:
    id: str
    kind: str  # the element's proto field: slider, selectbox, …
    proto: object
    fragment: str = ""


@dataclass
class Stats:
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (start since t0, seconds)
    fragment_latencies: list[float] = field(default_factory=list)
    interactions: int = 0
    exceptions: list[str] = field(default_factory=list)
    friendly: list[str] = field(default_factory=list)
    warnings: int = 0
    timeouts: int = 0
    lost: list[str] = field(default_factory=list)
    train_times: list[float] = field(default_factory=list)  # press Run → finished result shown
    saw_queue: int = 0
    t0: float = field(default_factory=time.monotonic)

    @property
    def errors(self) -> int:
        return len(self.exceptions) + len(self.friendly) + self.timeouts + len(self.lost)


def xsrf_cookie(base: str) -> str:
    """The `_streamlit_xsrf` cookie the health check sets, as the frontend's first request (empty: XSRF is off)."""
    with urllib.request.urlopen(base + "/_stcore/health", timeout=30) as r:
        for header in r.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            if "_streamlit_xsrf" in jar:
                return jar["_streamlit_xsrf"].value
    return ""


class Session:
    """One browser tab: a websocket, the current page, URL and widget values, and what the last run drew."""

    def __init__(self, base: str, stats: Stats, rng: random.Random, timeout: float = 120, name: str = ""):
        self.base, self.stats, self.rng, self.timeout, self.name = base, stats, rng, timeout, name
        self.verbose = False
        self.ws = None
        self.pages: dict[str, str] = {}  # url path → page script hash
        self.page_hash = ""
        self.params: dict[str, list[str]] = {}  # the tab's URL query, as the frontend keeps it
        self.states: dict[str, WidgetState] = {}  # what this tab sends: the values it has set
        self.widgets: dict[str, Widget] = {}  # the widgets the last full run drew
        self._drawing: dict[str, Widget] = {}
        self.texts: list[str] = []  # text of the last full run
        self.fragment_texts: list[str] = []  # and of the last fragment run
        self._texts: list[str] = []
        self.charts = 0
        self._charts = 0
        self.auto: dict[str, float] = {}  # fragment id → interval (st.fragment(run_every=…)) the last full run set
        self._auto: dict[str, float] = {}
        self._finished: asyncio.Queue = asyncio.Queue()
        self._reader: asyncio.Task | None = None

    async def connect(self) -> None:
        cookie = await asyncio.to_thread(xsrf_cookie, self.base)
        u = urlparse(self.base)
        self.ws = await websockets.connect(
            f"ws://{u.netloc}/_stcore/stream", subprotocols=["streamlit", cookie] if cookie else ["streamlit"],
            origin=self.base, additional_headers={"Cookie": f"_streamlit_xsrf={cookie}"} if cookie else None,
            max_size=None, open_timeout=self.timeout, ping_interval=None)
        self._reader = asyncio.create_task(self._read())

    async def close(self) -> None:
        if self._reader:
            self._reader.cancel()
        if self.ws:
            await self.ws.close()

    async def _read(self) -> None:
        try:
            async for data in self.ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._on(msg)
        except websockets.ConnectionClosed as exc:
            await self._finished.put(exc)

    def _on(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "navigation":
            self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.params = parse_qs(msg.page_info_changed.query_string, keep_blank_values=True)
        elif kind == "auto_rerun":
            self._auto[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "script_finished":
            status = msg.script_finished
            if status == FINISHED.FINISHED_SUCCESSFULLY:
                self.widgets, self._drawing = self._drawing, {}
                self.texts, self._texts = self._texts, []
                self.charts, self._charts = self._charts, 0
                self.auto, self._auto = self._auto, {}  # a full run declares its live fragments anew
                for stale in set(self.states) - set(self.widgets):  # the browser forgets widgets no longer drawn
                    del self.states[stale]
            elif status == FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                self.widgets.update(self._drawing)
                self.fragment_texts, self._drawing, self._texts, self._charts = self._texts, {}, [], 0
            if status != FINISHED.FINISHED_EARLY_FOR_RERUN:
                self._finished.put_nowait(status)

    def _element(self, el, fragment: str) -> None:
        kind = el.WhichOneof("type")
        if kind == "exception":
            if el.exception.is_warning:
                self.stats.warnings += 1
            else:
                self.stats.exceptions.append(f"{el.exception.type}: {el.exception.message}"[:200])
            return
        if kind in ("alert", "markdown", "text"):
            body = getattr(el, kind).body
            self._texts.append(body)
            if FRIENDLY in body:
                self.stats.friendly.append(body[:200])
        elif kind == "progress":
            self._texts.append(el.progress.text)
        elif kind == "plotly_chart":
            self._charts += 1
        elif kind in WIDGETS:
            proto = getattr(el, kind)
            self._drawing[proto.id] = Widget(proto.id, kind, proto, fragment)
            if kind == "button" or not getattr(proto, "set_value", False):
                return
            self.states.pop(proto.id, None)  # the server set this value (a preset button): it wins

    # -- sending ------------------------------------------------------------------------------------------------
    async def rerun(self, page: str | None = None, fresh: bool = False, trigger: str | None = None,
                    fragment: str = "", auto: bool = False) -> float | None:
        """Send one rerun and wait for its end; returns the seconds it took (None on timeout or a lost link)."""
        msg = BackMsg()
        cs = msg.rerun_script
        if fresh:  # a link opened in a new tab: its own URL, no widget values yet
            cs.page_name = page or ""
        elif page is not None:  # the sidebar: the page's hash, the URL as it stands (Streamlit keeps it)
            cs.page_script_hash = self.pages.get(page, "")
            cs.page_name = page
        else:
            cs.page_script_hash = self.page_hash
        cs.query_string = self.query
        for ws in self.states.values():
            cs.widget_states.widgets.append(ws)
        if trigger:
            cs.widget_states.widgets.add(id=trigger, trigger_value=True)
        if fragment:  # a widget inside an st.fragment reruns just it; run_every ticks are auto reruns
            cs.fragment_id, cs.is_auto_rerun = fragment, auto
        while not self._finished.empty():
            self._finished.get_nowait()
        start = time.monotonic()
        await self.ws.send(msg.SerializeToString())
        try:
            end = await asyncio.wait_for(self._finished.get(), self.timeout)
        except TimeoutError:
            self.stats.timeouts += 1
            return None
        if isinstance(end, Exception):
            self.stats.lost.append(repr(end)[:200])
            raise end
        took = time.monotonic() - start
        if self.verbose:
            what = ("tick" if auto else "fragment" if fragment else "press" if trigger else "open" if fresh
                    else "switch" if page else "move")
            print(f"{self.name} {what:8s} /{self.current_page()}?{self.query}  {took:.2f} s  "
                  f"{len(self.widgets)} widgets, {self.charts} charts", flush=True)
        if auto:
            self.stats.fragment_latencies.append(took)
        else:
            self.stats.interactions += 1
            self.stats.latencies.append((start - self.stats.t0, took))
        return took

    @property
    def query(self) -> str:
        return urlencode(self.params, doseq=True)

    async def open(self, page: str, query: dict | None = None) -> float | None:
        self.params = {k: [str(x) for x in v] if isinstance(v, list | tuple) else [str(v)]
                       for k, v in (query or {}).items()}
        self.states.clear()
        return await self.rerun(page, fresh=True)

    def current_page(self) -> str:
        return next((url for url, h in self.pages.items() if h == self.page_hash), "")

    def button(self, label: str) -> Widget | None:
        return next((w for w in self.widgets.values() if w.kind == "button" and label in w.proto.label), None)

    # -- a person's moves ---------------------------------------------------------------------------------------
    def move(self, w: Widget) -> None:
        """Set a widget to a random value, serialised as the frontend does, and write a bound one into the URL."""
        p, rng, s = w.proto, self.rng, WidgetState(id=w.id)
        if w.kind == "slider" and p.options:  # select_slider: the shown labels
            s.string_array_value.data.extend([rng.choice(list(p.options))])
        elif w.kind == "slider":
            n = max(int(round((p.max - p.min) / p.step)), 0) if p.step else 0
            values = sorted(p.min + rng.randint(0, n) * p.step for _ in range(max(len(p.default), 1)))
            s.double_array_value.data.extend(min(v, p.max) for v in values)
        elif w.kind in ("selectbox", "radio"):
            s.string_value = rng.choice(list(p.options))
        elif w.kind == "multiselect":
            k = rng.randint(0, min(3, len(p.options), p.max_selections or 3))
            s.string_array_value.data.extend(rng.sample(list(p.options), k))
        elif w.kind == "checkbox":
            s.bool_value = rng.random() < 0.5
        elif w.kind == "number_input":
            lo = p.min if p.has_min else -1000
            hi = p.max if p.has_max else 1000
            v = rng.choice([lo, hi, rng.uniform(lo, hi)])
            s.double_value = float(int(v)) if p.data_type == p.INT else v
        elif w.kind == "text_input":
            s.string_value = rng.choice(TEXTS)
        self.states[w.id] = s
        if getattr(p, "query_param_key", ""):
            self.params[p.query_param_key] = url_values(s)

    def movable(self) -> list[Widget]:
        """The controls a person could change now (no buttons, nothing disabled)."""
        return [w for w in self.widgets.values() if w.kind != "button" and not w.proto.disabled]


def url_values(s: WidgetState) -> list[str]:
    """A widget value as the URL spells it (repeated keys for lists)."""
    kind = s.WhichOneof("value")
    v = getattr(s, kind)
    if kind == "bool_value":
        return ["true" if v else "false"]
    if kind in ("double_array_value", "string_array_value"):
        return [format(x, ".15g") if isinstance(x, float) else str(x) for x in v.data]
    return [format(v, ".15g") if isinstance(v, float) else str(v)]


def tour_step(s: Session, rng: random.Random, urls: list[str]):
    """One interaction of a random tour: mostly move a control, sometimes switch page, on /training press Run."""
    here = s.current_page()
    run = s.button(RUN_LABEL)
    widgets = s.movable()
    roll = rng.random()
    if here == "training" and run and not run.proto.disabled and roll < 0.25:
        return s.rerun(trigger=run.id)
    if roll < 0.3 or not widgets:
        return s.rerun(page=rng.choice([u for u in urls if u != here] or urls))
    w = rng.choice(widgets)
    s.move(w)
    return s.rerun(fragment=w.fragment)


async def tour(s: Session, rng: random.Random, urls: list[str], n: int, think: float, stop_at: float) -> None:
    await s.open(rng.choice(urls))
    for _ in range(n - 1):
        if time.monotonic() > stop_at:
            return
        await idle(s, think * rng.uniform(0.5, 1.5))
        await tour_step(s, rng, urls)


async def idle(s: Session, seconds: float) -> None:
    """A person reading: the browser meanwhile reruns any live fragment (run_every) on its own clock."""
    until = time.monotonic() + seconds
    while s.auto and time.monotonic() + next(iter(s.auto.values())) < until:
        fragment, interval = next(iter(s.auto.items()))
        await asyncio.sleep(interval)
        await s.rerun(fragment=fragment, auto=True)
    await asyncio.sleep(max(0.0, until - time.monotonic()))


def finished_result(s: Session) -> bool:
    """A finished training is on screen: charts drawn, nothing left to stop, no live fragment ticking."""
    stop = s.button("Stop")
    return s.charts > 0 and not s.auto and (stop is None or stop.proto.disabled)


async def train(s: Session, query: dict, stop_at: float) -> None:
    """Open /training with `query`, press Run, then watch like a browser (driving the live fragment) to the end."""
    await s.open("training", query)
    run = s.button(RUN_LABEL)
    if run is None or run.proto.disabled:
        s.stats.lost.append(f"no Run button to press ({query})")
        return
    start = time.monotonic()
    await s.rerun(trigger=run.id)
    queued = False
    while time.monotonic() < stop_at and not finished_result(s):
        queued = queued or any("queued" in t.lower() or "ahead" in t.lower() for t in s.texts + s.fragment_texts)
        if s.auto:
            fragment, interval = next(iter(s.auto.items()))
            await asyncio.sleep(interval)
            await s.rerun(fragment=fragment, auto=True)
        else:  # no live fragment (say, the page polls by itself): look again like a reload would
            await asyncio.sleep(1.0)
            await s.rerun()
    if finished_result(s):
        s.stats.train_times.append(time.monotonic() - start)
    else:
        s.stats.timeouts += 1
    s.stats.saw_queue += queued


# -- the server and its memory ----------------------------------------------------------------------------------
def tree_pids(root: int) -> list[int]:
    """The process and all its descendants (a process pool's workers count as the server's memory)."""
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def rss_mb(root: int) -> float:
    total = 0
    for pid in tree_pids(root):
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
        except (OSError, StopIteration):
            pass
    return total / 1024


def cpu_seconds(root: int) -> float:
    total = 0.0
    for pid in tree_pids(root):
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            pass
    return total


class Sampler(threading.Thread):
    """Samples the server's RSS twice a second; `peak` is the largest seen."""

    def __init__(self, pid: int | None):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0.0, True

    def run(self) -> None:
        while self.running and self.pid:
            self.peak = max(self.peak, rss_mb(self.pid))
            time.sleep(0.5)


# -- the report ---------------------------------------------------------------------------------------------------
def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))] if xs else float("nan")


def report(args, stats: Stats, mem: dict[str, float], cpu: float | None, wall: float, one_run: float | None) -> None:
    lat = [t for _, t in stats.latencies]
    print(f"scenario {args.scenario}: {args.sessions} sessions, seed {args.seed}, {wall:.0f} s")
    print(f"interactions {stats.interactions}   errors {stats.errors}  (exception elements {len(stats.exceptions)}, "
          f"'{FRIENDLY}' {len(stats.friendly)}, timeouts {stats.timeouts}, lost {len(stats.lost)})")
    for what in (stats.exceptions, stats.friendly, stats.lost):
        for line in sorted(set(what))[:5]:
            print("   ", line.replace("\n", " "))
    if lat:
        print(f"latency send → script_finished: p50 {pct(lat, .5):.2f} s   p95 {pct(lat, .95):.2f} s   "
              f"max {max(lat):.2f} s")
        minutes = sorted({int(t0 // 60) for t0, _ in stats.latencies})
        for m in minutes:
            xs = [t for t0, t in stats.latencies if int(t0 // 60) == m]
            print(f"   minute {m + 1}: {len(xs):4d} interactions   p50 {pct(xs, .5):.2f} s   p95 {pct(xs, .95):.2f} s")
    if stats.fragment_latencies:
        f = stats.fragment_latencies
        print(f"live-chart fragment runs {len(f)}: p50 {pct(f, .5):.2f} s   p95 {pct(f, .95):.2f} s")
    if args.scenario != "tour":
        done = stats.train_times
        print(f"training: {len(done)} of {args.sessions} sessions saw the finished result"
              + (f"; fastest {min(done):.1f} s, slowest {max(done):.1f} s" if done else ""))
        if one_run and done:
            print(f"   session 0's run alone on a fresh server {one_run:.1f} s; slowest / that = "
                  f"{max(done) / one_run:.1f}×")
        print(f"   sessions that saw their place in a queue: {stats.saw_queue}")
    if cpu is not None:
        print(f"server CPU: {cpu / wall:.2f} cores on average")
    if mem:
        print("server RSS (with child processes): " + "   ".join(f"{k} {v:.0f} MB" for k, v in mem.items()))
    print("exception or traceback seen:", "YES" if stats.exceptions else "no",
          f"  friendly error sentence seen: {'YES' if stats.friendly else 'no'}")


async def crowd(args, base: str, stats: Stats, urls: list[str]) -> None:
    stop_at = time.monotonic() + args.timeout
    rngs = [random.Random(f"{args.seed}-{i}") for i in range(args.sessions)]
    sessions = [Session(base, stats, rng, timeout=args.step_timeout, name=f"s{i}") for i, rng in enumerate(rngs)]
    for s in sessions:
        s.verbose = args.verbose

    async def one(i: int) -> None:
        s, rng = sessions[i], rngs[i]
        try:
            await asyncio.sleep(rng.uniform(0, args.ramp))  # the class opens the link within a few seconds
            await s.connect()
            if args.scenario == "tour":
                await tour(s, rng, urls, args.interactions, args.duration / max(args.interactions, 1), stop_at)
            else:
                await train(s, training_query(args, i), stop_at)
        except (OSError, websockets.WebSocketException) as exc:
            if not isinstance(exc, websockets.ConnectionClosed):  # a closed link is counted where it was seen
                stats.lost.append(repr(exc)[:200])
        finally:
            await s.close()

    await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(args.sessions))), args.timeout + 60)


async def warm_up(base: str, urls: list[str]) -> None:
    """One visit to every page at its defaults (imports, caches at defaults): what an idle server holds."""
    s = Session(base, Stats(), random.Random(0))
    await s.connect()
    try:
        for url in urls:
            await s.open(url)
    finally:
        await s.close()


def training_query(args, i: int) -> dict:
    """Session i's /training link: the same for everyone (train-same), or its own seed (train-distinct)."""
    if args.scenario == "train-distinct":
        return {"seed": args.seed * 1000 + i + 1}
    return {"seed": args.seed} if args.seed else {}


async def one_training(base: str, query: dict, stop_at: float) -> float | None:
    stats = Stats()
    s = Session(base, stats, random.Random(0))
    await s.connect()
    try:
        await train(s, query, stop_at)
    finally:
        await s.close()
    return stats.train_times[0] if stats.train_times else None


def one_run_alone(args) -> float | None:
    """Session 0's exact run, alone, on a server of its own (so the crowd's server starts with nothing cached):
    runs end once solved, so only the same settings make a fair yardstick."""
    port = free_port()
    proc = start_streamlit(ROOT / "app.py", port)
    try:
        return asyncio.run(one_training(f"http://127.0.0.1:{port}", training_query(args, 0),
                                        time.monotonic() + args.timeout))
    finally:
        stop(proc)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scenario", choices=("tour", "train-same", "train-distinct"), default="tour")
    ap.add_argument("--sessions", type=int, default=30)
    ap.add_argument("--interactions", type=int, default=20, help="per session (tour)")
    ap.add_argument("--duration", type=float, default=240, help="seconds a tour is spread over")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ramp", type=float, default=3, help="sessions open within this many seconds")
    ap.add_argument("--timeout", type=float, default=None, help="hard stop (default: duration + 300 s)")
    ap.add_argument("--step-timeout", type=float, default=120, help="longest wait for one script_finished")
    ap.add_argument("--settle", type=float, default=120, help="seconds after the sessions close to read RSS")
    ap.add_argument("--no-baseline", action="store_true", help="train: skip timing session 0's run alone")
    ap.add_argument("--verbose", action="store_true", help="print every interaction as it ends")
    ap.add_argument("--url", help="drive a server already running (loopback only); default: start app.py")
    args = ap.parse_args(argv)
    args.timeout = args.timeout or args.duration + 300
    if not 1 <= args.sessions <= 200 or not 1 <= args.interactions <= 500:
        ap.error("--sessions must be 1..200 and --interactions 1..500")
    if args.url and urlparse(args.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        ap.error("--url must be a loopback address")

    one_run = None
    if args.scenario != "tour" and not args.no_baseline and not args.url:
        one_run = one_run_alone(args)
    proc = None
    if args.url:
        base = args.url.rstrip("/")
    else:
        port = free_port()
        proc = start_streamlit(ROOT / "app.py", port)
        base = f"http://127.0.0.1:{port}"
    pid = proc.pid if proc else None
    urls = [p.url for p in PAGES]
    try:
        asyncio.run(warm_up(base, urls))
        mem = {"after warm-up": rss_mb(pid)} if pid else {}
        sampler = Sampler(pid)
        sampler.start()
        stats = Stats()
        cpu0, t0 = (cpu_seconds(pid) if pid else None), time.monotonic()
        try:
            asyncio.run(crowd(args, base, stats, urls))
        except TimeoutError:
            print(f"stopped at the hard limit ({args.timeout:.0f} s)")
        wall = time.monotonic() - t0
        cpu = cpu_seconds(pid) - cpu0 if pid else None
        sampler.running = False
        if pid:
            mem["peak"] = sampler.peak
            time.sleep(args.settle)
            mem[f"settled ({args.settle:.0f} s after close)"] = rss_mb(pid)
        report(args, stats, mem, cpu, wall, one_run)
    finally:
        if proc:
            stop(proc)


if __name__ == "__main__":
    main()
