"""What the training service (core.jobs) hands a watcher: a JobView of one run, and the store of finished runs."""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from core.training import Progress, TrainConfig

QUEUED, RUNNING, DONE, ERROR = "queued", "running", "done", "error"


@dataclass(frozen=True)
class JobView:
    """What a watcher sees of one run: where it is, and its history so far (shared, never copied per watcher)."""

    cfg: TrainConfig
    state: str  # queued, running, done, error
    history: tuple[Progress, ...] = ()
    version: int = 0  # grows with every change of history: a cache key for charts
    ahead: int = 0  # queued runs in front of this one (0 once running)
    eta_s: float | None = None  # rough seconds until this run is done
    watchers: int = 0
    error: str | None = None
    reused: bool = False  # the finished result came from the store, not from a run this session watched

    @property
    def active(self) -> bool:
        return self.state in (QUEUED, RUNNING)

    @property
    def outcome(self) -> str | None:
        return self.history[-1].outcome if self.history and self.history[-1].done else None


class ResultStore:
    """A small thread-safe LRU of finished runs, keyed by their TrainConfig: a second Run is instant."""

    def __init__(self, max_entries: int = 64):
        self.max_entries = max_entries
        self._runs: OrderedDict[TrainConfig, tuple[Progress, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, cfg) -> tuple[Progress, ...] | None:
        with self._lock:
            run = self._runs.get(cfg)
            if run is not None:
                self._runs.move_to_end(cfg)
            return run

    def put(self, cfg, history: Sequence[Progress]) -> None:
        with self._lock:
            self._runs[cfg] = tuple(history)
            self._runs.move_to_end(cfg)
            while len(self._runs) > self.max_entries:
                self._runs.popitem(last=False)

    def __len__(self) -> int:
        return len(self._runs)


def stopped(history: Sequence[Progress]) -> Progress:
    """A final "stopped" item after `history` (the last held-out score it had, if any)."""
    last = history[-1] if history else Progress(step=0, loss=float("nan"), grad_norm=float("nan"),
                                                first_step_grad=float("nan"))
    score = next((p.score for p in reversed(history) if p.score is not None), None)
    return dataclasses.replace(last, done=True, outcome="stopped", score=score, saliency=())
