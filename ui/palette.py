"""One colour-blind-safe palette (Okabe & Ito, 2008) and line styles that still differ in greyscale."""

from __future__ import annotations

BLUE = "#0072B2"
ORANGE = "#E69F00"
GREEN = "#009E73"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
YELLOW = "#F0E442"
BLACK = "#000000"
GREY = "#6E6E6E"

SERIES: tuple[str, ...] = (BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY, BLACK)
DASHES: tuple[str, ...] = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid")
SYMBOLS: tuple[str, ...] = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross")

# Meaning-bearing colours, used the same way on every page.
VANISHING = BLUE
EXPLODING = VERMILLION
STABLE = GREEN
REFERENCE = GREY  # bounds, ceilings, "factor = 1" lines, floors

SATURATED_FILL = "rgba(213, 94, 0, 0.12)"  # shaded 'flat' regions of an activation


def series(i: int) -> dict:
    """Colour, dash and marker for the i-th line of a chart, so lines differ by more than colour."""
    k = i % len(SERIES)
    return {"color": SERIES[k], "dash": DASHES[k], "symbol": SYMBOLS[k]}
