"""Arrays beside Whoosh, one folder per Whoosh segment: bigram postings of the corpus and tag value ids.

Takes a committed Whoosh index and its generation folder, the corpus written
(``corpus``); writes ``blocks/<segment id>/`` for each segment that has none yet:

* ``meta.json``: ``runs`` (the segment's line runs, see ``grams.runs``), for
  each of ``FIELDS`` the segment's distinct values, for each of ``RANKED`` the
  sum of its lengths (``lengths``: Whoosh's ``field_length``), and where each
  array lies in ``arrays.bin`` (offset, type, length);
* ``arrays.bin``, one file so that opening a segment maps one file: the arrays
  ``g<k>.{vocab,starts,lines}``, the bigram postings of run ``k`` (``grams``);
  ``<field>``, each document's value as an index into its field's values;
  ``ord``, each document's position in its source; ``len.<field>``, the length
  Whoosh keeps of each ranked field (``RANKED``), for scoring in NumPy;
  ``p.<field>.{vocab,starts,docs,weights}``: each ranked field's postings
  (``postings_table``), so that scoring reads arrays, not Whoosh's blocks;
  ``w.vocab``, ``w.count``, ``w.docs``: the segment's table of words, the
  distinct jieba words of its ``words`` column (UTF-8, sorted), with their
  occurrences and the passages holding them, deleted passages included (a
  segment's table is written once; ``Generation`` takes the deleted out);
* ``stored.txt``/``stored.idx``: each passage as a line of JSON (its
  ``PASSAGE_KEYS`` and ``provenance``; a line store, ``lines``), so that reading
  a hit costs a read and an ``orjson.loads`` (a third of ``json.loads``' time)
  rather than Whoosh's unpickling of a compressed block.

and ``blocks.json``: the segments in docnum order (``id``, ``base``, ``count``)
and the deleted docnums. A segment's documents never change (Whoosh writes new
segments when it merges), so an update builds arrays for its new segments only;
the others come hard-linked from the live generation (``storage``). Reading
(``Blocks``) gives sorted NumPy arrays of docnums: bigram candidates, tag values
as ids, the live documents.
"""

import json
import os
import shutil
from bisect import bisect_right
from collections import Counter
from pathlib import Path

import numpy as np
import orjson

from . import corpus, grams, lines
from .schema import PASSAGE_KEYS

NAME = "blocks"
ARRAYS = "arrays.bin"
INDEX = "blocks.json"
FIELDS = ("district", "province", "city", "level", "body", "meeting", "section", "date", "format", "doc")
RANKED = ("text", "title", "section_words")
STORED = "stored"
VERSION = 5  # of the files' layout: blocks of another version are made again (or, to read, in memory)


def write(whoosh_ix, folder, pool):
    """Write the blocks of every segment of ``whoosh_ix`` that lacks them, and ``blocks.json``, into ``folder``.

    Each segment is read from the committed index on disk by ``_write_segment``,
    in the pool ``pool(jobs)`` gives (segments are written at once, one a process).
    """
    folder = Path(folder)
    root = folder / NAME
    root.mkdir(exist_ok=True)
    segments, deleted, missing = [], [], []
    with whoosh_ix.reader() as reader:
        for leaf, base in (reader.leaf_readers() if reader.doc_count_all() else []):
            segment = leaf.segment()
            name, count = segment.segment_id(), leaf.doc_count_all()
            if _version(root / name / "meta.json") != VERSION:
                missing.append((str(whoosh_ix.storage.folder), str(folder), name, base, count))
            segments.append({"id": name, "base": base, "count": count})
            deleted.extend(base + d for d in segment.deleted_docs())
    with pool(len(missing)) as workers:
        for _ in workers.imap_unordered(_write_segment, missing):
            pass
    for stale in set(os.listdir(root)) - {s["id"] for s in segments}:
        shutil.rmtree(root / stale, ignore_errors=True)  # merged away; only this generation's links go
    tmp = folder / (INDEX + ".tmp")
    tmp.write_text(json.dumps({"version": VERSION, "segments": segments, "deleted": sorted(deleted)}),
                   encoding="utf-8")
    os.replace(tmp, folder / INDEX)  # a new file: the live generation's hard link stays as it was


