"""The guided tour's table: ten steps, each with the page it comes from and that page's settings (its URL keys).

No streamlit here: the page (pages/tour.py) draws the steps, tests read the table. A step's settings are the
values of its source page's own URL keys, so "Open this on its page" reopens exactly the chart the step shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.chain import ARTICLE_FACTORS
from ui.links import page_link

ARTICLE_TEXT = " ".join(f"{v:g}" for v in ARTICLE_FACTORS)


@dataclass(frozen=True)
class Step:
    name: str  # the step's section in pages/tour.md and its part of chart keys
    title: str
    page: str  # the page it comes from (a row of ui/site.py)
    settings: dict = field(default_factory=dict)  # that page's URL keys → values (lists repeat the key)

    def link(self) -> str:
        """The source page's address with this step's settings: a shared link to the full view."""
        return page_link(self.page, **self.settings)


STEPS: tuple[Step, ...] = (
    Step("update", "A gradient, and one weight update", "deep",
         {"act": "sigmoid", "init": "xavier", "depth": 10, "lr": 0.1}),
    Step("chain", "The chain of derivatives", "chain", {"source": "typed", "factors": ARTICLE_TEXT}),
    Step("slopes", "Activation slopes", "activations", {"fn": "sigmoid", "compare": ["tanh", "relu"]}),
    Step("unrolled", "A recurrent network, unrolled in time", "bptt",
         {"act": "tanh", "scale": 0.9, "init": "orthogonal", "cells": ["rnn"], "steps": 50}),
    Step("bptt", "Backpropagation through time: the gradient vanishes", "bptt",
         {"act": "tanh", "scale": 0.9, "init": "orthogonal", "cells": ["rnn"], "steps": 50}),
    Step("clipping", "Exploding gradients, and clipping", "bptt",
         {"act": "relu", "scale": 1.1, "init": "identity", "cells": ["rnn"], "steps": 100, "clip": 1.0, "lr": 0.01}),
    Step("init", "Deep networks and initialisation", "deep",
         {"act": "relu", "init": "xavier", "depth": 30, "fix": "init"}),
    Step("norm", "Batch norm and skip connections", "deep",
         {"act": "sigmoid", "init": "xavier", "depth": 30, "fix": "batch_norm"}),
    Step("gated", "LSTM and GRU", "bptt",
         {"act": "tanh", "scale": 1.0, "init": "orthogonal", "cells": ["rnn", "lstm", "gru"], "fb": 2.0,
          "steps": 100}),
    Step("attention", "Attention, and every remedy in one place", "training",
         {"task": "adding", "len": 50, "models": ["rnn", "lstm", "gru", "attention"]}),
)
COUNT = len(STEPS)
