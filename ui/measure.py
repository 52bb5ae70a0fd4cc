"""Cached measurements the tour and the remedies map share: the same core calls, with the same settings, as the
pages the numbers come from (/deep, /bptt, /training), so a step's chart is that page's chart.

Each result is small (per-layer or per-step arrays) and the settings the two pages use are few, so the caches
are bounded and hold a whole class's worth of visits.
"""

from __future__ import annotations

import numpy as np
import streamlit as st
import torch

from core import deepnet
from core.rnn import RNNConfig, bptt_gradient_norms
from core.tasks import TASKS
from core.training import SeqModel, saliency

DEEP_WIDTH, DEEP_BATCH = 256, 128  # /deep's defaults: width slider 256, its batch of 128 examples
RNN_HIDDEN = 32  # /bptt's default hidden size


def deep_config(act: str, init: str, depth: int, *, bn: bool = False, skip: bool = False,
                scale: float = 1.0) -> deepnet.DeepNetConfig:
    """/deep's network for these settings (its other controls at their defaults)."""
    return deepnet.DeepNetConfig(depth=depth, width=DEEP_WIDTH, activation=act, init=init, weight_scale=scale,
                                 batch_norm=bn, residual=skip, batch=DEEP_BATCH, seed=0)


@st.cache_data(max_entries=32, show_spinner=False)
def deep(cfg: deepnet.DeepNetConfig) -> deepnet.DeepNetStats:
    return deepnet.layer_gradient_stats(cfg)



def rnn_config(cell: str, act: str, scale: float, steps: int, *, init: str = "orthogonal",
               fb: float = 1.0) -> RNNConfig:
    """/bptt's network for these settings (hidden 32, input scale 1, seed 0: its defaults)."""
    return RNNConfig(steps, RNN_HIDDEN, act if cell == "rnn" else "tanh", float(scale), init, 1.0, 0, cell,
                     float(fb) if cell == "lstm" else 1.0)


@st.cache_data(max_entries=32, show_spinner=False)
def bptt(cfg: RNNConfig):
    return bptt_gradient_norms(cfg)


@st.cache_data(max_entries=8, show_spinner=False)
def untrained_saliency(model: str, length: int, task: str = "adding", hidden: int = 32, seed: int = 0) -> np.ndarray:
    """How much an UNTRAINED model's output moves when input t is nudged (/training's saliency, before training).

    Milliseconds, not a training run: it shows the paths the architecture offers the gradient on day one.
    """
    t = TASKS[task]
    torch.manual_seed(seed)
    m = SeqModel(model, t.n_inputs, hidden, t.n_outputs)
    x, _ = t.sample(64, length, seed)
    return saliency(m, x)