def _write_segment(job):
    """Write one segment's blocks: ``job`` is (Whoosh folder, generation folder, segment id, base, count)."""
    from whoosh import index as whoosh_index

    whoosh_dir, folder, name, base, count = job
    store = lines.LineStore(folder, corpus.NAME)
    with whoosh_index.open_dir(whoosh_dir).reader() as reader:
        leaves = reader.leaf_readers() if reader.doc_count_all() else []
        leaf = next(leaf for leaf, _ in leaves if leaf.segment().segment_id() == name)
        _save(segment_arrays(leaf, store, base, count), Path(folder) / NAME / name)


def segment_arrays(leaf, store, base, count):
    """The arrays of one segment (a Whoosh leaf reader whose documents are corpus lines ``base`` on)."""
    offsets = np.frombuffer(store.offsets, dtype=np.int64)
    runs = grams.runs(offsets, base, base + count)
    arrays = {}
    for k, (first, stop) in enumerate(runs):
        blob = bytes(store.data[offsets[first]:offsets[stop]]) if stop > first else b""
        for name, array in grams.build(blob).items():
            arrays[f"g{k}.{name}"] = array
    values = {}
    for name in FIELDS:
        column = list(leaf.column_reader(name)) if count else []
        values[name] = sorted(set(column))
        index = {v: i for i, v in enumerate(values[name])}
        arrays[name] = np.array([index[v] for v in column], dtype=np.uint32)
    arrays["ord"] = np.array(list(leaf.column_reader("ord")) if count else [], dtype=np.int64)
    for name in RANKED:
        arrays[f"len.{name}"] = np.array([leaf.doc_field_length(d, name, 1) for d in range(count)], dtype=np.float64)
    arrays.update(word_table(leaf, count))
    for name in RANKED:
        arrays.update(postings_table(leaf, name, count))
    stored = [_stored_line(leaf.stored_fields(d)) for d in range(count)]
    meta = {"version": VERSION, "runs": [[a - base, b - base] for a, b in runs], "values": values,
            "lengths": {name: leaf.field_length(name) for name in RANKED}}
    return {"meta": meta, "arrays": arrays, "stored": stored}


def word_table(leaf, count):
    """A segment's table of words: its distinct words sorted, their occurrences and the passages holding them.

    Read from the ``words`` column and split as ``Generation.word_counts`` splits
    it, so that the totals and a set's own counts are counts of the same words.
    """
    column = leaf.column_reader("words") if count else []
    occurrences, passages = Counter(), Counter()
    for docnum in range(count):
        words = column[docnum].decode("utf-8").split()
        occurrences.update(words)
        passages.update(set(words))
    vocab = sorted(occurrences)
    return {"w.vocab": np.array([w.encode("utf-8") for w in vocab] or [b""], dtype=np.bytes_)[:len(vocab)],
            "w.count": np.array([occurrences[w] for w in vocab], dtype=np.int64),
            "w.docs": np.array([passages[w] for w in vocab], dtype=np.int64)}


def _stored_line(fields):
    """A document's stored fields as a JSON line: ``PASSAGE_KEYS`` in order ("" where missing, ``page``
    None), then ``provenance`` as an object (JSON text in Whoosh). Read back, it is the passage as is."""
    out = {key: fields.get(key, "") for key in PASSAGE_KEYS}
    out["page"] = fields.get("page") or None
    out["provenance"] = json.loads(fields.get("provenance") or "{}")
    try:
        return orjson.dumps(out)
    except orjson.JSONEncodeError:  # a lone surrogate, which UTF-8 cannot hold: written as "?"
        return json.dumps(out, ensure_ascii=False).encode("utf-8", "replace")


