"""Pure maths behind Vanishing Gradient Lab: no streamlit here, only numpy (and torch where a cell needs it)."""
