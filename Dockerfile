# Vanishing Gradient Lab in a container: the same pinned requirements, nothing fetched at run time.
#   docker build -t vgl .
#   docker run --rm -p 8501:8501 vgl          # then open http://localhost:8501
# Inside the container the server listens on 0.0.0.0:8501 (it must, to be reachable through the port mapping);
# publish it as -p 127.0.0.1:8501:8501 to keep it to this machine.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    OMP_NUM_THREADS=1 \
    OPENBLAS_NUM_THREADS=1

WORKDIR /app

# torch first, from PyTorch's CPU index (PyPI's Linux wheel pulls in CUDA, gigabytes the app never uses);
# 2.13.0+cpu satisfies requirements.txt's torch==2.13.0, so the second line only adds the rest.
COPY requirements.txt .
RUN pip install --index-url https://download.pytorch.org/whl/cpu torch==2.13.0 \
    && pip install -r requirements.txt

COPY .streamlit .streamlit
COPY app.py .
COPY core core
COPY ui ui
COPY pages pages

RUN useradd --create-home --uid 10001 lab
USER lab

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s \
    CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
