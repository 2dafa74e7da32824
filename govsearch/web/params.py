"""Web parameters: a query string in, validated search or compare parameters out; and back to URLs.

The URL is the whole state of a page, so this module both reads it (rejecting
what the library would misread: an unknown field, a field given twice, a year
that is not a year, a date that does not exist, a page that is not a number; a
page past the end is not a mistake but an empty page)
and writes it (the links that add or drop a filter, or turn a page), always in
the same parameter order so that equal states give equal URLs.
"""

import datetime
import re
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from ..errors import BadParameter

FILTERS = ("district", "province", "level", "body", "meeting", "section", "year", "since", "until")
# Datasette-style ``district__exact=江苏省``: that tag value only, no place inside it (a compare cell's link)
EXACT_FIELDS = ("district", "province", "meeting", "section")
EXACT = tuple(f"{name}__exact" for name in EXACT_FIELDS)
FACETS = ("district", "province", "level", "body", "year", "meeting")
COMPARE_FIELDS = ("district", "province", "level", "body", "year", "meeting", "section")
PAGE_SIZE = 20

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@dataclass(frozen=True)
class Search:
    """What a search page or ``/api/search`` was asked: the query, its filters, the slice of hits."""

    q: str = ""
    filters: dict = field(default_factory=dict)
    page: int = 1
    limit: int = PAGE_SIZE

    @property
    def offset(self):
        return (self.page - 1) * self.limit

    def with_filter(self, name, value):
        """The same search filtered on ``name`` = ``value`` instead, from its first page."""
        return replace(self, filters={**self.without_filter(name).filters, name: str(value)}, page=1)

    def without_filter(self, name):
        """The same search without the filter ``name``, in either form (``district``, ``district__exact``)."""
        base = name.removesuffix("__exact")
        return replace(self, filters={k: v for k, v in self.filters.items() if k.removesuffix("__exact") != base},
                       page=1)

    def at_page(self, page):
        return replace(self, page=page)

    def url(self, path="/"):
        pairs = [("q", self.q)] + [(k, self.filters[k]) for k in FILTERS + EXACT if k in self.filters]
        if self.limit != PAGE_SIZE:
            pairs.append(("limit", self.limit))
        if self.page != 1:
            pairs.append(("page", self.page))
        return f"{path}?{urlencode(pairs)}"


@dataclass(frozen=True)
class Compare:
    """What ``/compare`` or ``/api/compare`` was asked: the query, the fields to count by, filters."""

    q: str = ""
    by: str = "district"
    then: str = ""
    filters: dict = field(default_factory=dict)

    def url(self, path="/compare"):
        pairs = [("q", self.q), ("by", self.by)] + ([("then", self.then)] if self.then else [])
        pairs += [(k, self.filters[k]) for k in FILTERS + EXACT if k in self.filters]
        return f"{path}?{urlencode(pairs)}"

    def search(self, **cell):
        """The search behind one cell: this query and filters, narrowed to exactly ``cell``'s field values.

        Compare counts exact tag values, so a cell's search filters on the value
        itself (``district__exact``), not the places inside it.
        """
        narrowed = {(f"{k}__exact" if k in EXACT_FIELDS else k): str(v) for k, v in cell.items()}
        kept = {k: v for k, v in self.filters.items() if k.removesuffix("__exact") not in cell}
        return Search(self.q, {**kept, **narrowed})


def parse_search(query_string, api=False):
    """A ``Search`` from a URL query string; ``api`` allows ``limit=0`` (every hit)."""
    values = _single(query_string, {"q", "page", "limit", *FILTERS, *EXACT})
    limit = _number(values.get("limit"), "limit", PAGE_SIZE, low=0 if api else 1, high=None if api else 100)
    return Search(
        q=values.get("q", "").strip(),
        filters=_filters(values),
        page=_number(values.get("page"), "page", 1, low=1),
        limit=limit,
    )


def parse_compare(query_string):
    values = _single(query_string, {"q", "by", "then", *FILTERS, *EXACT})
    by = values.get("by", "district")
    then = values.get("then", "")
    for name, value in (("by", by), ("then", then)):
        if value and value not in COMPARE_FIELDS:
            raise BadParameter(f"{name}={value} is not a field to compare by; use one of {', '.join(COMPARE_FIELDS)}")
    if then == by:
        raise BadParameter(f"by and then are both {by}; give then a different field, or leave it out")
    return Compare(q=values.get("q", "").strip(), by=by, then=then, filters=_filters(values))


def typed_query(query_string):
    """The ``q`` the user typed, unchecked: to keep it in the search box of an error page."""
    return next((v.strip() for k, v in parse_qsl(query_string) if k == "q"), "")


def last_page(search, total):
    """The number of the last page of ``total`` hits (1 when there are none)."""
    return max(1, -(-total // search.limit)) if search.limit else 1


def parse_reading(query_string):
    """The query whose matches a document or passage page highlights ("" for none), checked as a search's."""
    q = _single(query_string, {"q"}).get("q", "")
    if q:
        from ..query import parse

        parse(q)  # a query that cannot be searched is refused here, as a search would refuse it
    return q


def parse_file(query_string):
    """The page asked of an original (0: none): page N of a report made of page images."""
    return _number(_single(query_string, {"page"}).get("page"), "page", 0, low=1)


def _single(query_string, known):
    """Each parameter's one value; an unknown or repeated one is an error, an empty one is absent."""
    values = {}
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if name not in known:
            raise BadParameter(f"unknown parameter {name!r}; known: {', '.join(sorted(known))}")
        if name in values:
            raise BadParameter(f"{name} is given twice; give it once")
        value = value.strip()
        if value:
            values[name] = value
    return values


def _filters(values):
    filters = {k: values[k] for k in FILTERS + EXACT if k in values}
    for name in EXACT_FIELDS:
        if name in filters and f"{name}__exact" in filters:
            raise BadParameter(f"{name} and {name}__exact are both given; give one of them")
    if "year" in filters and not re.fullmatch(r"\d{4}", filters["year"]):
        raise BadParameter(f"year={filters['year']} is not a year; write it as four digits, like 2024")
    for name in ("since", "until"):
        if name in filters:
            _check_date(name, filters[name])
    return filters


def _check_date(name, value):
    found = _DATE.fullmatch(value)
    if not found:
        raise BadParameter(f"{name}={value} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(part) if part else 1 for part in found.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        raise BadParameter(f"{name}={value} is not a date that exists") from None


def _number(value, name, default, low, high=None):
    if value is None:
        return default
    if not re.fullmatch(r"\d{1,9}", value):
        raise BadParameter(f"{name}={value} is not a whole number")
    number = int(value)
    if number < low or (high is not None and number > high):
        bound = f"from {low} to {high}" if high is not None else f"{low} or more"
        raise BadParameter(f"{name}={value} is out of range: give {bound}")
    return number
