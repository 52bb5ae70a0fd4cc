"""Backpropagation through time for the articles' recurrent network: one entry point for every cell.

`bptt_gradient_norms(cfg)` runs the plain RNN in numpy (core.plain_rnn) and the LSTM and GRU in torch
autograd (core.gated); torch is imported only when a gated cell is asked for. The names pages use are
re-exported here: the configuration and result types and the regime rule (core.rnn_model), and the
update sizes behind the clipping chart (core.plain_rnn). The words about a result live in ui.bptt_words.
"""

from __future__ import annotations

from core.numerics import FLOAT32_ROUNDOFF, LOG10_MAX, quiet
from core.plain_rnn import UpdateSizes, plain_gradient_norms, updates_from
from core.rnn_model import (
    CELLS,
    INITS,
    MAX_HIDDEN,
    MAX_STEPS,
    STABLE_TOLERANCE,
    BPTTResult,
    Cell,
    RNNConfig,
    RNNNet,
    gated_rngs,
    make_rnn,
    recurrent_matrix,
    regime_of,
)

__all__ = ["CELLS", "FLOAT32_ROUNDOFF", "INITS", "LOG10_MAX", "MAX_HIDDEN", "MAX_STEPS", "STABLE_TOLERANCE",
           "BPTTResult", "Cell", "RNNConfig", "RNNNet", "UpdateSizes", "bptt_gradient_norms", "gated_rngs",
           "make_rnn", "recurrent_matrix", "regime_of", "updates_from"]


@quiet
def bptt_gradient_norms(cfg: RNNConfig, net: RNNNet | None = None) -> BPTTResult:
    """‖dE/dc(t)‖ for t = 0..T: numpy for the plain RNN, torch autograd for "lstm" and "gru" (see core.gated)."""
    net = make_rnn(cfg) if net is None else net
    if cfg.cell == "rnn":
        return plain_gradient_norms(cfg, net)
    from core.gated import gated_gradient_norms  # torch: only now

    return gated_gradient_norms(cfg, net)
