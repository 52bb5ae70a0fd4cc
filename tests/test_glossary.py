"""Every word the issue lists is explained, on /glossary and in the hover help of the controls that name it."""

from __future__ import annotations

from tests.apptest import open_page
from ui import figures, glossary

LISTED = ["gradient", "derivative", "slope", "chain rule", "weight", "learning rate", "activation", "saturation",
          "layer", "time step", "hidden state", "backpropagation", "BPTT", "norm", "exploding", "clipping",
          "initialisation", "batch norm", "skip connection", "gate", "LSTM", "GRU", "attention", "loss", "epoch/step"]


def test_every_listed_word_has_an_entry():
    for word in LISTED:
        assert word in glossary.TERMS and len(glossary.TERMS[word]) > 40, word


def test_clipping_entry_teaches_the_truth():
    assert "cannot" in glossary.TERMS["clipping"] and "exploding" in glossary.TERMS["clipping"]


def test_labels_find_their_words_and_not_the_words_inside_longer_ones():
    assert glossary.named("Learning rate") == ["learning rate"]
    assert glossary.named("Batch norm") == ["batch norm"]  # not also "norm"
    assert glossary.named("Clipping threshold (largest gradient norm allowed)") == ["gradient", "norm", "clipping"]
    assert glossary.named("Random seed") == []
    assert glossary.with_glossary("Random seed", "own") == "own"
    assert glossary.with_glossary("Hidden units", "own").startswith("own\n\n**hidden state**")


def test_the_glossary_page_shows_every_word():
    at = open_page("glossary")
    assert not at.exception
    shown = "\n".join(m.value for m in at.markdown)
    for word in glossary.TERMS:
        assert f"**{word}**" in shown, word


def test_controls_that_name_a_word_carry_its_sentence_on_hover():
    at = open_page("bptt")
    lr = next(w for w in at.select_slider if w.key == "lr")
    assert glossary.TERMS["learning rate"] in lr.help
    steps = next(w for w in at.slider if w.key == "steps")
    assert steps.help.startswith("How long the sequence is.") and glossary.TERMS["time step"] in steps.help


def test_every_chart_says_how_to_read_its_axes_and_lines():
    at = open_page("deep")
    helps = [c.help for c in at.caption if c.value == figures.READING]
    assert len(helps) == len(at.get("plotly_chart")) > 0
    first = helps[0]
    assert "Across (x axis):** layer (1 = nearest the input)" in first and "log scale" in first
    assert "weight gradient ‖dL/dW‖" in first and glossary.TERMS["layer"] in first
