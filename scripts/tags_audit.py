#!/usr/bin/env python3
"""Audit the tags of a folder of reports: what each document got, from where, and the passages that differ.

    python scripts/tags_audit.py FOLDER_OR_FILE... [--passages N]

One line per document: its file, then its tags (the values most of its passages carry)
with where each was read, e.g. ``meeting=第十四届全国人民代表大会第三次会议 [session table]``.
Under it, the passages whose district, year, body or meeting differ from the document's,
each with its id, its differing tags and the start of its text: the place to look for
the next failure shape. A document whose tags are empty says so (``meeting=∅``).
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


def audit(path, most, out):
    for source in readers.read(path):
        audit_document(source, most, out)


def audit_document(source, most, out):
    path = source.path
    rows = list(schema.records(source))
    if not rows:
        print(f"{path}: no passages", file=out)
        return
    tags, provenance = document_tags(rows)
    print(f"{path}  ({len(rows)} passages)  {describe(tags, provenance)}", file=out)
    odd = [(r, differences(r, tags)) for r in rows]
    odd = [(r, diff) for r, diff in odd if diff]
    for row, diff in odd[:most]:
        diff = "  ".join(f"{k}={row[k] or '∅'}" for k in diff)
        text = row["text"].replace("\n", " ")[:40]
        print(f"    {row['id']}  {diff}  | {text}", file=out)
    if len(odd) > most:
        print(f"    … {len(odd) - most} more passages differ", file=out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--passages", type=int, default=10, help="differing passages shown per document")
    args = parser.parse_args(argv)
    try:
        files = list(readers.iter_files(args.paths))
    except GovsearchError as exc:
        print(exc, file=sys.stderr)
        return 2
    status = 0
    for path in files:
        try:
            audit(path, args.passages, sys.stdout)
        except GovsearchError as exc:
            print(exc, file=sys.stderr)
            status = 2
    return status


if __name__ == "__main__":
    sys.exit(main())
