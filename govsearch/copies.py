"""Copies: the same report counted once, and where the ids of an earlier cut went.

Takes a generation folder whose blocks and corpus are written (``blocks``,
``corpus``), and the generation it replaces; writes beside them:

* ``copies.npy``: for each docnum, ``ORIGINAL``, ``HIDDEN`` (a byte-identical
  file: the same document, read from another path, never shown nor counted) or
  the docnum of the passage it is a *copy* of (shown and counted only with
  ``--all-copies``);
* ``hashes.npy``: each docnum's normalized text, hashed (``text_hash``);
* ``copies.json``: ``sources`` (the paths of documents held by several
  identical files, in path order), ``identical`` (such files beyond the first)
  and ``copies`` (passages that are copies);
* ``moved/<xx>.json``: ``{earlier id: [document, text hash]}`` for ids whose
  text is no longer at that id (a govsearch upgrade cut the document anew, the
  file was edited, or it held ids derived from paths before ids were derived
  from bytes), one file per id's first two hex digits: ``show`` reads one.

A passage is a copy when its normalized text, at least ``MIN_CHARS`` long, is
that of a passage of another document of the same district, year and body, and
the two documents share at least ``OVERLAP`` of the shorter one's long passages:
two reports of one place and year share a sentence or two, a copy shares most
of them. The passage of the primary document (``_rank``) is the original.
Everything is found by hashing, never by comparing pairs of passages.
"""

import json
import os
import shutil
from collections import Counter, defaultdict
from hashlib import blake2b
from pathlib import Path

import numpy as np

ORIGINAL, HIDDEN = -1, -2
MIN_CHARS = 20
OVERLAP = 0.5
MAX_GROUP = 64  # documents sharing one text: more is boilerplate, not a copy worth the pairs
NAME, HASHES, INFO, MOVED = "copies.npy", "hashes.npy", "copies.json", "moved"
VERSION = 1  # of the rules: copies found by another version are found again
# formats read by recognising characters, which rank below a text layer; any other format has one
_OCR = ("ocr", "image")


def text_hash(normalized):
    """A passage's normalized text (UTF-8 bytes) as a 64-bit number, the same on every machine."""
    return int.from_bytes(blake2b(normalized, digest_size=8).digest(), "little")


def passage_id(doc, position):
    return f"{doc}-{position:04d}"


class _Cut:
    """What one generation's blocks and corpus say of its passages' documents and files."""

    def __init__(self, found, store, hashes=None):
        self.blocks, self.store = found, store
        self.live = found.live()
        self.doc_values, self.docs = found.ids("doc")
        self.ords = found.positions()
        if hashes is None:
            hashes, self.lengths = _hashes(store, found.count)
        self.hashes = hashes
        self._runs()

    def _runs(self):
        """Each live docnum's run: the passages one file gave (a file's passages are consecutive docnums)."""
        order = self.live[np.lexsort((self.live, self.docs[self.live]))]
        self.by_doc = order  # live docnums by document, then docnum
        starts = self.ords[order] == 0
        self.run_of = np.full(self.blocks.count, -1, dtype=np.int64)
        self.run_of[order] = np.cumsum(starts) - 1
        self.run_first = order[starts]
        self.run_source = [self.blocks.stored(int(d))["source"] for d in self.run_first]

    def text(self, docnum):
        """A passage's normalized text (its corpus line; ``store`` is a ``corpus.Corpus``)."""
        return self.store.read(docnum)

    def doc_of_run(self, run):
        return self.doc_values[self.docs[self.run_first[run]]]

    def passages_of(self, doc, marks):
        """The shown docnums of the document ``doc`` (an index into ``doc_values``)."""
        lo, hi = np.searchsorted(self.docs[self.by_doc], [doc, doc + 1])
        mine = self.by_doc[lo:hi]
        return mine[marks[mine] != HIDDEN]


def _hashes(store, count):
    """Each corpus line's ``text_hash`` and length in characters."""
    hashes, lengths = np.zeros(count, dtype=np.uint64), np.zeros(count, dtype=np.int64)
    for docnum in range(count):
        line = store.read(docnum)
        hashes[docnum] = text_hash(line)
        lengths[docnum] = len(line.decode("utf-8"))
    return hashes, lengths


