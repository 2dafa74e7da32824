"""The analyst views of issue #13, over an opened ``index.Generation``: compare, figures, similar, terms.

Each module takes the generation, a query or a passage, and ``search.Filters``;
each gives a dataclass with ``to_dict()`` (the JSON the README documents), which
``api.Index`` hands out. Matching is always ``search.matching``: a count here is
a count ``query`` would give.
"""
