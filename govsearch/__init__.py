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

``Index`` and its dataclasses load (with numpy and Whoosh) when first named, so
that ``govsearch --version`` and ``--help`` start without the engine.
"""

__version__ = "0.1.0"

from . import errors  # noqa: E402
from .errors import GovsearchError  # noqa: E402

_API = ("Index", "Hit", "Passage", "Results", "Stats", "UpdateReport")

__all__ = [*_API, "GovsearchError", "errors", "__version__"]


def __getattr__(name):
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted({*globals(), *_API})
