#!/usr/bin/env python3
"""Audit the tags of a folder of reports: what each document got, from where, and the passages that differ.

    python scripts/tags_audit.py FOLDER_OR_FILE... [--passages N] [--reference TSV]
    python scripts/tags_audit.py --fixtures OUT_FOLDER

One line per document: its file, then its tags (the values most of its passages carry)
with where each was read, e.g. ``meeting=第十四届全国人民代表大会第三次会议 [session table]``.
Under it, the passages whose district, year, body or meeting differ from the document's,
each with its id, its differing tags and the start of its text: the place to look for
the next failure shape. A document whose tags are empty says so (``meeting=∅``).

Where reference tags are held — ``--reference TSV`` (file name, district, year, body,
meeting, tab-separated; "" where the document states none), or ``--fixtures OUT``, which
writes the documents of ``tests/tag_fixtures.py`` (issue #20: reposted reports in county
portal furniture, national reports naming earlier sessions, spaced meeting lines, notices
and syllabi) with theirs — a document's tags that differ are marked ``✗ tag=got (want)``,
and a last line gives, per tag, the share of documents right (an empty value is wrong
where the reference has one).
Exit 0 when it read something, 2 when a path cannot be read.
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govsearch import schema  # noqa: E402
from govsearch import readers  # noqa: E402
from govsearch.errors import GovsearchError  # noqa: E402

DOC_KEYS = ("district", "province", "city", "level", "body", "meeting", "date")
SOURCES = {"district": "district", "meeting": "meeting", "date": "date", "body": "body"}


def document_tags(rows):
    """The tags most passages of a document carry, and the provenance of the first passage with them."""
    common, _ = Counter(tuple(r[k] for k in DOC_KEYS) for r in rows).most_common(1)[0]
    tags = dict(zip(DOC_KEYS, common))
    first = next(r for r in rows if tuple(r[k] for k in DOC_KEYS) == common)
    return tags, first["provenance"]


def differences(row, tags):
    """The tags of a passage that disagree with its document's.

    A newspaper page's articles carry their own day and either body, so a day within
    the document's year, or the other body with its own meeting, is no disagreement;
    a different year, district, or a missing body or meeting is.
    """
    found = [k for k in ("district", "province", "level") if row[k] != tags[k]]
    if row["date"][:4] != tags["date"][:4]:
        found.append("date")
    if tags["body"] and not row["body"]:
        found.append("body")
    if tags["meeting"] and not row["meeting"] or row["body"] == tags["body"] and row["meeting"] != tags["meeting"]:
        found.append("meeting")
    return found


def describe(tags, provenance):
    parts = []
    for key in DOC_KEYS:
        value = tags[key] or "∅"
        source = provenance.get(SOURCES.get(key, ""), "")
        parts.append(f"{key}={value}" + (f" [{source}]" if source and tags[key] else ""))
    if provenance.get("year"):
        parts.append(f"year from {provenance['year']}")
    return "  ".join(parts)


SCORED = ("district", "year", "body", "meeting")


def audit(path, most, out, reference=None, scores=None):
    for source in readers.read(path):
        audit_document(source, most, out, reference, scores)


def audit_document(source, most, out, reference=None, scores=None):
    """Print one document's tags and differing passages; with its reference tags, mark and count those wrong."""
    path = source.path
    rows = list(schema.records(source))
    if not rows:
        print(f"{path}: no passages", file=out)
        return
    tags, provenance = document_tags(rows)
    print(f"{path}  ({len(rows)} passages)  {describe(tags, provenance)}", file=out)
    want = (reference or {}).get(Path(path).name)
    if want is not None:
        wrong = compare({**tags, "year": tags["date"][:4]}, want, scores)
        print("    " + ("  ".join(wrong) if wrong else "✓ as the reference"), file=out)
    odd = [(r, differences(r, tags)) for r in rows]
    odd = [(r, diff) for r, diff in odd if diff]
    for row, diff in odd[:most]:
        diff = "  ".join(f"{k}={row[k] or '∅'}" for k in diff)
        text = row["text"].replace("\n", " ")[:40]
        print(f"    {row['id']}  {diff}  | {text}", file=out)
    if len(odd) > most:
        print(f"    … {len(odd) - most} more passages differ", file=out)


def compare(got, want, scores=None):
    """The tags of ``got`` that differ from ``want`` as ``✗ tag=got (want)``; each tag counted right or not in ``scores``."""
    wrong = []
    for key in SCORED:
        right = got[key] == want[key]
        if scores is not None:
            scores[key].append(right)
        if not right:
            wrong.append(f"✗ {key}={got[key] or '∅'} ({want[key] or '∅'})")
    return wrong


def summary(scores):
    """``right: district 12/13 0.923  year …`` for the documents with reference tags."""
    parts = [f"{key} {sum(scores[key])}/{len(scores[key])} {sum(scores[key]) / len(scores[key]):.3f}"
             for key in SCORED if scores[key]]
    return "right: " + "  ".join(parts)


def read_reference(path):
    """``{file name: {district, year, body, meeting}}`` from a tab-separated file (# comments allowed)."""
    found = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, *values = line.split("\t")
            found[name] = dict(zip(SCORED, [*values, "", "", "", ""][:4]))
    return found


def write_fixtures(folder):
    """Write the documents of tests/tag_fixtures.py into ``folder``; their reference tags."""
    sys.path.insert(0, str(ROOT / "tests"))
    import tag_fixtures

    return tag_fixtures.write_all(Path(folder))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--passages", type=int, default=10, help="differing passages shown per document")
    parser.add_argument("--reference", type=Path, help="reference tags: file name, district, year, body, meeting")
    parser.add_argument("--fixtures", type=Path, help="write the fixtures of issue #20 here and audit them")
    args = parser.parse_args(argv)
    reference = read_reference(args.reference) if args.reference else {}
    if args.fixtures:
        reference.update(write_fixtures(args.fixtures))
        args.paths.append(args.fixtures)
    if not args.paths:
        parser.error("name a file or folder, or --fixtures")
    try:
        files = list(readers.iter_files(args.paths))
    except GovsearchError as exc:
        print(exc, file=sys.stderr)
        return 2
    status, scores = 0, {key: [] for key in SCORED}
    for path in files:
        try:
            audit(path, args.passages, sys.stdout, reference, scores)
        except GovsearchError as exc:
            print(exc, file=sys.stderr)
            status = 2
    if any(scores.values()):
        print(summary(scores))
    return status


if __name__ == "__main__":
    sys.exit(main())
