"""Every word a non-technical reader meets, in one plain sentence or two (no streamlit: tests and the handout use it).

`TERMS` is the glossary the /glossary page shows; `ALIASES` are the other spellings a control's label or a chart's
axis may use for the same word; `explain(text)` finds the glossary words named in a label and returns their
sentences, so hover help on a control says what its words mean without every page repeating them.
"""

from __future__ import annotations

import re

TERMS: dict[str, str] = {
    "gradient": "How much the error would change if one weight were nudged a little, for every weight at once. "
                "Training moves each weight against its gradient; a gradient near 0 means that weight stops "
                "learning.",
    "derivative": "The rate at which one number changes when another changes a little: the slope of a curve at "
                  "one point. A gradient is made of derivatives.",
    "slope": "How steep a curve is at a point: 0 where it is flat, 1 where the output changes exactly as fast "
             "as the input. An activation's slope is the factor it passes back to the layer before.",
    "chain rule": "The rule that the derivative of a chain of steps is the product of each step's derivative. "
                  "Many factors below 1 multiply to almost nothing: that is the vanishing gradient.",
    "weight": "A number inside the network that training adjusts. Each connection between units has one; "
              "its size stretches or shrinks the signal that passes.",
    "learning rate": "How big a step training takes: new weight = old weight − learning rate × gradient. "
                     "Too small and nothing moves; too large and training jumps about or blows up.",
    "activation": "The function each unit applies to its input (sigmoid, tanh, ReLU…). Where it is flat, "
                  "its slope is near 0 and the gradient passing through it shrinks.",
    "saturation": "An activation's flat stretch: sigmoid and tanh level off for large inputs, so their slope "
                  "there is almost 0 and almost no gradient gets through.",
    "layer": "One stage of a network: a row of units that takes the previous stage's output, weights it and "
             "applies the activation. A deep network has many layers in a row.",
    "time step": "One position in a sequence (one word, one reading). A recurrent network runs once per time "
                 "step, so a long sequence is like a very deep network.",
    "hidden state": "The recurrent network's memory: a list of numbers it carries from one time step to the next "
                    "and updates with each new input. Its length is the number of hidden units.",
    "backpropagation": "How a network finds its gradients: start from the error at the output and pass it "
                       "backwards, layer by layer, multiplying by each layer's slope and weights (the chain rule).",
    "BPTT": "Backpropagation through time: backpropagation in a recurrent network, passing the error back "
            "through every time step, one multiplication per step.",
    "norm": "One number for the size of a list of numbers (here the square root of the sum of their squares). "
            "The charts show a gradient's norm to say how big it is.",
    "exploding": "A gradient that grows as it travels back, because its factors are above 1: the weights then "
                 "jump by huge amounts and training breaks down (the numbers may become infinite).",
    "vanishing": "A gradient that shrinks as it travels back, because its factors are below 1: the early layers "
                 "or early time steps get almost no signal and stop learning.",
    "clipping": "Capping the gradient's size before the update: if its norm is above a threshold, scale it down "
                "to the threshold. It tames exploding gradients; it cannot bring back a vanished one.",
    "initialisation": "How the weights are set before training starts. Xavier (Glorot) and He choose their "
                      "spread so the signal keeps its size from layer to layer.",
    "batch norm": "Batch normalisation: each layer rescales its inputs over a batch of examples to mean 0 and "
                  "spread 1, so they stay where the activation is not flat.",
    "skip connection": "A shortcut that adds a layer's input to its output, so the gradient has a path that "
                       "skips the layer's multiplication (residual networks).",
    "gate": "A set of numbers between 0 and 1 that decides how much of a signal passes. LSTM and GRU gates "
            "decide what the memory keeps, forgets and lets out.",
    "LSTM": "Long short-term memory: a recurrent cell with a separate memory line controlled by forget, input "
            "and output gates. When the forget gate stays open, the gradient travels back almost unchanged.",
    "GRU": "Gated recurrent unit: a simpler gated cell than the LSTM, with an update gate that chooses how much "
           "of the old memory to keep at each step.",
    "attention": "A layer that lets the output look directly at every time step's state, weighting each one, "
                 "so the gradient reaches early steps in one hop instead of through every step between.",
    "loss": "The error: one number saying how wrong the network's answers are. Training lowers it; the "
            "gradient is the loss's derivative with respect to each weight.",
    "epoch/step": "A training step is one weight update from one batch of examples; an epoch is one pass over "
                  "all the training data (many steps).",
}

ALIASES: dict[str, tuple[str, ...]] = {
    "gradient": ("gradients",),
    "derivative": ("derivatives", "∂"),
    "slope": ("slopes",),
    "weight": ("weights",),
    "activation": ("activations", "activation function"),
    "saturation": ("saturated", "saturates", "flat"),
    "layer": ("layers",),
    "time step": ("time steps", "sequence length"),
    "hidden state": ("hidden units", "hidden size", "hidden"),
    "backpropagation": ("backprop",),
    "BPTT": ("backpropagation through time",),
    "norm": ("norms",),
    "exploding": ("explodes", "explode"),
    "vanishing": ("vanishes", "vanish"),
    "clipping": ("clip", "clipped"),
    "initialisation": ("init", "initialization", "xavier", "glorot", "he init"),
    "batch norm": ("batch normalisation", "batch normalization"),
    "skip connection": ("skip connections", "residual", "skips"),
    "gate": ("gates", "forget gate", "forget bias", "update gate"),
    "loss": (),
    "epoch/step": ("epoch", "training steps"),
}

WORDS = tuple(TERMS)  # the glossary's words, in the order a reader meets them


def _pattern(term: str) -> re.Pattern:
    spellings = sorted((term, *ALIASES.get(term, ())), key=len, reverse=True)
    alts = "|".join(re.escape(s) for s in spellings)
    return re.compile(rf"(?<![\w]){'(?:' + alts + ')'}(?![\w])", re.IGNORECASE)


_PATTERNS = {term: _pattern(term) for term in TERMS}


def named(text: str) -> list[str]:
    """The glossary words `text` names (by the word or one of its aliases), in glossary order."""
    if not text:
        return []
    spans = {term: [m.span() for m in pat.finditer(text)] for term, pat in _PATTERNS.items()}
    spans = {term: found for term, found in spans.items() if found}

    def inside(term: str) -> bool:  # "norm" within "batch norm" is not a second word
        return all(any(o != term and a <= s and e <= b and (a, b) != (s, e) for o in spans for a, b in spans[o])
                   for s, e in spans[term])

    return [term for term in spans if not inside(term)]


def explain(text: str) -> str:
    """The glossary sentences for the words `text` names, one paragraph each ('' when it names none)."""
    return "\n\n".join(f"**{term}**: {TERMS[term]}" for term in named(text))


def with_glossary(label: str, help: str | None) -> str | None:
    """A control's hover help: its own help, then what the glossary words in its label mean."""
    words = explain(label)
    if not words:
        return help
    return f"{help}\n\n{words}" if help else words
