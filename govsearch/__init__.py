"""govsearch: full-text search for Chinese government reports.

The pipeline, one module per stage: ``readers`` (files → text) → ``passages``
(repair and split) → ``tags`` (district, body, meeting, date) → ``analysis``
(normalization and jieba words) → ``index`` (Whoosh plus the normalized corpus)
→ ``query`` and ``search`` (query → ranked hits) → ``render`` (terminal, JSON)
→ ``cli`` (Click, thin).
"""

__version__ = "0.1.0"