def postings_table(leaf, name, count):
    """A ranked field's postings in a segment: ``p.<name>.{vocab,starts,docs,weights}``.

    The field's terms (UTF-8, sorted as Whoosh keeps them) and, for term ``i``,
    its documents ``docs[starts[i]:starts[i + 1]]`` (local docnums, ascending) and
    their weights as Whoosh stores them (float32), deleted documents included.
    """
    vocab, sizes, docs, weights = [], [], [], []
    for term in (leaf.lexicon(name) if count else []):
        ids, found = _postings(leaf.postings(name, term))
        vocab.append(term)
        sizes.append(len(ids))
        docs.append(ids)
        weights.append(found)
    return {f"p.{name}.vocab": np.array(vocab or [b""], dtype=np.bytes_)[:len(vocab)],
            f"p.{name}.starts": np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64),
            f"p.{name}.docs": np.concatenate(docs).astype(np.uint32) if docs else np.empty(0, dtype=np.uint32),
            f"p.{name}.weights": np.concatenate(weights).astype(np.float32) if weights else np.empty(0, np.float32)}


def _version(path):
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def readable(folder):
    """True when ``folder`` holds blocks this code can read."""
    return _version(Path(folder) / INDEX) == VERSION


def _save(found, target):
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    placed = {}
    with open(tmp / ARRAYS, "wb") as out:
        for name, array in found["arrays"].items():
            out.write(b"\0" * (-out.tell() % 8))  # each array aligned for its type
            placed[name] = [out.tell(), array.dtype.str, len(array)]
            out.write(np.ascontiguousarray(array).tobytes())
    lines.write(tmp, STORED, found["stored"])
    meta = {**found["meta"], "arrays": placed}
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)  # of another version: this generation's links go, not the files
    os.replace(tmp, target)


class _Segment:
    """One segment's arrays: from its folder (memory-mapped) or, for an index written without them, from memory."""

    def __init__(self, base, count, folder=None, found=None):
        self.base, self.count = base, count
        if found is None:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            empty = (folder / ARRAYS).stat().st_size == 0  # a segment of no documents: mmap refuses an empty file
            data = np.zeros(0, dtype=np.uint8) if empty else np.memmap(folder / ARRAYS, dtype=np.uint8, mode="r")
            self._arrays = {name: data[offset:offset + length * np.dtype(kind).itemsize].view(kind)
                            for name, (offset, kind, length) in meta["arrays"].items()}
            self._placed = meta["arrays"]
            # opened now: a generation an update has since removed stays readable while it is open
            self._file = open(folder / ARRAYS, "rb", buffering=0)
            self._stored = lines.LineStore(folder, STORED)
        else:
            meta, self._arrays, self._stored = found["meta"], found["arrays"], found["stored"]
        self._folder = folder
        self.values = meta["values"]
        self.field_lengths = meta["lengths"]
        self.runs = [self._run(k, base + first) for k, (first, _) in enumerate(meta["runs"])]

    def array(self, name):
        return self._arrays[name]

    def part(self, name, start, stop):
        """``array(name)[start:stop]``, read from the file rather than the map.

        The page cache may hold the file in large folios, and a fault in a map
        makes a whole folio resident: reading a word's postings, a few kilobytes
        from each of many segments, would add megabytes to a query's memory.
        """
        if self._folder is None:
            return self._arrays[name][start:stop]
        offset, kind, _ = self._placed[name]
        size = np.dtype(kind).itemsize
        return np.frombuffer(os.pread(self._file.fileno(), (stop - start) * size, offset + start * size), kind)

    def postings(self, name, term):
        """``(local docnums, weights)`` of ``term`` (UTF-8 bytes) in the ranked field ``name``."""
        vocab = self.array(f"p.{name}.vocab")
        at = int(np.searchsorted(vocab, term))
        if at == len(vocab) or vocab[at] != term:
            start = stop = 0
        else:
            start, stop = (int(n) for n in self.array(f"p.{name}.starts")[at:at + 2])
        return self.part(f"p.{name}.docs", start, stop), self.part(f"p.{name}.weights", start, stop)

    def stored(self, local):
        """The stored fields of the segment's document ``local``, as JSON bytes."""
        if self._folder is None:  # made in memory: a list
            return self._stored[local]
        return self._stored.read(local)  # read, not mapped: a full hit list leaves nothing resident

    def stored_containing(self, pattern):
        """The segment's documents whose stored JSON holds the bytes ``pattern``, ascending."""
        if self._folder is None:
            return [n for n, line in enumerate(self._stored) if pattern in line]
        return self._stored.lines_containing(pattern)

    def _run(self, k, first):
        arrays = {n: self.array(f"g{k}.{n}") for n in ("vocab", "starts")}
        return grams.Run({**arrays, "lines": _Part(self, f"g{k}.lines")}, first)


