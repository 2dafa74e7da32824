"""govsearch: full-text search for Chinese government reports, as a library.

    import govsearch
    with govsearch.Index("index") as ix:
        res = ix.search("营商环境", district="江苏")

The pipeline, one module per stage, none importing one above it: ``readers``
(files → text) → ``passages`` (repair and split) → ``tags`` (district, body,
meeting, date) → ``analysis`` (normalization, jieba words) → the index
(``storage``, ``manifest``, ``corpus``, ``schema``, ``build``, ``index``) →
``query`` and ``search`` (query → ranked hits) → ``api`` (the ``Index`` facade)
→ ``render`` (terminal, JSON) → ``cli`` (Click, thin).
"""

__version__ = "0.1.0"

from . import errors  # noqa: E402
from .api import Hit, Index, Passage, Results, Stats, UpdateReport  # noqa: E402
from .errors import GovsearchError  # noqa: E402

__all__ = ["Index", "Hit", "Passage", "Results", "Stats", "UpdateReport", "GovsearchError", "errors",
           "__version__"]
