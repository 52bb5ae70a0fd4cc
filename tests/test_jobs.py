"""The training service: identical runs are shared, distinct ones queue for two worker processes, Stop and the
time budget end runs, an abandoned run frees its worker, finished runs are reused.

One service (two spawned workers) for the module; every test uses its own seeds, so no test sees another's runs.
"""

import dataclasses
import os
import time

import pytest

from core.jobs import DONE, ERROR, QUEUED, RUNNING, QueueFull, ResultStore, TrainingService
from core.training import TrainConfig
from core.workers import NICENESS

TINY = TrainConfig(task="adding", length=10, model="rnn", hidden=8, steps=20, stop_when_solved=False)
LONG = dataclasses.replace(TINY, steps=1_000_000, time_budget_s=60.0)  # runs until stopped


@pytest.fixture(scope="module")
def svc():
    service = TrainingService(workers=2, abandon_after_s=20.0)
    assert service.warm(wait_s=120)
    yield service
    service.close()


def wait(svc, cfg, watcher, until, timeout=60.0):
    """Watch (heartbeating) until `until(view)` holds; return that view."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        view = svc.watch(cfg, watcher)
        if view is not None and until(view):
            return view
        time.sleep(0.05)
    raise AssertionError(f"timed out; last view {view}")


def done(view):
    return view.state in (DONE, ERROR)


def running(view):
    return view.state == RUNNING and len(view.history) > 0


def test_a_run_streams_to_the_end_and_is_reused_at_once(svc):
    cfg = dataclasses.replace(TINY, seed=101)
    first = svc.submit(cfg, "a")
    assert first.state in (QUEUED, RUNNING) and not first.reused
    end = wait(svc, cfg, "a", done)
    assert end.state == DONE and end.outcome == "not solved" and [p.step for p in end.history] == list(range(1, 21))
    t0 = time.perf_counter()
    again = svc.submit(cfg, "b")
    assert time.perf_counter() - t0 < 0.1
    assert again.state == DONE and again.reused and again.history == end.history
    assert svc.result(cfg) == end.history


def test_identical_settings_join_one_run(svc):
    cfg = dataclasses.replace(TINY, steps=400, length=20, seed=102)
    views = [svc.submit(cfg, f"student{i}") for i in range(30)]
    assert views[-1].watchers == 30 and svc.status()["queued"] + svc.status()["running"] == 1
    ends = [wait(svc, cfg, f"student{i}", done) for i in range(30)]
    assert all(e.outcome == "not solved" for e in ends)
    assert all(e.history is ends[0].history for e in ends)  # one shared history, not thirty copies


def test_distinct_runs_queue_in_order_with_positions_and_estimates(svc):
    busy = [dataclasses.replace(LONG, seed=200 + i) for i in range(2)]
    for cfg in busy:
        svc.submit(cfg, "t")
    for cfg in busy:
        wait(svc, cfg, "t", running)
    waiting = [dataclasses.replace(TINY, seed=210 + i) for i in range(3)]
    views = [svc.submit(cfg, "q") for cfg in waiting]
    assert [v.state for v in views] == [QUEUED] * 3 and [v.ahead for v in views] == [0, 1, 2]
    assert 0 < views[0].eta_s < views[1].eta_s < views[2].eta_s
    svc.stop(waiting[0], "q")  # stop while queued: ends at once, the others move up
    gone = svc.watch(waiting[0], "q")
    assert gone.state == DONE and gone.outcome == "stopped"
    assert [svc.watch(c, "q").ahead for c in waiting[1:]] == [0, 1]
    svc.stop(busy[0], "t")  # stop while running: the worker ends it and takes the next in the queue
    stopped = wait(svc, busy[0], "t", done, timeout=20)
    assert stopped.outcome == "stopped" and stopped.history[-1].step > 0
    assert wait(svc, waiting[1], "q", done).outcome == "not solved"
    assert svc.watch(waiting[2], "q").state in (QUEUED, RUNNING, DONE)
    svc.stop(busy[1], "t")
    assert wait(svc, waiting[2], "q", done).outcome == "not solved"
    assert wait(svc, busy[1], "t", done).outcome == "stopped"
    assert svc.result(busy[0]) is None  # a stopped run is not kept as the answer for these settings


def test_one_watcher_stopping_leaves_the_run_to_the_others(svc):
    cfg = dataclasses.replace(LONG, seed=300)
    svc.submit(cfg, "a")
    svc.submit(cfg, "b")
    wait(svc, cfg, "a", running)
    svc.stop(cfg, "a")
    mine = svc.watch(cfg, "a")
    assert mine.state == DONE and mine.outcome == "stopped"
    theirs = svc.watch(cfg, "b")
    assert theirs.state == RUNNING and theirs.watchers == 1
    svc.stop(cfg, "b")
    assert wait(svc, cfg, "b", done, timeout=20).outcome == "stopped"


def test_time_budget_ends_a_run_and_the_service_caps_it(svc):
    cfg = dataclasses.replace(LONG, seed=400, time_budget_s=0.5)
    svc.submit(cfg, "a")
    assert wait(svc, cfg, "a", done, timeout=30).outcome == "timed out"
    assert svc.normalise(dataclasses.replace(TINY, time_budget_s=None)).time_budget_s == svc.max_budget_s
    assert svc.normalise(dataclasses.replace(TINY, time_budget_s=1e9)).time_budget_s == svc.max_budget_s


def test_an_abandoned_run_is_cancelled_and_frees_its_worker(svc):
    cfg = dataclasses.replace(LONG, seed=500)
    svc.submit(cfg, "gone")
    wait(svc, cfg, "gone", running)
    svc.abandon_after_s = 1.0
    try:
        deadline = time.monotonic() + 20
        while svc.status()["running"] and time.monotonic() < deadline:
            time.sleep(0.1)  # nobody watches (no heartbeats)
        assert svc.status()["running"] == 0 and svc.status()["queued"] == 0
    finally:
        svc.abandon_after_s = 20.0
    assert svc.watch(cfg, "gone") is None  # ended for nobody; nothing kept


def test_impossible_settings_end_in_a_plain_error_and_the_worker_lives_on(svc):
    bad = dataclasses.replace(TINY, lr=-1.0, seed=600)
    svc.submit(bad, "a")
    end = wait(svc, bad, "a", done)
    assert end.state == ERROR and "learning rate" in end.error
    cfg = dataclasses.replace(TINY, seed=601)
    svc.submit(cfg, "a")
    assert wait(svc, cfg, "a", done).outcome == "not solved"
    assert svc.status()["alive"] == 2


def test_workers_train_at_a_lower_priority_than_the_server(svc):
    pids = [w.process.pid for w in svc._workers]
    assert len(pids) == 2
    for pid in pids:
        assert os.getpriority(os.PRIO_PROCESS, pid) >= os.getpriority(os.PRIO_PROCESS, 0) + NICENESS


def test_an_idle_worker_retires_and_the_next_run_starts_another():
    service = TrainingService(workers=1, idle_exit_s=1.0)
    try:
        assert service.warm(wait_s=120)
        first = service._workers[0].process
        deadline = time.monotonic() + 30
        while service.status()["started"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert service.status()["started"] == 0  # retired: nothing left holding torch's memory
        first.join(10)
        assert not first.is_alive()
        cfg = dataclasses.replace(TINY, seed=700)
        service.submit(cfg, "a")
        assert service.status()["started"] == 1  # a Run brings a worker back
        assert wait(service, cfg, "a", done, timeout=120).outcome == "not solved"
    finally:
        service.close()


def test_the_queue_is_bounded():
    service = TrainingService(workers=1, max_queue=2)
    try:
        service._dispatch = lambda: None  # no workers: everything stays queued
        service.submit(dataclasses.replace(TINY, seed=1), "a")
        service.submit(dataclasses.replace(TINY, seed=2), "a")
        service.submit(dataclasses.replace(TINY, seed=2), "b")  # joining costs no place
        with pytest.raises(QueueFull):
            service.submit(dataclasses.replace(TINY, seed=3), "a")
    finally:
        service.close()


def test_result_store_is_a_bounded_lru():
    store = ResultStore(max_entries=2)
    store.put("a", [1])
    store.put("b", [2])
    assert store.get("a") == (1,)
    store.put("c", [3])
    assert store.get("b") is None and store.get("a") == (1,) and len(store) == 2
