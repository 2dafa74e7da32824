"""The index's own files, one folder per Whoosh segment: everything a query reads.

Takes a segment's passages in docnum order (``SegmentBuilder``: each record of
``schema.records`` with its jieba words); gives ``blocks/<segment id>/``, written
by the worker that wrote the Whoosh segment, from the records it holds in memory:

* ``meta.json``: ``runs`` (the segment's line runs, see ``grams.runs``), for
  each of ``FIELDS`` the segment's distinct values, for each of ``RANKED`` the
  sum of its lengths (``lengths``: what Whoosh calls ``field_length``), and
  where each array lies in ``arrays.bin`` (offset, type, length);
* ``arrays.bin``, one file so that opening a segment maps one file: the arrays
  ``g<k>.{vocab,starts,lines}``, the bigram postings of run ``k`` (``grams``);
  ``<field>``, each passage's value as an index into its field's values;
  ``ord``, each passage's position in its source; ``len.<field>``, each ranked
  field's length as Whoosh's scorer sees it (its one-byte approximation);
  ``p.<field>.{vocab,long,starts,docs,weights}``: each ranked field's postings
  (the jieba words, UTF-8, sorted: in ``vocab`` those of up to ``WORD_BYTES``,
  then in ``long`` the others, so that a table's fixed width is not the longest
  word's; each word's passages and its occurrences in them, deleted passages
  included), and ``p.text.total``, each text word's occurrences
  in the segment (the table of words ``terms`` reads);
* ``norm.txt``/``norm.idx``: each passage's normalized text, a line store
  (``lines``): the corpus the literal scan reads (``corpus``);
* ``stored.txt``/``stored.idx``: each passage's text, UTF-8, compressed on its
  own with zlib against ``zdict`` (the array of the segment's first
  ``ZDICT_BYTES`` of text: short passages share its words, so they shrink by
  two fifths, where alone they would by a third), read by its offset; its tags,
  source, title, page, provenance (as JSON) and id come from the arrays above,
  each value stored once per segment.

Whoosh keeps only what it alone is read for: each passage's file (to delete a
changed file's passages) and its jieba words (the ``words`` column ``terms`` and
``similar`` read); its segments are never merged, so each has its blocks.

``blocks.json`` lists the segments in docnum order (``id``, ``base``, ``count``)
and the deleted docnums. A segment's passages never change, so an update writes
blocks for its new segments only; the others come hard-linked from the live
generation (``storage``). Reading (``Blocks``) gives sorted NumPy arrays of
docnums: bigram candidates, tag values as ids, the live passages. An index of
the layout before (blocks of another version, Whoosh holding the passages) is
read through ``Blocks.from_whoosh``, in memory, until ``govsearch index``
writes it again.
"""

import json
import os
import shutil
import zlib
from array import array
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import orjson

from . import grams, lines
from .schema import PASSAGE_KEYS, passage_id

NAME = "blocks"
ARRAYS = "arrays.bin"
INDEX = "blocks.json"
FIELDS = ("district", "province", "city", "level", "body", "meeting", "section", "date", "format", "doc",
          "source", "title", "speaker", "page", "provenance")
RANKED = ("text", "title", "section_words")
STORED = "stored"
WORD_BYTES = 12  # four Chinese characters: 99 % of the words; the fixed width of the words' main table
ZDICT_BYTES = 4096  # a larger dictionary compresses a little more, and costs more to set up at every read
NORM = "norm"  # not "corpus": a generation's own corpus.* files are never linked into the next (``storage``)
MANY = 256  # passages read at once from which the whole index's tables of values pay off
VERSION = 6  # of the files' layout: an index of another version is read in memory until it is written again


