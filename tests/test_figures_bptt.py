"""ui/bptt_figures: the unrolled diagram draws the skip path's jumps, and only jumps that exist; the norms chart's
axis names only the cells it draws."""

from __future__ import annotations

import pytest

from core.rnn import RNNConfig, bptt_gradient_norms
from ui import bptt_figures


@pytest.mark.parametrize("steps,k", [(50, 2), (100, 5), (100, 60), (100, 100), (7, 3), (1, 1), (5000, 7)])
def test_every_drawn_jump_is_a_whole_number_of_skips_between_drawn_steps(steps, k):
    r = bptt_gradient_norms(RNNConfig(steps=steps, hidden=4, skip=k))
    drawn, jumps = bptt_figures.diagram_steps(r)
    assert jumps and jumps[0][0] == steps and 0 in drawn and steps in drawn
    for b, a in jumps:
        assert a in drawn and b in drawn and b > a >= 0 and (b - a) % k == 0
    layout = bptt_figures.diagram_figure(r).layout
    plain = bptt_figures.diagram_figure(bptt_gradient_norms(RNNConfig(steps=steps, hidden=4))).layout
    assert len(layout.shapes) == len(jumps) and not plain.shapes
    arrows = [a for a in layout.annotations if a.showarrow]
    assert len(arrows) == len(drawn) - 1 + len(jumps)  # one step-by-step arrow per gap, one head per jump


def test_no_jump_is_drawn_when_the_skip_is_longer_than_the_sequence():
    r = bptt_gradient_norms(RNNConfig(steps=8, hidden=4, skip=10))
    assert bptt_figures.diagram_steps(r)[1] == [] and not bptt_figures.diagram_figure(r).layout.shapes


@pytest.mark.parametrize("cells,says,not_says", [
    (["rnn"], "dE/dc(t)", "dE/dh"), (["lstm"], "dE/dh(t)", "dE/dc"), (["gru", "lstm"], "dE/dh(t)", "dE/dc"),
    (["rnn", "gru"], "gated cells' ‖dE/dh(t)‖", None)])
def test_the_norms_axis_names_only_the_cells_drawn(cells, says, not_says):
    results = [bptt_gradient_norms(RNNConfig(steps=6, hidden=3, cell=c)) for c in cells]
    title = bptt_figures.norms_figure(results).layout.yaxis.title.text
    assert says in title
    assert not_says is None or not_says not in title
    assert ("dE/dc(t)" in title) == ("rnn" in cells)
    if cells == ["rnn"]:
        sweep = bptt_figures.norms_sweep_figure({0.5: bptt_figures.norms_traces(results[0])}, results[0])
        assert sweep.layout.yaxis.title.text == title
