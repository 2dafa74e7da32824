#!/usr/bin/env python3
"""Audit how well files are read, split and tagged: the numbers behind issues #10 and #11.

    python scripts/reading_audit.py FILE_OR_FOLDER... [--show N]

One line per document:

* ``passages`` — how many it gave;
* ``whole`` — the share of passages that end a sentence or are headings/labels (a byline,
  a table cell, a meeting line: short text without clause punctuation);
* ``junk`` — passages that are page furniture, not content: page numbers (``— 3 —``,
  ``第3页``, ``3/40``), mastheads, menu words, rows of a portal's 信息公开 block (``索引号：…``), lone punctuation, a line repeated on several
  pages (a running header), fragments of one or two characters;
* ``cut`` — sentences cut across passages: a passage of running text that does not end a
  sentence followed by one that does not open a new one (no outline mark, not a label);
* ``sentences`` — when a file ``expected/NAME.txt`` lies beside it (``reading_fixtures.py``
  writes them), the share of its sentences found whole inside one passage, and ``lost``, how
  many of the page's body characters (``expected/NAME.body.txt``, else the expected
  sentences') are in no passage, title or section;
* for newspaper pages, where ``reading_fixtures.py`` writes them too: ``across`` — of the
  sentences laid across a column or page break (``expected/NAME.breaks.txt``), how many
  are whole; ``boxed in`` — boxed items and captions (``expected/NAME.boxed.txt``) that
  share a passage with other text;
* the document's tags with where each was read.

A summary line totals them. ``--show N`` prints up to N junk and cut passages per document.
Exit 0 when something was read, 2 when a path cannot be read.
"""

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from govsearch import readers, schema  # noqa: E402
from govsearch.errors import GovsearchError  # noqa: E402
from govsearch.characters import simplified  # noqa: E402
from govsearch.readers.html import info_fields  # noqa: E402
from govsearch.passages import _FURNITURE_LINE, _line_kind, ends_sentence, is_prose, outline_style  # noqa: E402

_PAGE_NUMBER = re.compile(r"^[-—–·\s]*(第?\s*\d{1,4}\s*[页版]?|\d{1,4}\s*/\s*\d{1,4})[-—–·\s]*$")
_MASTHEAD = re.compile(r"(日报|晚报|时报|报社).{0,20}\d{4}年\d{1,2}月\d{1,2}日.{0,8}第\s*\d+\s*版")
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
_OPENS = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|各位|——)")
_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,6}[:：]")  # 主办单位：…, 年度目标：… open a unit of their own
DOC_KEYS = ("district", "province", "city", "level", "body", "meeting", "date")


def junk_kind(text, repeated):
    """Why a passage is furniture rather than content, or "" when it is content."""
    text = text.strip()
    if _PAGE_NUMBER.match(text):
        return "page number"
    if _MASTHEAD.search(text) and len(text) <= 40:
        return "masthead"
    if _FURNITURE_LINE.match(text):
        return "menu"
    if info_fields(text):
        return "information block"
    if _PUNCT_ONLY.match(text):
        return "punctuation"
    if text in repeated:
        return "repeated header"
    if len(re.sub(r"\s", "", text)) <= 2:
        return "fragment"
    return ""


def whole(text, cells=frozenset()):
    """True for a passage that ends a sentence, or is a heading, label, metadata line or table row."""
    return (ends_sentence(text) or not is_prose(text) or text in cells
            or len(text) <= 80 and bool(_line_kind(simplified(text)) or _FIELD.match(text))
            or len(text) <= 60 and bool(outline_style(text)))


def cut_after(text, following, cells=frozenset()):
    """True when a sentence is cut between passage ``text`` and the passage ``following``."""
    if whole(text, cells) or not following:
        return False
    nxt = following.strip()
    return not (_OPENS.match(nxt) or _FIELD.match(nxt) or outline_style(nxt) or whole(nxt, cells) and not ends_sentence(nxt))


def audit_rows(rows, cells=frozenset(), expected=(), across=(), boxed=(), body=""):
    """The counts of one document's passage records: passages, whole, junk, cut, sentences, and examples;
    of the sentences ``across`` breaks, those broken; the characters of ``body`` in no passage, title or
    section; the ``boxed`` items sharing a passage with other text."""
    texts = [row["text"] for row in rows]
    short = Counter(t.strip() for t in texts if len(t.strip()) <= 30)
    repeated = {t for t, n in short.items() if n >= 3 and not ends_sentence(t)}
    junk = [(kind, t) for t in texts for kind in [junk_kind(t, repeated)] if kind]
    cuts = [(a, b) for a, b in zip(texts, texts[1:] + [""]) if cut_after(a, b, cells)]
    squeezed = [_squeeze(t) for t in texts]
    broken = [s for s in expected if not any(s in t for t in squeezed)]
    read = Counter("".join(squeezed) + "".join({_squeeze(r.get(k) or "") for r in rows for k in ("title", "section")}))
    items = [_squeeze(item) for item in boxed]
    return {"passages": len(texts), "whole": sum(whole(t, cells) for t in texts), "junk": junk, "cut": cuts,
            "sentences": len(expected), "broken": broken,
            "across": len(across), "across broken": [s for s in across if not any(s in t for t in squeezed)],
            "lost": sum((Counter(_squeeze(body or "".join(expected))) - read).values()),
            "boxed in": [t for t in squeezed for item in items if item[:8] in t and len(t) > len(item)]}


