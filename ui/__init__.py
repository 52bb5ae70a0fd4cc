"""Helpers the pages share: URL-bound widgets, plotly figure builders, the palette, numbers for people."""

from ui.router import take_over_from_pages_folder

# Every page imports ui first thing, so this is where a first-visit deep link is handed to app.py's router.
take_over_from_pages_folder()
