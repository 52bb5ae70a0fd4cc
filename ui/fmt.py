"""Number formatting for people (re-exported from core.fmt so pages import from ui)."""

from core.fmt import percent, product_text, sci, sci_log10, superscript

__all__ = ["percent", "product_text", "sci", "sci_log10", "superscript"]
