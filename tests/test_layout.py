"""The pipeline's order: no module of govsearch imports one above it."""

import ast
import subprocess
import sys
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
    {"storage", "manifest", "corpus", "grams", "blocks", "schema", "copies", "build", "cluster", "index"},
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



# modules a query never needs: each loads when a command uses it
LAZY = ("govsearch.views", "govsearch.places", "govsearch.readers", "govsearch.build", "govsearch.tags")
ENGINE = ("numpy", "whoosh")


def loaded(code):
    """Which of ``LAZY`` (and of numpy, Whoosh: by package) a fresh interpreter holds after running ``code``."""
    probe = (f"{code}\nimport sys\n"
             f"print(sorted({{m if m.startswith('govsearch') else m.split('.')[0] "
             f"for m in sys.modules if m.startswith({LAZY + ENGINE!r})}}))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return ast.literal_eval(out.strip().splitlines()[-1])


def test_importing_govsearch_or_its_cli_loads_no_engine():
    # what --version and --help load: Click and the renderer, no numpy nor Whoosh
    assert loaded("import govsearch") == []
    assert loaded("import govsearch.cli") == []


def test_the_api_loads_no_view_no_place_table_no_reader():
    assert loaded("import govsearch; govsearch.Index") == ["numpy"]


def run_cli(index, *argv):
    """Code running the CLI in-process on ``index`` with ``argv``: it must exit 0."""
    argv = ["govsearch", "--index", str(index), *argv]
    return (f"import sys; sys.argv = {argv!r}\nfrom govsearch import cli\n"
            "try: cli.main()\nexcept SystemExit as exit: assert exit.code == 0, exit.code")


def test_a_query_loads_neither_views_nor_places_nor_whoosh(seed_index):
    # searching, scoring and reading passages need the corpus and the blocks, not Whoosh
    assert loaded(run_cli(seed_index, "query", "发展", "--limit", "3", "--color", "never")) == ["numpy"]
    assert loaded(run_cli(seed_index, "show", first_id(seed_index))) == ["numpy"]
    # the probe sees a view, and Whoosh, when they are used
    assert loaded(run_cli(seed_index, "compare", "发展", "--by", "year")) == [
        "govsearch.views", "govsearch.views.compare", "numpy"]
    assert "whoosh" in loaded(run_cli(seed_index, "terms", "--district", "钟楼"))


def first_id(index):
    import govsearch

    with govsearch.Index(index) as ix:
        return ix.search("发展", limit=1).hits[0].id


def test_the_views_dataclasses_are_still_part_of_the_api():
    from govsearch import api
    from govsearch.views import compare, figures, listing, terms

    assert (api.Comparison, api.Figure, api.Figures, api.SORTS, api.DocumentHits, api.Term, api.Terms) == (
        compare.Comparison, figures.Figure, figures.Figures, listing.SORTS, listing.DocumentHits, terms.Term,
        terms.Terms)
    with pytest.raises(AttributeError):
        api.Nothing
