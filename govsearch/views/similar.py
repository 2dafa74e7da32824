"""Similar: the passages of other documents most like one passage, for how others phrased the same policy.

Takes an opened ``index.Generation``, a passage id and ``search.Filters``; gives
``[(docnum, score)]``, best first: Whoosh's ``more_like`` (Bo1 key terms of the
passage's jieba words, searched as an ``Or`` with BM25F) over the passages that
pass the filters, leaving out the passage's own document unless asked, and
its own text in other documents (``copies``).
"""

from .. import search


def similar(index, passage_id, limit=10, filters=None, same_document=False):
    """``[(docnum, score)]`` of the ``limit`` passages most like ``passage_id``, best first."""
    docnum = index.docnum(passage_id)
    allowed = set(search.once(index, search.selected(index, filters) if filters is not None and filters.any()
                              else index.all_docnums(), filters).tolist())
    allowed -= {docnum, *index.also_in(docnum)}  # its own text elsewhere is no other phrasing
    if not same_document:
        own = index.document_of([docnum])[docnum]
        allowed -= set(index.having({"doc": [own]}).tolist())
    scores = index.like(docnum, allowed, limit)
    return sorted(scores.items(), key=lambda pair: (-round(pair[1], 9), pair[0]))[:limit]