class SegmentBuilder:
    """One segment's passages, added in docnum order; ``save`` writes its folder, ``found`` gives it in memory.

    A passage's text is compressed as it is added, once the segment's first
    ``ZDICT_BYTES`` of text (the dictionary) are known: a batch of a 100× corpus
    holds 30 MB of text, which is then held once, compressed, not twice.
    """

    def __init__(self):
        self.values = {name: [] for name in FIELDS}
        self.ord = array("q")
        self.stored, self.norm = [], []
        self.ranked = {name: _Postings() for name in RANKED}
        self._distinct = {}
        self.text_bytes = 0
        self.zdict = None
        self._pending, self._pending_bytes = [], 0  # texts added before the dictionary was complete

    def add(self, record, words):
        """``record`` (``schema.records``) and ``words``: ``{field of RANKED: its jieba words}``."""
        for name in FIELDS:
            value = _value(record, name)
            # one string per distinct value: a passage's provenance JSON is made anew for each passage
            self.values[name].append(self._distinct.setdefault(value, value))
        self.ord.append(record["ord"])
        text = record["text"].encode("utf-8", "replace")  # a lone surrogate becomes "?"
        self.text_bytes += len(text)
        self._store(text)
        self.norm.append(record["norm"].encode("utf-8"))
        for name, postings in self.ranked.items():
            postings.add(words[name])

    def _store(self, text):
        if self.zdict is not None:
            self.stored.append(_compressed(text, self.zdict))
            return
        self._pending.append(text)
        self._pending_bytes += len(text)
        if self._pending_bytes >= ZDICT_BYTES:
            self._compress_pending()

    def _compress_pending(self):
        self.zdict = b"".join(self._pending)[:ZDICT_BYTES]
        self.stored.extend(_compressed(t, self.zdict) for t in self._pending)
        self._pending = []

    def found(self):
        """``{meta, arrays, stored, norm}`` of the passages added."""
        arrays = dict(self._arrays())
        return {"meta": self._meta, "arrays": arrays, "stored": self.stored, "norm": self.norm}

    def save(self, target):
        """Write the segment's folder, each array as it is made and the lines as soon as they are used, so
        that what it takes at most is the batch and one step, not the batch and all it becomes."""
        target = Path(target)
        tmp = _fresh(target.with_name(target.name + ".tmp"))
        placed = {}
        with open(tmp / ARRAYS, "wb") as out:
            for name, values in self._arrays(tmp):
                _place(out, placed, name, values)
        _finish(tmp, {**self._meta, "arrays": placed}, target)

    def _arrays(self, folder=None):
        """``(name, array)`` of each of the segment's arrays, one at a time; with ``folder``, the normalized
        and stored lines are written there once the arrays need them no more, and let go."""
        if self.zdict is None:
            self._compress_pending()
        ends = np.cumsum([len(n) + 1 for n in self.norm], dtype=np.int64)
        runs = grams.runs(np.concatenate([[0], ends]).astype(np.int64), 0, len(self.ord))
        for k, (first, stop) in enumerate(runs):
            blob = b"".join(n + b"\n" for n in self.norm[first:stop])  # a run at a time: one run's copy
            for name, found in grams.build(blob).items():
                yield f"g{k}.{name}", _narrow(found) if name == "starts" else found
            del blob
        if folder is not None:
            lines.write(folder, NORM, self.norm)
            lines.write(folder, STORED, self.stored)
            self.norm = self.stored = None
        values = {}
        for name in FIELDS:
            values[name] = sorted(set(self.values[name]))
            index = {v: i for i, v in enumerate(values[name])}
            yield name, np.array([index[v] for v in self.values[name]], dtype=np.uint32)
        yield "ord", np.frombuffer(self.ord, dtype=np.int64).copy()
        for name, postings in self.ranked.items():
            yield from postings.arrays(name).items()
        yield "zdict", np.frombuffer(self.zdict, dtype=np.uint8).copy()
        self._meta = {"version": VERSION, "runs": [list(r) for r in runs], "values": values,
                      "lengths": {name: postings.total for name, postings in self.ranked.items()}}


