"""The layering rule: core and spreadsheets never import Qt; compute starts without Qt or openpyxl."""

import ast
import subprocess
import sys

import pytest

from .conftest import ROOT

FORBIDDEN = {
    "core": ("PySide6", "pyqtgraph", "openpyxl", "python_calamine", "desktop.ui", "desktop.spreadsheets", "shiboken6"),
    "spreadsheets": ("PySide6", "pyqtgraph", "desktop.ui", "shiboken6"),
}


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                package = ".".join(path.relative_to(ROOT).with_suffix("").parts[: -node.level])
                yield f"{package}.{node.module}" if node.module else package
            elif node.module:
                yield node.module


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_one_way(layer):
    offenders = []
    for path in sorted((ROOT / "desktop" / layer).rglob("*.py")):
        for name in _imports(path):
            if name.startswith(FORBIDDEN[layer]):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_headless_compute_loads_neither_qt_nor_openpyxl():
    code = (
        "import sys, io, contextlib\n"
        "from desktop.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['compute', '--preset', 'hague-2035', '--json']) == 0\n"
        "loaded = [m for m in ('PySide6', 'pyqtgraph', 'openpyxl', 'python_calamine') if m in sys.modules]\n"
        "print(','.join(loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
