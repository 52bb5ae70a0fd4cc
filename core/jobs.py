"""One training service per server: identical runs are shared, distinct runs queue for a few worker processes.

A class following the teacher's link presses Run with the same settings thirty times; that must cost one
training. Every run is keyed by its TrainConfig (frozen, hashable):

- a finished run is kept in a ResultStore and handed back at once;
- a run that is queued or running is joined: the new session becomes one more *watcher* of the same job;
- a new run waits in a bounded FIFO queue for one of `workers` processes (default: one per core). Separate
  processes, because in threads the GIL held all training to one core and slowed every page's redraw.

Watchers heartbeat by calling `watch`; a job whose watchers all went quiet for `abandon_after_s` is cancelled,
so a closed tab does not hold a worker. `stop` detaches one watcher; the job is cancelled when nobody is left.
Each run has a time budget (TrainConfig.time_budget_s, capped by the service); a worker that overruns it by far
is killed and replaced. A worker idle for `idle_exit_s` is retired (a class's torch memory goes back once it has
gone); `warm` (a visit to the training page) or a Run starts workers again. Progress flows back from the workers
over one multiprocessing queue, read by a thread. Nothing here imports streamlit.
"""

from __future__ import annotations

import dataclasses
import math
import multiprocessing as mp
import os
import queue
import threading
import time
from collections import OrderedDict, deque

from core.results import DONE, ERROR, QUEUED, RUNNING, JobView, ResultStore, stopped
from core.training import Progress, TrainConfig
from core.workers import READY, Worker

KEPT_OUTCOMES = ("solved", "not solved", "diverged")  # complete runs; stopped / timed-out ones depend on the moment
STEP_GUESS_S = 2.5e-4  # seconds per (step × sequence position) before any run has been timed: ~10 ms at length 40


class QueueFull(RuntimeError):
    """Too many distinct runs are waiting; try again later."""


class _Job:
    def __init__(self, jid: int, cfg: TrainConfig):
        self.id, self.cfg = jid, cfg
        self.state = QUEUED
        self.history: list[Progress] = []
        self.snapshot: tuple[Progress, ...] = ()
        self.version = 0
        self.watchers: dict[str, float] = {}  # watcher id -> last heartbeat (time.monotonic)
        self.worker: int | None = None
        self.started: float | None = None
        self.error: str | None = None
        self.cancelled = False

    def shared_history(self) -> tuple[Progress, ...]:
        if len(self.snapshot) != len(self.history):
            self.snapshot = tuple(self.history)
        return self.snapshot


