"""Whoosh holding every passage whole, as govsearch wrote it before the blocks held them (blocks version 5).

Takes an opened generation; writes, in a folder, a Whoosh index of that schema
with the same passages under the same docnums (deleted ones deleted, unmerged):
the reference the blocks' scores, key words and tables of words must equal
(Whoosh's own search, ``more_like``, ``frequency``), and the Whoosh of an index
of the layout before (``old_layout``), which a query reads until ``govsearch
index`` writes it again.
"""

import json
import shutil

from govsearch import analysis, blocks, corpus, lines, manifest, storage
from govsearch.index import Generation

TAGS = ("district", "province", "city", "level", "body", "meeting", "section", "date", "format")


def old_schema():
    from whoosh.columns import VarBytesColumn
    from whoosh.fields import COLUMN, ID, NUMERIC, STORED, TEXT, Schema

    words = analysis.analyzer()
    return Schema(
        id=ID(stored=True, unique=True), doc=ID(stored=True, sortable=True), file=ID(stored=True),
        source=ID(stored=True), ord=NUMERIC(stored=True, sortable=True),
        title=TEXT(analyzer=words, stored=True, phrase=False), section_words=TEXT(analyzer=words, phrase=False),
        text=TEXT(analyzer=words, stored=True, phrase=False), norm=COLUMN(VarBytesColumn()),
        words=COLUMN(VarBytesColumn()), speaker=ID(stored=True), page=NUMERIC(stored=True), provenance=STORED(),
        **{name: ID(stored=True, sortable=True) for name in TAGS},
    )


def reference(generation, folder):
    """A Whoosh index in ``folder`` of ``generation``'s passages, docnum for docnum; opened."""
    from whoosh import index as whoosh_index

    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), old_schema())
    writer = ix.writer()
    for docnum in range(generation._blocks.count):
        fields = generation.stored(docnum)
        words = " ".join(generation.words_of(docnum))
        writer.add_document(
            **{key: fields[key] for key in ("id", "source", "speaker", *TAGS)}, doc=fields["id"].rpartition("-")[0],
            file="", ord=int(generation._blocks.positions()[docnum]), page=fields["page"],
            title=analysis.joined_words(fields["title"]), _stored_title=fields["title"],
            section_words=analysis.joined_words(fields["section"]), text=words, _stored_text=fields["text"],
            words=words.encode("utf-8"), norm=generation.normalized(docnum).encode("utf-8"),
            provenance=json.dumps(fields["provenance"], ensure_ascii=False))
    writer.commit()
    if len(generation._blocks.deleted):
        writer = ix.writer()
        for docnum in generation._blocks.deleted.tolist():
            writer.delete_document(docnum)
        writer.commit(merge=False)  # deleted passages stay counted, as in the generation
    return ix


def old_layout(index_dir):
    """Turn the live generation at ``index_dir`` into the layout before: Whoosh holds the passages, no blocks."""
    folder = storage.live(index_dir)
    generation = Generation(index_dir)
    try:
        count = generation._blocks.count
        deleted = set(generation._blocks.deleted.tolist())
        norms = [b"" if d in deleted else generation._corpus.read(d) for d in range(count)]
        reference(generation, folder / "whoosh-old")
    finally:
        generation.close()
    lines.write(folder, corpus.NAME, norms)
    shutil.rmtree(folder / "whoosh")
    (folder / "whoosh-old").rename(folder / "whoosh")
    shutil.rmtree(folder / blocks.NAME)
    (folder / blocks.INDEX).unlink()
    found = manifest.read(folder)
    manifest.write(folder, {**found, "pipeline": "before the blocks held the passages"})