class _Postings:
    """A ranked field's postings as they are added: word ids, passages and occurrences in flat arrays."""

    def __init__(self):
        self.ids = {}
        self.words, self.docs, self.counts = array("I"), array("I"), array("I")
        self.lengths = array("q")
        self.total = 0

    def add(self, words):
        doc = len(self.lengths)
        for word, n in Counter(words).items():
            self.words.append(self.ids.setdefault(word, len(self.ids)))
            self.docs.append(doc)
            self.counts.append(n)
        self.lengths.append(len(words))
        self.total += len(words)

    def arrays(self, name):
        vocab = sorted(self.ids, key=lambda w: (len(w.encode("utf-8")) > WORD_BYTES, w.encode("utf-8")))
        short = sum(len(w.encode("utf-8")) <= WORD_BYTES for w in vocab)
        rank = np.empty(len(vocab), dtype=np.uint64)
        rank[[self.ids[w] for w in vocab]] = np.arange(len(vocab), dtype=np.uint64)
        # each posting's word rank above its place, sorted in place: the low halves are then the order to take
        # the postings in (the place breaks ties, so each word's passages stay ascending), with no array more
        keys = rank[np.frombuffer(self.words, dtype=np.uint32)]
        keys <<= np.uint64(32)
        for start in range(0, len(keys), 1 << 20):  # the places a piece at a time: no second array of them all
            keys[start:start + (1 << 20)] |= np.arange(start, min(len(keys), start + (1 << 20)), dtype=np.uint64)
        keys.sort()
        order = keys.view(np.uint32)[0::2] if np.little_endian else keys.view(np.uint32)[1::2]
        starts = np.searchsorted(keys, np.arange(len(vocab) + 1, dtype=np.uint64) << np.uint64(32))
        counts = np.frombuffer(self.counts, dtype=np.uint32)[order]
        docs = np.frombuffer(self.docs, dtype=np.uint32)[order]
        del keys, order
        out = {f"p.{name}.vocab": _table(vocab[:short]), f"p.{name}.long": _table(vocab[short:]),
               f"p.{name}.starts": _narrow(starts),
               f"p.{name}.docs": _narrow(docs),
               f"p.{name}.weights": _narrow(counts),
               f"len.{name}": _scored_lengths(np.frombuffer(self.lengths, dtype=np.int64))}
        if name == "text":
            out["p.text.total"] = _narrow(np.add.reduceat(counts.astype(np.int64), starts[:-1]) if len(vocab) else
                                          np.empty(0, np.int64))
        return out


def _table(words):
    """Words as a fixed-width array of UTF-8 bytes, in the order given: a segment's table of words, or the
    words to look up in one."""
    return np.array([w.encode("utf-8") for w in words] or [b""], dtype=np.bytes_)[:len(words)]


def _narrow(values):
    """Unsigned integers (counts, docnums, offsets) in the fewest of 8, 16, 32 or 64 bits that hold them all."""
    most = int(values.max()) if len(values) else 0
    return values.astype(next(kind for kind in (np.uint8, np.uint16, np.uint32, np.uint64) if most <= np.iinfo(kind).max))


def _scored_lengths(lengths):
    """Field lengths as Whoosh's scorer reads them back: one byte each (``length_to_byte``), 1 for none."""
    from whoosh.util.numeric import byte_to_length, length_to_byte  # a build's: the query path loads no Whoosh

    table = _length_table(byte_to_length, length_to_byte, int(lengths.max()) if len(lengths) else 0)
    return _narrow(np.where(lengths > 0, table[lengths], 1))


def _length_table(byte_to_length, length_to_byte, most):
    return np.array([byte_to_length(length_to_byte(n)) for n in range(most + 1)], dtype=np.int64)


def _value(record, name):
    """A passage's value of the field ``name`` as a string: ``page`` its digits, ``provenance`` its JSON."""
    if name == "page":
        return str(record["page"]) if record.get("page") else ""
    if name == "provenance":
        return _json(record.get("provenance") or {}).decode("utf-8")
    return record.get(name) or ""


def _compressed(text, zdict):
    packer = zlib.compressobj(6, wbits=-15, zdict=zdict)  # raw deflate: no header, no checksum to verify
    return packer.compress(text) + packer.flush()


def _json(value):
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:  # a lone surrogate, which UTF-8 cannot hold: written as "?"
        return json.dumps(value, ensure_ascii=False).encode("utf-8", "replace")