def _squeeze(text):
    return simplified(re.sub(r"\s", "", text))


def expected_text(path, kind=""):
    """What ``expected/NAME{kind}.txt`` beside ``path`` holds, or ""."""
    listed = Path(path).parent / "expected" / (Path(path).name + kind + ".txt")
    return listed.read_text(encoding="utf-8") if listed.is_file() else ""


def expected_sentences(path, kind=""):
    """The sentences ``expected/NAME{kind}.txt`` beside ``path`` lists (one paragraph a line), or []."""
    sentences = []
    for line in expected_text(path, kind).splitlines():
        *ended, last = _squeeze(line).split("。")
        sentences += [s + "。" for s in ended if len(s) >= 6] + ([last] if len(last) >= 6 else [])
    return sentences


def document_tags(rows):
    """The tags most passages carry, with the provenance of a passage that has them."""
    common, _ = Counter(tuple(r[k] for k in DOC_KEYS) for r in rows).most_common(1)[0]
    first = next(r for r in rows if tuple(r[k] for k in DOC_KEYS) == common)
    prov = first["provenance"]
    sources = {"district": "district", "province": "district", "city": "district", "level": "district",
               "body": "body", "meeting": "meeting", "date": "date"}
    return "  ".join(f"{k}={v or '∅'}" + (f" [{prov.get(sources[k])}]" if v and prov.get(sources[k]) else "")
                     for k, v in zip(DOC_KEYS, common))


def audit_source(source, show, out, totals):
    rows = list(schema.records(source))
    if not rows:
        print(f"{source.path}: NO PASSAGES", file=out)
        totals["empty"] += 1
        return
    path = source.path
    found = audit_rows(rows, source.cells, expected_sentences(path), expected_sentences(path, ".breaks"),
                       expected_text(path, ".boxed").splitlines(), expected_text(path, ".body"))
    n = found["passages"]
    for key in ("passages", "whole", "sentences", "across", "lost"):
        totals[key] += found[key]
    for key in ("broken", "across broken", "boxed in"):
        totals[key] += len(found[key])
    totals["junk"] += len(found["junk"])
    totals["cut"] += len(found["cut"])
    totals["documents"] += 1
    print(f"{source.path}  passages={n}  whole={found['whole'] / n:.3f}  junk={len(found['junk'])}"
          f"  cut={len(found['cut'])}"
          + (f"  sentences={1 - len(found['broken']) / found['sentences']:.3f}  lost={found['lost']}"
             if found["sentences"] else "")
          + (f"  across={found['across'] - len(found['across broken'])}/{found['across']}"
             f"  boxed in={len(found['boxed in'])}" if found["across"] else "")
          + f"  {document_tags(rows)}", file=out)
    for sentence in found["across broken"][:show]:
        print(f"    broken across a break: {sentence[:40]!r}…", file=out)
    for text in found["boxed in"][:show]:
        print(f"    boxed item inside: {text[:60]!r}…", file=out)
    for sentence in found["broken"][:show]:
        print(f"    broken: {sentence[:40]!r}…", file=out)
    for kind, text in found["junk"][:show]:
        print(f"    junk ({kind}): {text[:60]!r}", file=out)
    for a, b in found["cut"][:show]:
        print(f"    cut: …{a[-30:]!r} | {b[:30]!r}…", file=out)


def files_of(path):
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in readers.SUFFIXES
                      and "expected" not in p.relative_to(path).parts[:-1])
    return [path]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--show", type=int, default=3, help="junk and cut passages shown per document")
    args = parser.parse_args(argv)
    totals, status = Counter(), 0
    for path in args.paths:
        for file in files_of(path):
            try:
                sources = readers.read(file)
            except GovsearchError as exc:
                print(f"{file}: UNREAD: {exc}", file=sys.stdout)
                totals["unread"] += 1
                status = 2
                continue
            for source in sources:
                audit_source(source, args.show, sys.stdout, totals)
    n = totals["passages"] or 1
    print(f"TOTAL documents={totals['documents']} unread={totals['unread']} empty={totals['empty']} "
          f"passages={totals['passages']} whole={totals['whole'] / n:.4f} "
          f"junk={totals['junk']} ({totals['junk'] / n:.2%}) cut={totals['cut']} ({totals['cut'] / n:.2%})"
          + (f" sentences whole={totals['sentences'] - totals['broken']}/{totals['sentences']}"
             f" ({1 - totals['broken'] / totals['sentences']:.2%}) characters lost={totals['lost']}"
             if totals["sentences"] else "")
          + (f" across breaks whole={totals['across'] - totals['across broken']}/{totals['across']}"
             f" ({1 - totals['across broken'] / totals['across']:.2%})"
             f" boxed in={totals['boxed in']}" if totals["across"] else ""))
    return status if totals["documents"] or status else 2


if __name__ == "__main__":
    sys.exit(main())