class _Part:
    """An array of a segment sliced through ``_Segment.part`` (slices read, not mapped)."""

    def __init__(self, segment, name):
        self.segment, self.name = segment, name

    def __getitem__(self, wanted):
        return self.segment.part(self.name, int(wanted.start), int(wanted.stop))


class Blocks:
    """The blocks of one generation, opened; ``from_whoosh`` makes them in memory for an index without them."""

    def __init__(self, segments, deleted):
        self.segments = segments
        self.count = sum(s.count for s in segments)
        self.deleted = np.asarray(deleted, dtype=np.int64)
        self._bases = [s.base for s in segments]
        self._ids, self._joined_arrays = {}, {}

    @classmethod
    def open(cls, folder):
        found = json.loads((Path(folder) / INDEX).read_text(encoding="utf-8"))
        root = Path(folder) / NAME
        return cls([_Segment(s["base"], s["count"], folder=root / s["id"]) for s in found["segments"]],
                   found["deleted"])

    @classmethod
    def from_whoosh(cls, reader, store):
        segments, deleted = [], []
        for leaf, base in (reader.leaf_readers() if reader.doc_count_all() else []):
            count = leaf.doc_count_all()
            segments.append(_Segment(base, count, found=segment_arrays(leaf, store, base, count)))
            deleted.extend(base + d for d in leaf.segment().deleted_docs())
        return cls(segments, deleted)

    def field_length(self, name):
        """Words in the ranked field ``name`` over every passage, deleted included (as Whoosh counts them)."""
        return sum(segment.field_lengths[name] for segment in self.segments)

    def postings(self, name, word):
        """``(docnums, weights)``: the postings of ``word`` in the ranked field ``name``, deleted included."""
        term = word.encode("utf-8")
        ids, weights = [], []
        for segment in self.segments:
            local, found = segment.postings(name, term)
            ids.append(local.astype(np.int64) + segment.base)
            weights.append(found.astype(np.float64))
        if not ids:
            return np.empty(0, dtype=np.int64), np.empty(0)
        return np.concatenate(ids), np.concatenate(weights)

    def stored(self, docnum):
        """The passage ``docnum`` as a flat dict: its ``PASSAGE_KEYS`` and ``provenance`` (``_stored_line``)."""
        segment = self.segments[bisect_right(self._bases, docnum) - 1]
        return orjson.loads(segment.stored(docnum - segment.base))

    def stored_containing(self, pattern):
        """Live docnums whose stored JSON holds the bytes ``pattern``, ascending."""
        parts = [np.asarray(segment.stored_containing(pattern), dtype=np.int64) + segment.base
                 for segment in self.segments]
        return self.drop_deleted(np.concatenate(parts) if parts else np.empty(0, dtype=np.int64))

    def live(self):
        """Docnums of the documents not deleted, ascending."""
        return np.setdiff1d(np.arange(self.count, dtype=np.int64), self.deleted, assume_unique=True)

    def is_deleted(self, docnum):
        at = np.searchsorted(self.deleted, docnum)
        return bool(at < len(self.deleted) and self.deleted[at] == docnum)

    def drop_deleted(self, docnums):
        return docnums if not len(self.deleted) else docnums[~np.isin(docnums, self.deleted)]

    def holding(self, bigrams):
        """Live docnums whose corpus line holds every bigram code of ``bigrams``, ascending."""
        parts = [run.holding(bigrams) for segment in self.segments for run in segment.runs]
        found = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        return self.drop_deleted(found)

    def ids(self, name):
        """``(values, ids)``: a field's distinct values (sorted) and each docnum's value as an index into them."""
        if name not in self._ids:
            values = sorted({v for s in self.segments for v in s.values[name]})
            index = {v: i for i, v in enumerate(values)}
            parts = [np.array([index[v] for v in s.values[name]], dtype=np.uint32)[s.array(name)]
                     if s.values[name] else np.zeros(s.count, dtype=np.uint32) for s in self.segments]
            self._ids[name] = (values, np.concatenate(parts) if parts else np.empty(0, dtype=np.uint32))
        return self._ids[name]

    def positions(self):
        """Each docnum's position in its source (``ord``)."""
        return self._joined("ord", np.int64)

    def lengths(self, name):
        """Each docnum's length of the ranked field ``name``, as Whoosh's scorer sees it (1 where it has none)."""
        return self._joined(f"len.{name}", np.float64)

    def word_totals(self, words):
        """``(occurrences, passages)``: arrays of each of ``words``' totals over every segment, deleted included."""
        keys = np.array([w.encode("utf-8") for w in words] or [b""], dtype=np.bytes_)[:len(words)]
        occurrences = np.zeros(len(keys), dtype=np.int64)
        passages = np.zeros(len(keys), dtype=np.int64)
        for segment in self.segments:
            vocab = segment.array("w.vocab")
            if not len(vocab) or not len(keys):
                continue
            at = np.minimum(np.searchsorted(vocab, keys), len(vocab) - 1)
            found = vocab[at] == keys  # a key longer than the table's width matches nothing, even cut short
            occurrences[found] += segment.array("w.count")[at[found]]
            passages[found] += segment.array("w.docs")[at[found]]
        return occurrences, passages

    def word_total(self):
        """Words in every segment's ``words`` column, deleted passages included."""
        return int(sum(segment.array("w.count").sum() for segment in self.segments))

    def _joined(self, name, dtype):
        if name not in self._joined_arrays:
            parts = [np.asarray(s.array(name)) for s in self.segments]
            self._joined_arrays[name] = np.concatenate(parts) if parts else np.empty(0, dtype=dtype)
        return self._joined_arrays[name]


def _postings(matcher):
    """``(docnums, weights)`` of a term's postings in one segment, as arrays.

    Whoosh's on-disk matcher decodes a block at a time, its docnums through a
    Python generator (``delta_decode``); here each block's data (Whoosh 2.7.4's
    ``_read_data``, pinned: a tuple of docnum deltas and the weights, ``None``
    when all are 1 and one float when all are equal) is decoded in NumPy.
    Postings kept inline in the term's entry come one by one.
    """
    ids, weights = [], []
    if hasattr(matcher, "_read_data"):
        while matcher.is_active():
            matcher._read_data()
            deltas, block_weights = matcher._data[0], matcher._data[1]
            ids.append(np.cumsum(np.array(deltas, dtype=np.int64)))
            if block_weights is None or isinstance(block_weights, float):
                weights.append(np.full(len(deltas), 1.0 if block_weights is None else block_weights))
            else:
                weights.append(np.array(block_weights, dtype=np.float64))
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(np.array([matcher.id()], dtype=np.int64))
            weights.append(np.array([matcher.weight()], dtype=np.float64))
            matcher.next()
    if not ids:
        return np.empty(0, dtype=np.int64), np.empty(0)
    return np.concatenate(ids), np.concatenate(weights)