class TrainingService:
    """Process-wide scheduler of training runs: submit / watch / stop / result. Thread-safe."""

    def __init__(self, workers: int | None = None, max_queue: int = 64, store: ResultStore | None = None,
                 abandon_after_s: float = 20.0, max_budget_s: float = 120.0, overrun_s: float = 30.0,
                 context: str = "spawn", max_finished: int = 256, idle_exit_s: float = 60.0):
        self.n_workers = max(1, workers or os.cpu_count() or 1)
        self.max_queue = max_queue
        self.store = store or ResultStore()
        self.abandon_after_s = abandon_after_s
        self.max_budget_s = max_budget_s
        self.overrun_s = overrun_s
        self.max_finished = max_finished
        self.idle_exit_s = idle_exit_s
        self._ctx = mp.get_context(context)
        self._lock = threading.RLock()
        self._ids = 0
        self._jobs: dict[TrainConfig, _Job] = {}  # queued or running
        self._by_id: dict[int, _Job] = {}
        self._queue: deque[_Job] = deque()
        self._finished: OrderedDict[tuple[str, TrainConfig], _Job] = OrderedDict()  # (watcher, cfg) -> ended job
        self._rate: dict[str, float] = {}  # model -> seconds per (step × length), learned from finished runs
        self._workers: list[Worker] = []
        self._results = None
        self._closed = False
        self._threads: list[threading.Thread] = []

    # ---- public API -------------------------------------------------------------------------------------------
    def normalise(self, cfg: TrainConfig) -> TrainConfig:
        """The settings actually run: the time budget capped by the service's (part of the key)."""
        budget = cfg.time_budget_s if cfg.time_budget_s is not None else math.inf
        return dataclasses.replace(cfg, time_budget_s=min(budget, self.max_budget_s))

    def result(self, cfg: TrainConfig) -> tuple[Progress, ...] | None:
        """The stored finished run for these settings, if any (say, the page's default comparison)."""
        return self.store.get(self.normalise(cfg))

    def submit(self, cfg: TrainConfig, watcher: str) -> JobView:
        """Run `cfg` for `watcher`: reuse a stored result, join the same run in progress, or queue a new one."""
        cfg = self.normalise(cfg)
        with self._lock:
            if self._closed:
                raise RuntimeError("the training service is closed")
            self._finished.pop((watcher, cfg), None)
            if (stored := self.store.get(cfg)) is not None:
                return JobView(cfg, DONE, stored, len(stored), reused=True)
            job = self._jobs.get(cfg)
            if job is None or job.cancelled:  # a cancelled run still winding down is not joined: start afresh
                if len(self._queue) >= self.max_queue:
                    raise QueueFull(f"{len(self._queue)} runs are already waiting")
                self._start_threads()
                self._ids += 1
                job = _Job(self._ids, cfg)
                self._jobs[cfg] = self._by_id[job.id] = job
                self._queue.append(job)
            job.watchers[watcher] = time.monotonic()
            self._dispatch()
            return self._view(job)

    def watch(self, cfg: TrainConfig, watcher: str) -> JobView | None:
        """The run `watcher` asked for (a heartbeat too): live, or how it ended; None if it never asked."""
        cfg = self.normalise(cfg)
        with self._lock:
            job = self._jobs.get(cfg)
            if job is not None and watcher in job.watchers:
                job.watchers[watcher] = time.monotonic()
                return self._view(job)
            ended = self._finished.get((watcher, cfg))
            if ended is not None:
                return self._view(ended)
        stored = self.store.get(cfg)
        return None if stored is None else JobView(cfg, DONE, stored, len(stored), reused=True)

    def stop(self, cfg: TrainConfig, watcher: str, wait_s: float = 0.0) -> None:
        """`watcher` stops watching; the run is cancelled once nobody watches it (queued: dropped at once).

        With wait_s, wait that long at most for a running run to end (a worker stops at its next step)."""
        cfg = self.normalise(cfg)
        self._detach(cfg, watcher)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            with self._lock:
                ended = self._finished.get((watcher, cfg))
                if ended is None or ended.state not in (QUEUED, RUNNING):
                    return
            time.sleep(0.02)

    def _detach(self, cfg: TrainConfig, watcher: str) -> None:
        with self._lock:
            job = self._jobs.get(cfg)
            if job is None or job.watchers.pop(watcher, None) is None:
                return
            if job.watchers:  # others still watch: they keep the run; this watcher keeps what it saw, as stopped
                ghost = _Job(job.id, cfg)
                ghost.state, ghost.history = DONE, job.history[:]
                ghost.history.append(stopped(job.history))
                ghost.version = len(ghost.history)
                self._remember(watcher, ghost)
                return
            self._remember(watcher, job)
            self._cancel(job)

    def warm(self, wait_s: float = 0.0) -> bool:
        """Start the worker processes now (importing torch takes them a few seconds), not at the first Run;
        with wait_s, wait that long at most for them to be ready. True once they all are."""
        with self._lock:
            if not self._closed:
                self._start_threads()
                self._spawn(self.n_workers)
                for w in self._workers:  # a visit counts as a use: nobody retires a worker a class is about to need
                    w.idle_since = time.monotonic()
        deadline = time.monotonic() + wait_s
        while not self._all_ready() and time.monotonic() < deadline:
            time.sleep(0.05)
        return self._all_ready()

    def _all_ready(self) -> bool:
        return len(self._workers) == self.n_workers and all(w.ready for w in list(self._workers))

    def status(self) -> dict:
        """Counts for a status line or a test: queued, running, stored results, workers."""
        with self._lock:
            return {"queued": len(self._queue), "running": sum(j.state == RUNNING for j in self._jobs.values()),
                    "stored": len(self.store), "workers": self.n_workers, "started": len(self._workers),
                    "alive": sum(w.process.is_alive() for w in self._workers)}

    def close(self) -> None:
        """Stop every worker process (tests; a server just exits and the daemon workers go with it)."""
        with self._lock:
            self._closed = True
            workers, self._workers = self._workers, []
            for job in list(self._jobs.values()):
                self._end(job, ERROR, "the training service closed")
        for w in workers:
            w.tasks.put(None)
        for w in workers:
            w.process.join(2)
            if w.process.is_alive():
                w.process.kill()
                w.process.join(2)

    # ---- internals (all called with the lock held) ------------------------------------------------------------
    def _view(self, job: _Job) -> JobView:
        return JobView(job.cfg, job.state, job.shared_history(), job.version, self._position(job), self._eta(job),
                       len(job.watchers), job.error)

    def _estimate(self, cfg: TrainConfig) -> float:
        rate = self._rate.get(cfg.model, STEP_GUESS_S)
        return min(cfg.steps * cfg.length * rate, cfg.time_budget_s or math.inf)

    def _remaining(self, job: _Job) -> float:
        done = job.history[-1].seconds if job.history else 0.0
        return max(self._estimate(job.cfg) - done, 0.0)

    def _eta(self, job: _Job) -> float | None:
        """Rough seconds until `job` is done: the work ahead of it shared among the workers, plus its own."""
        if job.state == RUNNING:
            return self._remaining(job)
        if job.state != QUEUED:
            return None
        ahead = list(self._queue)[: self._position(job)]
        running = [j for j in self._jobs.values() if j.state == RUNNING]
        work = sum(self._remaining(j) for j in running) + sum(self._estimate(j.cfg) for j in ahead)
        return work / self.n_workers + self._estimate(job.cfg)

    def _position(self, job: _Job) -> int:
        """How many queued runs are in front of `job` (0 when it is not queued)."""
        return next((i for i, j in enumerate(self._queue) if j is job), 0) if job.state == QUEUED else 0

    def _remember(self, watcher: str, job: _Job) -> None:
        self._finished[(watcher, job.cfg)] = job
        self._finished.move_to_end((watcher, job.cfg))
        while len(self._finished) > self.max_finished:
            self._finished.popitem(last=False)

    def _start_threads(self) -> None:
        if self._threads:
            return
        self._results = self._ctx.Queue()
        for target, name in ((self._read, "vgl-train-results"), (self._janitor, "vgl-train-janitor")):
            t = threading.Thread(target=target, name=name, daemon=True)
            t.start()
            self._threads.append(t)

    def _spawn(self, n: int) -> None:
        """Start worker processes until there are `n` (at most one per allowed worker)."""
        while len(self._workers) < min(n, self.n_workers):
            self._workers.append(Worker(self._ctx, self._results))

    def _dispatch(self) -> None:
        idle = sum(w.job is None for w in self._workers)
        self._spawn(len(self._workers) + max(0, len(self._queue) - idle))  # new workers only for waiting runs
        for w in self._workers:
            if not self._queue:
                return
            if w.job is None and w.process.is_alive():
                job = self._queue.popleft()
                job.state, job.worker, job.started = RUNNING, w, time.monotonic()
                w.job = job.id
                w.tasks.put((job.id, job.cfg))

    def _cancel(self, job: _Job) -> None:
        job.cancelled = True
        if job.state == QUEUED:
            self._queue.remove(job)
            job.history.append(stopped(job.history))
            job.version += 1
            self._end(job, DONE)
        elif job.state == RUNNING:
            job.worker.cancel.value = job.id  # the worker ends it as "stopped" at its next step

    def _end(self, job: _Job, state: str, error: str | None = None) -> None:
        job.state, job.error = state, error
        if self._jobs.get(job.cfg) is job:
            del self._jobs[job.cfg]
        self._by_id.pop(job.id, None)
        if job in self._queue:
            self._queue.remove(job)
        for watcher in job.watchers:
            self._remember(watcher, job)
        if job.worker is not None and job.worker.job == job.id:
            job.worker.job = None
            job.worker.idle_since = time.monotonic()
        last = job.history[-1] if job.history else None
        if state == DONE and last is not None and last.outcome in KEPT_OUTCOMES:
            self.store.put(job.cfg, job.history)
            if last.step > 0 and last.seconds > 0:  # learn the speed for the queue's estimates
                rate = last.seconds / (last.step * job.cfg.length)
                old = self._rate.get(job.cfg.model)
                self._rate[job.cfg.model] = rate if old is None else 0.7 * old + 0.3 * rate

    def _read(self) -> None:
        """Thread: apply the workers' progress batches to their jobs."""
        while not self._closed:
            try:
                jid, batch, error = self._results.get(timeout=0.5)
            except queue.Empty:
                continue
            except (EOFError, OSError):
                return
            with self._lock:
                if jid == READY:
                    for w in self._workers:
                        if w.process.pid == batch:
                            w.ready, w.idle_since = True, time.monotonic()
                    continue
                job = self._by_id.get(jid)
                if job is None:
                    continue
                if batch:
                    job.history.extend(batch)
                    job.version += len(batch)
                if error is not None:
                    self._end(job, ERROR, error)
                elif job.history and job.history[-1].done:
                    self._end(job, DONE)
                else:
                    continue
                self._dispatch()

    def _janitor(self) -> None:
        """Thread: cancel abandoned runs, retire idle workers, replace dead or overrunning ones."""
        while not self._closed:
            time.sleep(min(1.0, self.abandon_after_s / 4))
            mp.active_children()  # reaps retired workers that have exited
            with self._lock:
                if self._closed:
                    return
                now = time.monotonic()
                for job in list(self._jobs.values()):
                    for watcher, beat in list(job.watchers.items()):
                        if now - beat > self.abandon_after_s:
                            del job.watchers[watcher]
                    if not job.watchers and not job.cancelled:
                        self._cancel(job)
                for w in list(self._workers):
                    job = self._by_id.get(w.job) if w.job is not None else None
                    budget = job.cfg.time_budget_s if job else None
                    late = job and job.started and budget is not None and now - job.started > budget + self.overrun_s
                    if w.process.is_alive() and not late:
                        if w.ready and job is None and not self._queue and now - w.idle_since > self.idle_exit_s:
                            self._workers.remove(w)  # retired: its memory goes back; the next Run starts another
                            w.tasks.put(None)
                        continue
                    if w.process.is_alive():
                        w.process.kill()
                    self._workers.remove(w)
                    if job is not None:
                        self._end(job, ERROR, "the run overran its time budget" if late else "the worker stopped")
                self._dispatch()
