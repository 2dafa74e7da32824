#!/usr/bin/env python3
"""Audit ``figures``' place × year table against a reference: right, wrong, missing and extra cells.

    python scripts/figures_audit.py INDEX REFERENCE.tsv [--indicator 地区生产总值] [--kind target]
    python scripts/figures_audit.py --write FOLDER

``REFERENCE.tsv`` has a header and rows ``district<TAB>year<TAB>cell``, the cell as
the table prints it (``5%左右``, ``≥ 6%``, ``6%—6.5%``). A year whose report sets no
target has no row: a cell there is extra. ``--write FOLDER`` writes the reports of
``tests/figures_fixtures.py`` (national 1998–2025, the provinces' 2025) with their
reference, to index and audit. One line per cell that is not right, then the totals.
Exit 0 when every cell is right and none extra, 1 otherwise.
"""

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import govsearch  # noqa: E402
from govsearch import render  # noqa: E402


def reference(path):
    """``{(district, year): cell}`` of a reference TSV."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return {(district, int(year)): cell for district, year, cell in rows[1:]}


def table(index_path, indicator="地区生产总值", kind="target"):
    """``{(district, year): cell}`` of the index's table, as ``figures --by district --then year`` prints it."""
    with govsearch.Index(index_path) as ix:
        found = ix.figures(indicator, by="district", then="year", kind=kind)
    return {(row["value"], year): render.figures_cell(cell)
            for row in found.rows for year, cell in row["cells"].items()}


def audit(found, expected):
    """``(verdict, district, year, found, expected)`` for every cell either holds (right, wrong, missing, extra)."""
    out = []
    for key in sorted(set(found) | set(expected), key=lambda k: (k[0], k[1])):
        got, want = found.get(key, ""), expected.get(key, "")
        verdict = "right" if got == want else "extra" if not want else "missing" if not got else "wrong"
        out.append((verdict, *key, got, want))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", metavar="INDEX REFERENCE")
    parser.add_argument("--indicator", default="地区生产总值")
    parser.add_argument("--kind", default="target", choices=("target", "outcome"))
    parser.add_argument("--write", metavar="FOLDER", help="write the fixture reports and their reference.tsv")
    args = parser.parse_args(argv)
    if args.write:
        import figures_fixtures
        print(figures_fixtures.write(args.write))
        return 0
    if len(args.paths) != 2:
        parser.error("give INDEX and REFERENCE.tsv, or --write FOLDER")
    cells = audit(table(args.paths[0], args.indicator, args.kind), reference(args.paths[1]))
    for verdict, district, year, got, want in cells:
        if verdict != "right":
            print(f"{verdict:8}{district}\t{year}\tfound {got or '-'}\texpected {want or '-'}")
    counts = {v: sum(1 for c in cells if c[0] == v) for v in ("right", "wrong", "missing", "extra")}
    expected = counts["right"] + counts["wrong"] + counts["missing"]
    share = counts["right"] / expected if expected else 1.0
    print(" ".join(f"{k} {v}" for k, v in counts.items()) + f"; right {share:.3f} of {expected} expected cells")
    return 0 if counts["right"] == expected and not counts["extra"] else 1


if __name__ == "__main__":
    sys.exit(main())