def write(folder, previous=None, recut=False):
    """Write the copies of the generation at ``folder``; the counts (``copies.json``).

    ``previous`` is the generation it replaces (or None); ``recut`` says that its
    documents were cut anew (an upgrade), so that every id may have moved, not
    only those of the files replaced or removed. A generation holding the same
    passages as ``previous`` (an update that changed nothing) keeps its copies.
    """
    from . import blocks, corpus

    folder = Path(folder)
    if previous is not None and not recut and _same_passages(folder, Path(previous)):
        return _load_json(folder / INFO)
    found = blocks.Blocks.open(folder)
    cut = _Cut(found, corpus.Corpus(found.norms()))
    marks, sources, identical = _identical(cut)
    _copies(cut, marks)
    info = {"version": VERSION, "sources": sources, "identical": identical, "copies": int((marks >= 0).sum())}
    moved = _moved(cut, marks, _previous(previous), previous, recut)
    _save_array(folder / NAME, marks)
    _save_array(folder / HASHES, cut.hashes)
    _save_json(folder / INFO, info)
    _save_moved(folder / MOVED, moved)
    return info


def _same_passages(folder, previous):
    """True when ``folder`` holds the passages of ``previous`` under the same docnums, and its copies as found
    by this code (hard-linked from it)."""
    from . import blocks

    try:
        same = (folder / blocks.INDEX).read_bytes() == (previous / blocks.INDEX).read_bytes()
    except OSError:
        return False
    found = _load_json(folder / INFO)
    return same and found.get("version") == VERSION and all((folder / name).exists() for name in (NAME, HASHES))


def _identical(cut):
    """Marks with the byte-identical files' passages ``HIDDEN``; ``{doc: sources}`` of those held twice; count."""
    marks = np.full(cut.blocks.count, ORIGINAL, dtype=np.int64)
    runs_of = defaultdict(list)
    for run, first in enumerate(cut.run_first.tolist()):
        runs_of[int(cut.docs[first])].append(run)
    sources, hidden = {}, []
    for doc, runs in runs_of.items():
        if len(runs) > 1:
            runs.sort(key=lambda r: cut.run_source[r])
            sources[cut.doc_values[doc]] = [cut.run_source[r] for r in runs]
            hidden += runs[1:]
    if hidden:
        marks[cut.live[np.isin(cut.run_of[cut.live], hidden)]] = HIDDEN
    return marks, sources, len(hidden)


def _copies(cut, marks):
    """Mark in ``marks`` each passage that is a copy with the docnum of its original.

    Which documents copy which is decided on the long passages they share; once
    decided, a short passage they share (a heading) is a copy too, and so is a
    long one holding, or held in, a passage of the original (a heading run into
    a paragraph on a newspaper page).
    """
    shown = cut.live[marks[cut.live] == ORIGINAL]
    groups = _groups(cut, shown)
    tags = _Tags(cut)

    def agree(a, b):
        """Same district, year and body, or one of them untagged (a newspaper page often is)."""
        return all(not x or not y or x == y for x, y in zip(tags.of(a), tags.of(b)))

    long_count = Counter(cut.docs[shown[cut.lengths[shown] >= MIN_CHARS]].tolist())
    shared = Counter()
    for group in groups:
        if cut.lengths[group[0][0]] >= MIN_CHARS:
            first = _first_of(group)
            present = sorted(first)
            for i, a in enumerate(present):
                shared.update((a, b) for b in present[i + 1:] if agree(first[a], first[b]))
    ranks, pairs = {}, set()
    for group in groups:
        pairs |= _mark_group(cut, marks, group, lambda a, b: _overlap(a, b, shared, long_count), agree, ranks)
    for doc, target in sorted(pairs):
        _mark_held(cut, marks, doc, target)


class _Tags:
    """A passage's district, year and body, from the blocks' value ids."""

    def __init__(self, cut):
        self.fields = [cut.blocks.ids(name) for name in ("district", "date", "body")]

    def of(self, docnum):
        district, date, body = (values[ids[docnum]] for values, ids in self.fields)
        return district, date[:4], body


def _first_of(group):
    """``{doc: its first docnum}`` in a group (docnums ascend within a document)."""
    first = {}
    for docnum, doc in group:
        first.setdefault(doc, docnum)
    return first


def _groups(cut, docnums):
    """The passages of ``docnums`` of one text held by more than one document, as lists of ``(docnum, doc)``:
    found by sorting on the text's hash, never by comparing pairs."""
    if not len(docnums):
        return []
    docs = cut.docs[docnums].astype(np.int64)
    hashes = cut.hashes[docnums]
    order = np.lexsort((docnums, docs, hashes))
    same = hashes[order][1:] == hashes[order][:-1]
    bounds = np.flatnonzero(np.concatenate([[True], ~same, [True]]))
    starts, ends = bounds[:-1], bounds[1:]
    several = (ends - starts) > 1
    sorted_docnums, sorted_docs = docnums[order], docs[order]
    out = []
    for start, end in zip(starts[several].tolist(), ends[several].tolist()):
        group = list(zip(sorted_docnums[start:end].tolist(), sorted_docs[start:end].tolist()))
        if 1 < len({doc for _, doc in group}) <= MAX_GROUP:
            out.append(group)
    return out


