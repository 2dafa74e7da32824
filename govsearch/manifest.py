"""The manifest of a generation: its schema version, what its files depend on, and the files indexed.

``manifest.json`` in a generation folder holds::

    version    SCHEMA_VERSION of the code that wrote it (another version must rebuild)
    lexicon    what the saved jieba dictionary depends on (``lexicon_key``)
    pipeline   what every file's passages depend on besides its bytes (``pipeline_key``)
    files      {absolute path of a file on disk: SHA-256 of its bytes}
    roots      the folders given to ``index`` (absolute), what sources are shown relative to

Takes a generation folder; gives the manifest to update from (or raises
``IncompatibleIndex``), and writes the new one.
"""

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from . import analysis
from .errors import IncompatibleIndex

SCHEMA_VERSION = 6
NAME = "manifest.json"


def fresh():
    return {"version": SCHEMA_VERSION, "files": {}}


def read(folder):
    with open(Path(folder) / NAME, encoding="utf-8") as f:
        return json.load(f)


def write(folder, manifest):
    tmp = Path(folder) / (NAME + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, Path(folder) / NAME)


def compatible(manifest):
    return manifest.get("version") == SCHEMA_VERSION


def to_update(index_dir, live, rebuild):
    """The manifest an update starts from: the live one, or a fresh one for a rebuild.

    An index of another schema version is refused unless rebuilt; a rebuild keeps
    only the lexicon's key, so that the saved dictionary can be reused.
    """
    if live is None:
        return fresh()
    try:
        current = read(live)
    except (OSError, ValueError):
        current = {}
    if not compatible(current):
        if not rebuild:
            raise IncompatibleIndex(index_dir)
        return fresh()
    if rebuild:
        return {**fresh(), "lexicon": current.get("lexicon")}
    return current


def add_roots(manifest, roots):
    """Record the folders an update was given, beside those of earlier updates (a rebuild starts afresh)."""
    manifest["roots"] = sorted(set(manifest.get("roots") or ()) | {str(r) for r in roots})


def root_of(path, roots):
    """The longest of ``roots`` that ``path`` lies under, or "" (a file named directly)."""
    return max((r for r in roots if path.startswith(r.rstrip("/") + "/")), key=len, default="")


def relative(source, file, roots):
    """``source`` shown relative to its collection: the root it lies under, else the folder of ``file``
    (a file named directly, or an archive holding the source, shows from its own name)."""
    base = (root_of(source, roots) or os.path.dirname(file)).rstrip("/")
    return source[len(base) + 1:] if base else source


@lru_cache(maxsize=1)
def lexicon_key():
    """What the written lexicon depends on: jieba's version, the domain dictionary, the store's format."""
    import importlib.metadata

    with open(analysis.USER_DICT, "rb") as f:
        userdict = hashlib.sha256(f.read()).hexdigest()[:16]
    return f"jieba {importlib.metadata.version('jieba')} {userdict} lines-1"


@lru_cache(maxsize=1)
def pipeline_key():
    """What a file's passages depend on besides its bytes: the code that reads, splits, tags and cuts it."""
    from . import passages, places, readers, schema, tags  # only a writer asks: a query need not load them

    digest = hashlib.sha256(lexicon_key().encode())
    for module in (readers, passages, tags, places, analysis, schema):
        for path in _sources_of(module):
            digest.update(path.read_bytes())
    digest.update((Path(tags.__file__).parent / "data" / "sessions.tsv").read_bytes())
    digest.update(places.table_version().encode())
    return digest.hexdigest()[:16]


def _sources_of(module):
    """The Python files of a module, or of every module in a package."""
    path = Path(module.__file__)
    if path.name == "__init__.py":
        return sorted(path.parent.rglob("*.py"))
    return [path]
