"""The worker processes of the training service (core.jobs): each trains one run at a time, in its own process.

Processes, not threads: in threads the GIL held all training to one core and slowed every page's redraw. A
worker pays torch's one-off set-up before it says it is ready, then trains what arrives on its task queue,
sending its Progress items back in batches; it ends a run as "stopped" when its cancel flag names that run.

A worker runs at a lower CPU priority (`NICENESS`) than the server: training fills the cores nobody else needs,
and a page's redraw for one of thirty students never waits behind it.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import types

SEND_EVERY_S = 0.2  # a worker batches its progress items at most this often (plus the final one)
READY = -1  # the job id a worker reports once it has imported torch and waits for work
NICENESS = 10  # added to a worker's CPU niceness: redraws come first, training takes the spare time
_START_LOCK = threading.Lock()


def worker_main(tasks, results, cancel) -> None:
    """A worker process: train whatever arrives on `tasks`, sending batches of Progress back on `results`."""
    if hasattr(os, "nice"):  # before torch is imported: even the seconds of set-up give way to the server
        os.nice(NICENESS)
    import torch

    from core.training import MODELS, TrainConfig, train

    torch.set_num_threads(1)
    for model in MODELS:  # the first run in a fresh process pays seconds of one-off set-up: pay it before any class
        for _ in train(TrainConfig(length=3, model=model, hidden=2, steps=2, batch=2, stop_when_solved=False)):
            pass
    results.put((READY, os.getpid(), None))  # which worker is ready: its process id
    while True:
        item = tasks.get()
        if item is None:
            return
        jid, cfg = item
        batch, last_sent = [], time.monotonic()
        try:
            for p in train(cfg, should_stop=lambda jid=jid: cancel.value == jid):
                batch.append(p)
                if p.done or time.monotonic() - last_sent >= SEND_EVERY_S:
                    results.put((jid, batch, None))
                    batch, last_sent = [], time.monotonic()
        except Exception as exc:  # noqa: BLE001 - reported to the watchers in words; the worker lives on
            results.put((jid, batch, f"{type(exc).__name__}: {exc}"))


class Worker:
    """One worker process with its own task queue and cancel flag (the id of the job to stop)."""

    def __init__(self, ctx, results):
        self.tasks = ctx.Queue()
        self.cancel = ctx.RawValue("q", -1)
        self.process = ctx.Process(target=worker_main, args=(self.tasks, results, self.cancel), daemon=True,
                                   name="vgl-train-worker")
        with _START_LOCK:  # a spawned child re-imports the parent's __main__: under Streamlit that is the app
            main = sys.modules["__main__"]  # script itself, so show the child a blank one while it starts
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                self.process.start()
            finally:
                sys.modules["__main__"] = main
        self.job: int | None = None
        self.ready = False  # set once the worker reports READY (torch imported, set-up paid)
        self.idle_since = time.monotonic()  # when it last finished (or was given) a run; retired when idle long