def _mark_group(cut, marks, group, overlap, agree, ranks):
    """Mark the copies in one group of passages of the same text; the ``(copy doc, original doc)`` pairs."""
    first = _first_of(group)
    originals, pairs = [], set()
    for doc in sorted(first, key=lambda doc: _rank(cut, doc, marks, ranks)):
        target = next((p for p in originals if overlap(doc, p) and agree(first[doc], first[p])), None)
        if target is None:
            originals.append(doc)
            continue
        pairs.add((doc, target))
        for docnum, of in group:
            if of == doc:
                marks[docnum] = first[target]
    return pairs


def _mark_held(cut, marks, doc, target):
    """Mark the long passages of ``doc`` left that hold, or are held in, a passage of ``target``."""
    theirs = [(p, cut.text(p)) for p in cut.passages_of(target, marks).tolist()
              if marks[p] == ORIGINAL and cut.lengths[p] >= MIN_CHARS]
    for docnum in cut.passages_of(doc, marks).tolist():
        if marks[docnum] != ORIGINAL or cut.lengths[docnum] < MIN_CHARS:
            continue
        mine = cut.text(docnum)
        marks[docnum] = next((p for p, text in theirs if text in mine or mine in text), ORIGINAL)


def _overlap(a, b, shared, long_count):
    together = shared[min(a, b), max(a, b)]
    return together >= max(1, OVERLAP * min(long_count[a], long_count[b]))


def _rank(cut, doc, marks, ranks):
    """The order of primary documents: a report before a page of several articles, a text layer before
    characters recognised, then most passages, then the id (so that the choice is the same on every run)."""
    if doc not in ranks:
        mine = cut.passages_of(doc, marks)
        stored = [cut.blocks.stored(int(d)) for d in mine]
        titles = {s["title"] for s in stored}
        ocr = str(stored[0].get("format", "")).startswith(_OCR)
        ranks[doc] = (len(titles) > 1, ocr, -len(mine), cut.doc_values[doc])
    return ranks[doc]


def _previous(folder):
    """The ``_Cut`` of the generation replaced, or None."""
    if folder is None:
        return None
    from . import blocks, corpus

    if blocks.readable(folder):
        found = blocks.Blocks.open(folder)
        store = corpus.Corpus(found.norms())
    else:  # the layout before: one corpus, the passages in Whoosh
        from whoosh import index as whoosh_index

        store = corpus.Corpus.whole(folder)
        with whoosh_index.open_dir(str(Path(folder) / "whoosh")).reader() as reader:
            found = blocks.Blocks.from_whoosh(reader, store.stores[0][1])
    hashes = _load(Path(folder) / HASHES)
    return _Cut(found, store, None if hashes is None or len(hashes) != found.count else np.asarray(hashes))


def _moved(cut, marks, before, folder, recut):
    """``{id: [doc, text hash]}``: the ids of ``before`` whose text is no longer at that id, and the earlier map.

    An entry's ``doc`` is the document the same file (by path) holds now, "" when it is gone.
    Unless ``recut``, only the ids of documents no longer in the index can have moved.
    """
    moved = _load_moved(Path(folder) / MOVED) if folder is not None else {}
    if before is None:
        return moved
    now = {key: int(cut.hashes[d]) for key, d in _ids(cut, cut.live[marks[cut.live] != HIDDEN])}
    doc_of_source = {source: cut.doc_of_run(run) for run, source in enumerate(cut.run_source)}
    then = before.live
    if not recut:
        kept = set(cut.doc_values[i] for i in np.unique(cut.docs[cut.live]).tolist())
        then = then[np.array([before.doc_values[d] not in kept for d in before.docs[then].tolist()], dtype=bool)]
    for old, docnum in _ids(before, then):
        held = int(before.hashes[docnum])
        if now.get(old) != held:
            moved[old] = [doc_of_source.get(before.run_source[before.run_of[docnum]], ""), f"{held:016x}"]
    return {old: entry for old, entry in moved.items() if f"{now.get(old, -1):016x}" != entry[1]}


