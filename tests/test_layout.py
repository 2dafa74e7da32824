"""The pipeline's order: no module of govsearch imports one above it."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "govsearch"

# each module's stage; a module may import only modules of its stage or below
STAGES = [
    {"errors", "lines", "characters", "places"},
    {"readers"},
    {"passages"},
    {"tags"},
    {"analysis"},
    {"storage", "manifest", "corpus", "grams", "blocks", "schema", "build", "index"},
    {"query"},
    {"search"},
    {"views"},
    {"api"},
    {"render", "web"},
    {"cli", "__main__", "__init__"},
]
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}


def imported(path, level=1):
    """The govsearch modules a file imports (relative imports, and ``govsearch.x``).

    ``level`` is how many dots name the package from ``path`` (2 inside a sub-package).
    """
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == level:
            found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("govsearch."):
            found.add(node.module.split(".")[1])
    return found


def modules():
    return sorted(p for p in PACKAGE.glob("*.py"))


def test_every_module_has_a_stage():
    assert {p.stem for p in modules()} <= set(RANK)


@pytest.mark.parametrize("path", modules(), ids=lambda p: p.stem)
def test_no_module_imports_one_above_it(path):
    above = {name for name in imported(path) & RANK.keys() if RANK[name] > RANK[path.stem]}
    assert not above, f"{path.stem} imports {above}"


def packages():
    return sorted(p for p in PACKAGE.glob("*/*.py") if p.parent.name in RANK)


@pytest.mark.parametrize("path", packages(), ids=lambda p: f"{p.parent.name}.{p.stem}")
def test_no_module_of_a_package_imports_one_above_it(path):
    stage = path.parent.name
    above = {name for name in imported(path, level=2) & RANK.keys() if RANK[name] > RANK[stage]}
    assert not above, f"{stage}.{path.stem} imports {above}"
