"""Query language: what the user typed, as clauses of literal strings.

* words separated by spaces must all occur (AND);
* ``"quoted words"`` are one string, spaces and all (an unclosed quote runs to the end);
* ``a OR b`` accepts either;
* ``-word`` or ``-"quoted words"`` excludes passages containing it.

Every string is normalized (see ``analysis.normalize``) before it is looked for, so
punctuation inside a term is ignored: ``“532”发展战略`` and ``532发展战略`` are the
same term. Filters are arguments (``search.Filters``), never part of the query string.
"""

from dataclasses import dataclass

from .analysis import normalize
from .errors import QueryError

MAX_QUERY_CHARS = 2000


@dataclass(frozen=True)
class Clause:
    """One AND-ed part of a query: any of ``terms`` (normalized), or none of them if ``negated``."""

    terms: tuple
    negated: bool = False


@dataclass(frozen=True)
class Query:
    """A parsed query: its clauses, AND-ed."""

    clauses: tuple

    @property
    def positive(self):
        return [c for c in self.clauses if not c.negated]

    @property
    def negative(self):
        return [c for c in self.clauses if c.negated]

    @property
    def needles(self):
        """Every normalized string to highlight."""
        return sorted({t for c in self.positive for t in c.terms}, key=len, reverse=True)

    @property
    def whole(self):
        """The query's positive strings run together, when it has several AND-ed ones."""
        if len(self.positive) < 2 or any(len(c.terms) > 1 for c in self.positive):
            return ""
        return "".join(c.terms[0] for c in self.positive)


def _tokens(text):
    """``(string, negated, quoted)`` for each space-separated word or quoted phrase."""
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        negated = text[i] == "-" and i + 1 < n and not text[i + 1].isspace()
        if negated:
            i += 1
        if text[i] == '"':
            end = text.find('"', i + 1)
            end = n if end == -1 else end
            yield text[i + 1:end], negated, True
            i = end + 1
        else:
            start = i
            while i < n and not text[i].isspace() and text[i] != '"':
                i += 1
            yield text[start:i], negated, False


def parse(text):
    """Parse a query string; raise ``QueryError`` when nothing in it can be searched."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(text)} characters; the limit is {MAX_QUERY_CHARS})")
    clauses, join_next = [], False
    for raw, negated, quoted in _tokens(text):
        if raw == "OR" and not quoted and not negated:
            join_next = bool(clauses)
            continue
        term = normalize(raw)
        if not term:
            continue
        if join_next and clauses[-1].negated == negated:
            last = clauses.pop()
            clauses.append(Clause(last.terms + (term,), negated))
        else:
            clauses.append(Clause((term,), negated))
        join_next = False
    if not clauses and any(raw == "OR" for raw, _, quoted in _tokens(text) if not quoted):
        raise QueryError(f"nothing to search for in {text!r}: OR joins two terms (to look for the word, quote it: \"OR\")")
    if not clauses:
        raise QueryError(f"nothing to search for in {text!r}: the query has no letters, digits or characters")
    if all(c.negated for c in clauses):
        raise QueryError("the query only excludes; add a term to look for")
    return Query(tuple(clauses))