def write(whoosh_ix, folder):
    """Write ``blocks.json`` of ``whoosh_ix``'s segments into ``folder``; drop the blocks of segments gone.

    Every segment's blocks are there already, written with it (``SegmentBuilder``).
    """
    folder = Path(folder)
    root = folder / NAME
    root.mkdir(exist_ok=True)
    segments, deleted = [], []
    for segment, base in _segments(whoosh_ix):
        name = segment.segment_id()
        if _version(root / name / "meta.json") != VERSION:
            raise RuntimeError(f"segment {name} has no blocks")  # a bug, not a user's mistake
        segments.append({"id": name, "base": base, "count": segment.doc_count_all()})
        deleted.extend(base + d for d in segment.deleted_docs())
    for stale in set(os.listdir(root)) - {s["id"] for s in segments}:
        shutil.rmtree(root / stale, ignore_errors=True)  # deleted whole; only this generation's links go
    tmp = folder / (INDEX + ".tmp")
    tmp.write_text(json.dumps({"version": VERSION, "segments": segments, "deleted": sorted(deleted)}),
                   encoding="utf-8")
    os.replace(tmp, folder / INDEX)  # a new file: the live generation's hard link stays as it was


def _segments(whoosh_ix):
    """``(segment, base)`` of each segment of ``whoosh_ix``, in docnum order."""
    base = 0
    for segment in whoosh_ix._segments():
        yield segment, base
        base += segment.doc_count_all()


def from_whoosh_segment(leaf, store, base, count):
    """The blocks of one segment of an index of the layout before, where Whoosh held each passage whole."""
    from . import analysis  # the words of titles and sections, cut again: only this reading of an old index needs it

    cut = lru_cache(maxsize=1024)(lambda text: analysis.joined_words(text).split())
    column = leaf.column_reader("words") if count else []
    builder = SegmentBuilder()
    for d in range(count):
        fields = leaf.stored_fields(d)
        record = {**fields, "norm": store[base + d].decode("utf-8"),
                  "provenance": json.loads(fields.get("provenance") or "{}")}
        builder.add(record, {"text": column[d].decode("utf-8").split(), "title": cut(fields.get("title", "")),
                             "section_words": cut(fields.get("section", ""))})
    return builder.found()


def _version(path):
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def readable(folder):
    """True when ``folder`` holds blocks this code can read."""
    return _version(Path(folder) / INDEX) == VERSION


def _fresh(folder):
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _place(out, placed, name, values):
    """Write the array ``values`` at the end of ``out``, aligned for its type; note where in ``placed``."""
    out.write(b"\0" * (-out.tell() % 8))
    placed[name] = [out.tell(), values.dtype.str, len(values)]
    out.write(np.ascontiguousarray(values).tobytes())


def _finish(tmp, meta, target):
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    os.replace(tmp, target)


