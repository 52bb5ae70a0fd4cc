"""Several replicas behind nginx: a websocket session passes through the load balancer and stays on one replica.

Two app servers on free loopback ports, and an nginx of our own (its config, prefix, pid file and logs in a
temporary directory, listening on a free loopback port) with an `ip_hash` upstream and the websocket upgrade
headers, as the README's "Several replicas" section shows. A browserless client speaks Streamlit's protocol
through it: XSRF cookie from the health check, `/_stcore/stream`, a page run to `script_finished`, a control
moved and the page run again on the same session. Skipped when nginx is not installed (`apt-get install nginx`).
"""

from __future__ import annotations

import asyncio
import random
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.load import Session, Stats
from tests.e2e.browser import ROOT, free_port, start_streamlit, stop

NGINX = Path("/usr/sbin/nginx")
pytestmark = [pytest.mark.e2e, pytest.mark.skipif(not NGINX.exists(), reason="nginx is not installed")]

CONFIG = """
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 128; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
    upstream lab {{
        ip_hash;
        server 127.0.0.1:{a};
        server 127.0.0.1:{b};
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://lab;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_read_timeout 1h;
        }}
    }}
}}
"""


@pytest.fixture(scope="module")
def balanced_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    a, b, port = free_port(), free_port(), free_port()
    replicas = [start_streamlit(ROOT / "app.py", a), start_streamlit(ROOT / "app.py", b)]
    (tmp / "nginx.conf").write_text(CONFIG.format(tmp=tmp, a=a, b=b, port=port))
    nginx = subprocess.Popen([str(NGINX), "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log"),
                              "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    assert r.status == 200
                break
            except OSError:
                if nginx.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"nginx did not start: {nginx.stderr.read().decode()}") from None
                time.sleep(0.3)
        yield url
    finally:
        stop(nginx)
        for r in replicas:
            stop(r)


def test_a_websocket_session_runs_pages_through_nginx(balanced_url):
    stats = Stats()

    async def visit() -> tuple:
        s = Session(balanced_url, stats, random.Random(0), timeout=90)
        await s.connect()
        try:
            first = await s.open("chain")
            charts_first = s.charts
            depth = next(w for w in s.widgets.values() if getattr(w.proto, "query_param_key", "") == "depth")
            s.move(depth)
            second = await s.rerun()
            return first, charts_first, second, s.charts, s.query
        finally:
            await s.close()

    # Its own thread: playwright's sync API (other browser tests in this process) keeps an event loop running here.
    with ThreadPoolExecutor(1) as pool:
        first, charts_first, second, charts_second, query = pool.submit(asyncio.run, visit()).result()
    assert first is not None and second is not None, "no script_finished came back through nginx"
    assert charts_first == 2 and charts_second == 2
    assert "depth=" in query
    assert stats.interactions == 2 and stats.errors == 0, stats
