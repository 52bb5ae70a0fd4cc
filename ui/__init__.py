"""Helpers the pages share: URL-bound widgets, plotly figure builders, the palette, numbers for people."""