class _Segment:
    """One segment's blocks: from its folder (memory-mapped) or, for an index of the layout before, from memory."""

    def __init__(self, base, count, folder=None, found=None):
        self.base, self.count = base, count
        if found is None:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            empty = (folder / ARRAYS).stat().st_size == 0  # a segment of no documents: mmap refuses an empty file
            # a plain array over the map: a memmap's slices each cost a Python call more
            data = np.zeros(0, dtype=np.uint8) if empty else np.asarray(np.memmap(folder / ARRAYS, dtype=np.uint8,
                                                                                   mode="r"))
            self._arrays = {name: data[offset:offset + length * np.dtype(kind).itemsize].view(kind)
                            for name, (offset, kind, length) in meta["arrays"].items()}
            self._placed = meta["arrays"]
            # opened now: a generation an update has since removed stays readable while it is open
            self._file = open(folder / ARRAYS, "rb", buffering=0)
            self._stored = lines.LineStore(folder, STORED)
            self.norm = lines.LineStore(folder, NORM)
        else:
            meta, self._arrays, self._stored = found["meta"], found["arrays"], found["stored"]
            self.norm = None  # read from the generation's corpus
        self._folder = folder
        self._objects = {}
        self.values = meta["values"]
        self.field_lengths = meta["lengths"]
        self.runs = [self._run(k, base + first) for k, (first, _) in enumerate(meta["runs"])]
        self._zdict = bytes(self._arrays["zdict"])

    def array(self, name):
        return self._arrays[name]

    def objects(self, name):
        """The field ``name``'s values in this segment as an array of objects (to take many at once)."""
        if name not in self._objects:
            self._objects[name] = np.empty(len(self.values[name]), dtype=object)
            self._objects[name][:] = self.values[name]
        return self._objects[name]

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

    def postings_many(self, name, keys):
        """``{k: (local docnums, weights)}`` of each of ``keys`` (an array of UTF-8 bytes) the ranked field
        ``name`` holds, by its position in ``keys``."""
        at, found = self.places(name, keys)
        starts = self.array(f"p.{name}.starts")
        out = {}
        for k in np.flatnonzero(found).tolist():
            start, stop = int(starts[at[k]]), int(starts[at[k] + 1])
            out[k] = self.part(f"p.{name}.docs", start, stop), self.part(f"p.{name}.weights", start, stop)
        return out

    def places(self, name, keys):
        """``(at, found)``: where each of ``keys`` (an array of UTF-8 bytes) is in the postings of the field
        ``name`` (an index into ``starts``), and whether it is there at all."""
        at = np.zeros(len(keys), dtype=np.int64)
        found = np.zeros(len(keys), dtype=bool)
        offset = 0
        for table in (self.array(f"p.{name}.vocab"), self.array(f"p.{name}.long")):
            if len(table) and len(keys):
                where = np.minimum(np.searchsorted(table, keys), len(table) - 1)
                hit = table[where] == keys  # a key longer than the table's width matches nothing, even cut short
                at[hit] = where[hit] + offset
                found |= hit
            offset += len(table)
        return at, found

    def text(self, local):
        """The text of the segment's passage ``local``."""
        if self._folder is None:  # made in memory: a list
            packed = self._stored[local]
        else:
            packed = self._stored.read(local)  # read, not mapped: a full hit list leaves nothing resident
        return zlib.decompressobj(wbits=-15, zdict=self._zdict).decompress(packed).decode("utf-8")

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
    """The blocks of one generation, opened; ``from_whoosh`` makes them in memory for an index of the layout before."""

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
            segments.append(_Segment(base, count, found=from_whoosh_segment(leaf, store, base, count)))
            deleted.extend(base + d for d in leaf.segment().deleted_docs())
        return cls(segments, deleted)

    def norms(self):
        """``[(base, line store)]``: each segment's normalized lines (none for an index read from Whoosh)."""
        return [(s.base, s.norm) for s in self.segments if s.norm is not None]

    def field_length(self, name):
        """Words in the ranked field ``name`` over every passage, deleted included (as Whoosh counts them)."""
        return sum(segment.field_lengths[name] for segment in self.segments)

    def postings(self, name, word):
        """``(docnums, weights)``: the postings of ``word`` in the ranked field ``name``, deleted included."""
        return self.postings_many(name, [word])[word]

    def postings_many(self, name, words):
        """``{word: (docnums, weights)}``: ``postings`` of each of ``words``, each segment's table searched once."""
        keys = _table(words)
        ids = {word: [] for word in words}
        weights = {word: [] for word in words}
        for segment in self.segments:
            for k, (local, found) in segment.postings_many(name, keys).items():
                ids[words[k]].append(local.astype(np.int64) + segment.base)
                weights[words[k]].append(found.astype(np.float64))
        return {word: (np.concatenate(ids[word]) if ids[word] else np.empty(0, dtype=np.int64),
                       np.concatenate(weights[word]) if weights[word] else np.empty(0)) for word in words}

    def stored(self, docnum):
        """The passage ``docnum`` as a flat dict: its ``PASSAGE_KEYS`` (in order) and ``provenance``."""
        return self.stored_many([docnum])[0]

    def stored_many(self, docnums):
        """``stored`` of each of ``docnums`` (any order): the tags of all looked up at once, the lines read.

        A few passages take their tags from their segments' values; many, or a
        process that has the whole index's tables of values already, from those
        (made once: at 100× making them cost a query process 0.1 s).
        """
        wanted = np.asarray(docnums, dtype=np.int64)
        if len(wanted) >= MANY or all(key in self._ids for key in _FROM_IDS):
            columns = {key: self._values_of(key, wanted) for key in _FROM_IDS}
            positions = self.positions()[wanted].tolist()
        else:
            columns, positions = self._segment_values(wanted)
        parsed = {}  # a few hundred distinct provenances in a whole index: each read once a call, copied
        columns["id"] = list(map(passage_id, columns["doc"], positions))
        columns["text"] = self.texts(wanted)
        columns["page"] = [int(page) if page else None for page in columns["page"]]
        provenances = [dict(parsed[p] if p in parsed else parsed.setdefault(p, orjson.loads(p)))
                       for p in columns["provenance"]]
        return [dict(zip(_STORED_KEYS, row)) for row in zip(*(columns[key] for key in PASSAGE_KEYS), provenances)]

    def texts(self, docnums):
        """The texts of ``docnums`` (an array), each read from its segment."""
        where = (np.searchsorted(self._bases, docnums, side="right") - 1).tolist()
        return [self.segments[k].text(docnum - self._bases[k]) for k, docnum in zip(where, docnums.tolist())]

    def _values_of(self, name, docnums):
        """The values of the field ``name`` of ``docnums`` (an array), from the whole index's table."""
        key = ("objects", name)
        values, ids = self.ids(name)
        if key not in self._ids:
            self._ids[key] = np.empty(len(values), dtype=object)
            self._ids[key][:] = values
        return self._ids[key][ids[docnums]].tolist()

    def _segment_values(self, wanted):
        """``(columns, positions)`` of ``stored_many``, each passage's read from its own segment."""
        columns = {key: np.empty(len(wanted), dtype=object) for key in _FROM_IDS}
        positions = np.empty(len(wanted), dtype=np.int64)
        where = np.searchsorted(self._bases, wanted, side="right") - 1
        for k in np.unique(where).tolist():
            segment, picked = self.segments[k], np.flatnonzero(where == k)
            local = wanted[picked] - segment.base
            for key in _FROM_IDS:
                columns[key][picked] = segment.objects(key)[segment.array(key)[local]]
            positions[picked] = segment.array("ord")[local]
        return {key: column.tolist() for key, column in columns.items()}, positions.tolist()

    def counts(self, name, docnums):
        """``(values, counts)``: the field ``name``'s distinct values and how many of ``docnums`` (ascending)
        carry each, counted segment by segment (no table of the whole index)."""
        values, remaps = self._remaps(name)
        counted = np.zeros(len(values), dtype=np.int64)
        bounds = np.searchsorted(docnums, [s.base for s in self.segments] + [self.count])
        for k, (start, stop) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist())):
            if stop > start:
                segment = self.segments[k]
                local = segment.array(name)[docnums[start:stop] - segment.base]
                counted += np.bincount(remaps[k][local], minlength=len(values))
        return values, counted

    def _remaps(self, name):
        """``(values, remaps)``: the field's values over the index, and each segment's (by its place in
        ``segments``) as their places in them."""
        key = ("remaps", name)
        if key not in self._ids:
            values = sorted({v for s in self.segments for v in s.values[name]})
            index = {v: i for i, v in enumerate(values)}
            self._ids[key] = values, [np.array([index[v] for v in s.values[name]], dtype=np.int64)
                                      for s in self.segments]
        return self._ids[key]

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
            values, remaps = self._remaps(name)
            parts = [remap.astype(np.uint32)[s.array(name)] if s.values[name] else np.zeros(s.count, dtype=np.uint32)
                     for s, remap in zip(self.segments, remaps)]
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
        keys = _table(words)
        occurrences = np.zeros(len(keys), dtype=np.int64)
        passages = np.zeros(len(keys), dtype=np.int64)
        for segment in self.segments:
            at, found = segment.places("text", keys)
            starts = segment.array("p.text.starts")
            occurrences[found] += segment.array("p.text.total")[at[found]]
            passages[found] += starts[at[found] + 1] - starts[at[found]]
        return occurrences, passages

    def word_total(self):
        """Words in every segment's text, deleted passages included."""
        return int(sum(segment.field_lengths["text"] for segment in self.segments))

    def _joined(self, name, dtype):
        if name not in self._joined_arrays:
            parts = [np.asarray(s.array(name)) for s in self.segments]
            self._joined_arrays[name] = np.concatenate(parts) if parts else np.empty(0, dtype=dtype)
        return self._joined_arrays[name]


_STORED_KEYS = (*PASSAGE_KEYS, "provenance")
# the keys of a passage its segment's value ids give (the rest are in its stored line)
_FROM_IDS = ("doc", "provenance") + tuple(k for k in PASSAGE_KEYS if k in FIELDS)
