"""core/'s shape: no import cycles, no private names borrowed across modules, short modules, no torch on numpy pages."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "core"
MAX_LINES = 350


def _imports() -> dict[str, list[tuple[str, list[str], bool]]]:
    """module → (imported core module, names, at module top level?) for every `from core… import …`."""
    out: dict[str, list[tuple[str, list[str], bool]]] = {}
    for path in sorted(CORE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        top = {id(n) for n in tree.body}
        found = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("core"):
                names = [a.name for a in node.names]
                mods = [f"core.{n}" for n in names] if node.module == "core" else [node.module]
                found += [(m.removeprefix("core."), names, id(node) in top) for m in mods]
        out[path.stem] = found
    return out


def test_no_import_cycle_in_core():
    graph = {m: {dep for dep, _, _ in deps} for m, deps in _imports().items()}
    state: dict[str, int] = {}

    def visit(m: str, trail: list[str]) -> None:
        assert state.get(m) != 1, f"import cycle: {' → '.join(trail + [m])}"
        if state.get(m) == 2:
            return
        state[m] = 1
        for dep in graph.get(m, ()):
            visit(dep, trail + [m])
        state[m] = 2

    for m in graph:
        visit(m, [])


def test_no_private_name_imported_across_core_modules():
    for module, deps in _imports().items():
        for dep, names, _ in deps:
            private = [n for n in names if n.startswith("_")]
            assert not private, f"core.{module} imports {private} from core.{dep}"


def test_every_core_module_is_short():
    for path in CORE.glob("*.py"):
        n = len(path.read_text(encoding="utf-8").splitlines())
        assert n <= MAX_LINES, f"{path.name} has {n} lines"


def test_the_numpy_path_never_loads_torch():
    code = ("import sys; from core.rnn import RNNConfig, bptt_gradient_norms, updates_from; "
            "from core import chain, deepnet; "
            "r = bptt_gradient_norms(RNNConfig(steps=20, hidden=4, skip=2)); updates_from(r, 0.1, 1.0); "
            "deepnet.layer_gradient_stats(deepnet.DeepNetConfig(depth=3, width=8, batch=4)); "
            "assert 'torch' not in sys.modules, 'torch was imported'; "
            "bptt_gradient_norms(RNNConfig(steps=3, hidden=2, cell='gru')); assert 'torch' in sys.modules")
    done = subprocess.run([sys.executable, "-c", code], cwd=CORE.parent, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
