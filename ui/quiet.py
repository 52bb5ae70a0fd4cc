"""When the server has been quiet for a while, give the memory a class used back to the machine.

A class leaves behind what its thirty sessions computed: cached gradients, networks, random layer draws, and the
heap they were built in. The caches are bounded and expire, but Streamlit only drops an expired entry when
someone asks for it, and the C heap keeps freed pages unless told otherwise. So the router calls `touch()` on
every run; a watcher thread notices when nobody has run anything for `QUIET_S` seconds and then, once per quiet
spell, clears every `st.cache_data` and the `st.cache_resource` caches registered with `forget_when_quiet`, collects
garbage and asks the C allocator to return its free pages (`malloc_trim`, glibc). The training service's stored
results are not touched (its idle worker processes retire by themselves: core/jobs.py).

The next visitor pays a first computation again: tens of milliseconds at a page's default settings.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import logging
import threading
import time
from collections.abc import Callable

import streamlit as st

QUIET_S = 45.0  # seconds without a run before the caches go
CHECK_S = 5.0  # how often the watcher looks

_log = logging.getLogger(__name__)
_state = {"last": time.monotonic(), "cleared": True, "thread": None}
_lock = threading.Lock()
_resources: dict[str, Callable] = {}  # qualified name -> an st.cache_resource function to clear when quiet


def touch() -> None:
    """Someone ran a page: the server is busy (the router calls this on every run)."""
    with _lock:
        _state["last"] = time.monotonic()
        _state["cleared"] = False
        if _state["thread"] is None:
            _state["thread"] = threading.Thread(target=_watch, name="vgl-quiet", daemon=True)
            _state["thread"].start()


def forget_when_quiet(fn: Callable) -> Callable:
    """Register an `st.cache_resource` function whose entries go when the server is quiet (a page calls this
    after defining it; re-running the page registers the same function again, harmlessly)."""
    _resources[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def release() -> None:
    """Clear the caches and give freed heap back now (the watcher calls this; tests may too)."""
    st.cache_data.clear()
    for fn in list(_resources.values()):
        fn.clear()
    gc.collect()
    trim_heap()


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, looked up once (find_library runs a program to search), or None without glibc."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None


def trim_heap() -> bool:
    """Ask glibc to return free heap pages to the machine: True if it gave some back (False without glibc)."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False


def _watch() -> None:
    while True:
        time.sleep(CHECK_S)
        with _lock:
            quiet = not _state["cleared"] and time.monotonic() - _state["last"] > QUIET_S
            if quiet:
                _state["cleared"] = True
        if quiet:
            try:
                release()
            except Exception:  # noqa: BLE001 - never let the watcher die; the next quiet spell tries again
                _log.exception("releasing memory after a quiet spell failed")