def _ids(cut, docnums):
    """``(id, docnum)`` of ``docnums``."""
    for docnum in docnums.tolist():
        yield passage_id(cut.doc_values[cut.docs[docnum]], int(cut.ords[docnum])), docnum


def _load(path):
    try:
        return np.load(path, mmap_mode="r")
    except (OSError, ValueError):
        return None


def _load_json(path):
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _shard(passage_id):
    """The file of ``moved`` that holds ``passage_id``, by its first two hex digits (None: no such id)."""
    head = passage_id[:2]
    return f"{head}.json" if len(head) == 2 and all(c in "0123456789abcdef" for c in head) else None


def _load_moved(folder):
    found = {}
    for path in sorted(Path(folder).glob("*.json")):
        found.update(_load_json(path))
    return found


def _save_moved(folder, moved):
    shards = defaultdict(dict)
    for passage_id, entry in moved.items():
        if _shard(passage_id):
            shards[_shard(passage_id)][passage_id] = entry
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    for name, entries in shards.items():
        (tmp / name).write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)  # this generation's links only: the live one keeps its files
    os.replace(tmp, folder)


def _save_array(path, array):
    tmp = path.with_name(path.name + ".tmp.npy")
    np.save(tmp, array)
    os.replace(tmp, path)  # a new file: the live generation's hard link stays as it was


def _save_json(path, value):
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


class Copies:
    """The copies of one opened generation: which passages are hidden, which copy which, and the moved ids.

    ``Copies(None)`` stands for an index written before copies were found: nothing is a copy.
    """

    def __init__(self, folder):
        self.folder = folder
        marks = _load(Path(folder) / NAME) if folder is not None else None
        self.marks = None if marks is None else np.asarray(marks)
        self.info = _load_json(Path(folder) / INFO) if folder is not None else {}
        self._groups = None

    def hidden(self):
        if self.marks is None:
            return np.empty(0, dtype=np.int64)
        return np.flatnonzero(self.marks == HIDDEN).astype(np.int64)

    def once(self, docnums):
        """``docnums`` (ascending) without the copies whose original is among them."""
        if self.marks is None or not self.info.get("copies"):
            return docnums
        of = self.marks[docnums]
        copied = of >= 0
        drop = np.zeros(len(docnums), dtype=bool)
        drop[copied] = np.isin(of[copied], docnums)
        return docnums[~drop]

    def shared(self, docnums):
        """Whether each of ``docnums`` (a list) has ``others``, as a boolean array."""
        if self.marks is None or not self.info.get("copies"):
            return np.zeros(len(docnums), dtype=bool)
        return (self.marks[docnums] >= 0) | self._groups_of()[2][docnums]

    def others(self, docnum):
        """The docnums holding the same text as ``docnum`` in other documents: its original and its copies."""
        if self.marks is None or not self.info.get("copies"):
            return []
        targets, copies, copied = self._groups_of()
        original = int(self.marks[docnum])
        if original < 0:
            if not copied[docnum]:  # most passages: no copy, no original (a hit of every match asks)
                return []
            original = docnum
        lo, hi = np.searchsorted(targets, [original, original + 1])
        return [d for d in [original, *copies[lo:hi].tolist()] if d != docnum]

    def _groups_of(self):
        """``(originals, copies, copied)``: each copy's original and the copy, sorted by original; and whether
        each docnum is an original that has copies (a boolean array)."""
        if self._groups is None:
            copies = np.flatnonzero(self.marks >= 0)
            of = self.marks[copies]
            order = np.argsort(of, kind="stable")
            copied = np.zeros(len(self.marks), dtype=bool)
            copied[of] = True
            self._groups = (of[order], copies[order], copied)
        return self._groups

    def sources(self, doc):
        return self.info.get("sources", {}).get(doc)

    def moved(self, passage_id):
        """``[doc, text hash]`` of an id whose text has moved (or is gone), or None."""
        shard = _shard(passage_id)
        if self.folder is None or shard is None:
            return None
        return _load_json(Path(self.folder) / MOVED / shard).get(passage_id)

    def hash_of(self, docnum):
        hashes = _load(Path(self.folder) / HASHES)
        return f"{int(hashes[docnum]):016x}"

    def holding(self, docnums, wanted):
        """Those of ``docnums`` whose text hashes to ``wanted`` (hex)."""
        hashes = _load(Path(self.folder) / HASHES)
        if hashes is None:
            return []
        return [d for d in docnums if f"{int(hashes[d]):016x}" == wanted]
