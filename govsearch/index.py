"""An opened index: the live generation, and everything ``search`` may ask of it.

Takes an index folder (see ``storage``); gives a ``Generation`` opened whole at
once, answering in docnums (Whoosh's document numbers, which are also the line
numbers of the normalized corpus):

* ``find(text)``: docnums whose normalized text contains the text (``corpus``);
* ``values(field)``, ``having(field, values)``: the tag values in the index, and
  the docnums carrying any of them (filters);
* ``score(words, docnums, limit)``: BM25F scores of docnums for jieba words;
* ``stored(docnum)``, ``docnum(id)``, ``neighbours(id)``, ``in_order()``,
  ``counts(field, docnums)``: the passages themselves.

A generation switched away from while it is open stays readable: its files
stay open. Nothing outside this module touches Whoosh's searcher or the corpus.
"""

import json
import time
from bisect import bisect_left
from collections import Counter
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq

from . import analysis, corpus, manifest, storage
from .errors import IncompatibleIndex, IndexChanging, IndexMissing, NotFound
from .schema import BOOSTS, PASSAGE_KEYS


def exists(index_dir):
    """True when ``index_dir`` holds a govsearch index (of any version)."""
    return storage.live(index_dir) is not None


class Generation:
    """The live generation of the index at ``index_dir``, opened for reading."""

    def __init__(self, index_dir):
        self.path = Path(index_dir)
        for attempt in range(5):
            folder = storage.live(self.path)
            if folder is None:
                raise IndexMissing(f"no govsearch index in {self.path}")
            try:
                self._open(folder)
                return
            except FileNotFoundError:  # removed between resolving CURRENT and opening it
                time.sleep(0.05 * (attempt + 1))
        raise IndexChanging(f"{self.path}: the index kept changing while being opened; try again")

    def _open(self, folder):
        found = manifest.read(folder)
        if not manifest.compatible(found):
            raise IncompatibleIndex(self.path)
        self.folder = folder
        self.files = found["files"]
        self._searcher = whoosh_index.open_dir(str(folder / "whoosh")).searcher()
        self._corpus = corpus.Corpus(folder)
        has_lexicon = all((folder / name).exists() for name in analysis.Lexicon.FILES)
        self._lexicon = analysis.Lexicon(folder) if has_lexicon else None

    def close(self):
        self._searcher.close()

    # matching and filtering

    def find(self, text):
        """Docnums whose normalized text contains ``normalize(text)``."""
        return self._corpus.find(text)

    def tokenizer_for(self, texts):
        """A jieba tokenizer for segmenting ``texts`` (the query's strings)."""
        if self._lexicon is None:
            return analysis.segmenter()
        return self._lexicon.tokenizer_for(texts)

    def values(self, field_name):
        """The distinct values of a tag field."""
        return [v.decode("utf-8") if isinstance(v, bytes) else v
                for v in self._searcher.lexicon(field_name)]

    def having(self, wanted):
        """Docnums that carry, for every ``field: values`` of ``wanted``, one of the values."""
        parts = [wq.Or([wq.Term(name, v) for v in values]) if values else wq.NullQuery
                 for name, values in wanted.items()]
        return set(self._searcher.docs_for_query(wq.And(parts)))

    def all_docnums(self):
        return set(self._searcher.reader().all_doc_ids())

    # ranking

    def _terms(self, words):
        return [wq.Term(name, w, boost=boost) for w in words for name, boost in BOOSTS.items()]

    def score(self, words, docnums, limit=None):
        """``{docnum: score}`` of the best ``limit`` (None: all) of ``docnums`` that hold any of ``words``.

        BM25F over text, title and section (``schema.BOOSTS``). When ``docnums``
        are few beside the postings of the words, each is found by skipping in the
        postings (``score_each``); otherwise Whoosh walks the postings and, asked
        for the top ``limit``, skips blocks that cannot make the cut.
        """
        terms = self._terms(words)
        if not terms or not docnums:
            return {}
        postings = sum(self._searcher.doc_frequency(t.fieldname, t.text) for t in terms)
        if len(docnums) * len(terms) < postings:
            return self.score_each(words, docnums)
        return self.score_all(words, docnums, limit)

    def score_all(self, words, docnums, limit=None):
        """Whoosh's own search of ``Or(words)`` within ``docnums``."""
        found = self._searcher.search(wq.Or(self._terms(words)), filter=docnums, limit=limit)
        return {hit.docnum: hit.score for hit in found}

    def score_each(self, words, docnums):
        """Whoosh's scores of a few ``docnums``, found by skipping to each in every term's postings.

        The matchers and the BM25F scorer are Whoosh's own, so the scores are those
        of ``score_all``.
        """
        terms = self._terms(words)
        ordered = sorted(docnums)
        scores = {}
        for leaf, offset in self._searcher.leaf_searchers():
            size = leaf.doc_count_all()
            local = [d - offset for d in ordered[bisect_left(ordered, offset):bisect_left(ordered, offset + size)]]
            for term in terms:
                matcher = term.matcher(leaf)
                for docnum in local:
                    if not matcher.is_active():
                        break
                    if matcher.id() < docnum:
                        matcher.skip_to(docnum)
                    if matcher.is_active() and matcher.id() == docnum:
                        scores[docnum + offset] = scores.get(docnum + offset, 0.0) + matcher.score()
        return scores

    # passages

    def stored(self, docnum):
        """One passage as a flat dict: ``PASSAGE_KEYS``, plus ``provenance`` (a dict)."""
        fields = self._searcher.stored_fields(docnum)
        out = {key: fields.get(key, "") for key in PASSAGE_KEYS}
        out["page"] = fields.get("page") or None
        out["provenance"] = json.loads(fields.get("provenance") or "{}")
        return out

    def docnum(self, passage_id):
        docnum = self._searcher.document_number(id=passage_id)
        if docnum is None:
            raise NotFound(f"no passage with id {passage_id!r}")
        return docnum

    def neighbours(self, passage_id):
        """The docnums before and after ``passage_id`` in its document (either may be None)."""
        doc, _, ord_ = passage_id.rpartition("-")
        around = []
        for other in (int(ord_) - 1, int(ord_) + 1):
            found = self._searcher.document_number(id=f"{doc}-{other:04d}") if other >= 0 else None
            around.append(found)
        return around

    def in_order(self, docnums=None):
        """Live docnums (or those of ``docnums``) in document order: by source, then position."""
        position = self._searcher.reader().column_reader("ord")
        wanted = self.all_docnums() if docnums is None else docnums
        return [d for _, _, d in sorted((self._source_of(d), position[d], d) for d in wanted)]

    def _source_of(self, docnum):
        return self._searcher.stored_fields(docnum)["source"]

    def counts(self, field_name, docnums):
        """``Counter`` of a tag field's values over ``docnums``; ``year`` counts the dates' years."""
        column = self._searcher.reader().column_reader("date" if field_name == "year" else field_name)
        if field_name == "year":
            return Counter(column[d][:4] for d in docnums)
        return Counter(column[d] for d in docnums)

    def documents_by(self, field_name):
        """``Counter`` of documents (not passages) per value of a tag field that is the same for a whole document."""
        docs = self._searcher.reader().column_reader("doc")
        values = self._searcher.reader().column_reader(field_name)
        return Counter(value for _, value in {(docs[d], values[d]) for d in self.all_docnums()})

    def document_count(self):
        column = self._searcher.reader().column_reader("doc")
        return len({column[d] for d in self.all_docnums()})

    # the analyst views (``views``)

    def tag_of(self, field_name, docnums):
        """``{docnum: value}`` of a tag field over ``docnums``; ``year`` is the date's year."""
        column = self._searcher.reader().column_reader("date" if field_name == "year" else field_name)
        if field_name == "year":
            return {d: column[d][:4] for d in docnums}
        return {d: column[d] for d in docnums}

    def document_of(self, docnums):
        """``{docnum: doc}``: the document (``schema.document_id``) each passage belongs to."""
        return self.tag_of("doc", docnums)

    def words_of(self, docnum):
        """The jieba words of a passage's text, as indexed (read back, never cut again)."""
        return self._searcher.reader().column_reader("words")[docnum].decode("utf-8").split()

    def word_lists(self, docnums):
        """``(docnum, words)`` of each of ``docnums``: ``words_of`` for many, the column opened once."""
        column = self._searcher.reader().column_reader("words")
        for docnum in docnums:
            yield docnum, column[docnum].decode("utf-8").split()

    def word_totals(self, words):
        """``{word: (occurrences, passages)}`` of ``words`` over the whole index."""
        reader = self._searcher.reader()
        return {w: (reader.frequency("text", w), reader.doc_frequency("text", w)) for w in words}

    def word_count(self):
        """Words in the text of every passage."""
        return self._searcher.reader().field_length("text")

    def documents_having(self, words):
        """``{word: set of docs}``: the documents whose passages hold each word (read from its postings)."""
        reader = self._searcher.reader()
        docs = reader.column_reader("doc")
        out = {}
        for word in words:
            ids = reader.postings("text", word).all_ids() if reader.doc_frequency("text", word) else []
            out[word] = {docs[d] for d in ids}
        return out

    def like(self, docnum, docnums, limit, terms=12):
        """``{docnum: score}`` of the ``limit`` passages of ``docnums`` most like ``docnum``.

        Whoosh's ``more_like`` over the jieba words of the ``text`` field: its key
        terms (Bo1) searched as an ``Or``.
        """
        text = " ".join(self.words_of(docnum))
        if not text or not docnums:
            return {}
        found = self._searcher.more_like(docnum, "text", text=text, top=limit, numterms=terms,
                                         filter=docnums)
        return {hit.docnum: hit.score for hit in found}

    def passage_at(self, passage_id, step):
        """The docnum ``step`` passages after (``-step`` before) ``passage_id`` in its document, or None."""
        doc, _, ord_ = passage_id.rpartition("-")
        other = int(ord_) + step
        return self._searcher.document_number(id=f"{doc}-{other:04d}") if other >= 0 else None

    def document_order(self, docnums):
        """``docnums`` in document order, as ``in_order`` gives them, from columns (one stored read per document)."""
        reader = self._searcher.reader()
        docs, position = reader.column_reader("doc"), reader.column_reader("ord")
        doc_of = {d: docs[d] for d in docnums}
        first = {}
        for docnum, doc in doc_of.items():
            first.setdefault(doc, docnum)
        source = {doc: self._source_of(docnum) for doc, docnum in first.items()}
        return sorted(docnums, key=lambda d: (source[doc_of[d]], position[d], d))
