"""The floor: a bare one-slider Streamlit page redrawing one plotly chart. Our pages are measured against it."""

import numpy as np
import plotly.graph_objects as go
import streamlit as st

k = st.slider("Frequency", 1, 100, 20)
x = np.linspace(0.0, 1.0, 200)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.sin(k * x))))
