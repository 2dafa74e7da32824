"""Figures: the numbers reports state for an indicator, targets and outcomes, each with its sentence.

Takes an opened ``index.Generation``, an indicator (地区生产总值, or a name it goes
by: GDP, 国内生产总值, 经济增长 … from ``data/figures.tsv``) and ``search.Filters``;
gives ``Figures``: every percentage stated for the indicator in the passages that
name it (a target: ``预期目标…增长5.5%左右``, ``6%—6.5%``, ``6%以上``, ``力争…``; or
an outcome: ``比上年增长5.2%``), and optionally a table of the figures per place
and year.

Reading is by rule, never by guess; where a rule is unsure, nothing is read,
since an empty cell is better than a wrong number. The figure must follow the
indicator's name in the same sentence with nothing between them but words and
sums of money (no other indicator, percentage or count, no 年均 or 累计), and a
clause after a comma must go on with the indicator's own statement (增长…,
比上年…, a sum), not name another. The name must stand alone: after the report's
own place (全省, 我国), a verb or a time, never inside another measure (海洋…,
人均…, 单位…能耗, 占…比重, 世界经济增长). A bound keeps one end: ``6%以上`` has no
``high``, ``5%以内`` no ``low``; ``、力争7%`` after it stays in the qualifier.
Target or outcome is said by the marker nearest the figure: 目标, 预期, 力争,
确保, 今年 (and, in a report given at a session, its own year) for a target;
去年, 上年, 预计, 全年实现, 较好完成, 实现了…目标, an earlier year for an outcome.
Without one, a figure followed by …的目标, in a section of 目标 or after a
lead-in (``主要预期目标是：``) is a target, any other an outcome. The year is the
one the sentence names before the figure, else the report's year for a target
and the year before for an outcome. A table's cell holds every different
figure stated for its place and year; where a report states none, it is empty.
"""


import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Optional

from .. import search
from ..errors import QueryError
from .compare import check_fields

TABLE = Path(__file__).resolve().parent.parent / "data" / "figures.tsv"
KINDS = ("target", "outcome")
_NUMBER = re.compile(r"(不低于|不少于|不超过|不高于)?\s*(\d+(?:\.\d+)?)\s*(?:[%％]?\s*[—–~～〜至到－-]+\s*(\d+(?:\.\d+)?))?"
                     r"\s*[%％]\s*(左右|以上|以内|以下)?")
_LOWER = ("以上", "不低于", "不少于")
_UPPER = ("以内", "以下", "不超过", "不高于")
_ASPIRATION = re.compile(r"\s*[、，,]?\s*(?:力争|争取|努力争取)(?:达到|实现)?\s*(\d+(?:\.\d+)?)\s*[%％]")
_SPACED = re.compile(r"(?<=[\d.．])[ \u3000\xa0]+(?=[\d.．%％年])")
_SENTENCE_END = re.compile(r"[。！？!?\n]")
_STOPS = re.compile(r"[；;%％]|年均|累计|平均每年|分别")  # 分别: figures by position, not read
_AMOUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:万亿|亿|万|千)?(?:元|美元)")
# What may stand just before the indicator's name: the report's own place (全省, 我市 …), a verb or a
# time; any other word makes it a different measure (海洋生产总值, 人均…, 单位GDP…, 占GDP比重, 世界经济增长)
_OWN_WORDS = re.compile(r"(?:地方|全社会|全体|实现|完成|预计|达到|力争|确保|保持|推动|促进|核算|其中|同期|同时|其后|此后|随后"
                        r"|年|是|为|将|把|使|和|与|及|并|了)$")
_PLACE_ENDS = "省市区县州盟旗"
_AFTER_NAME = ("能耗", "比重", "的比", "之比", "占比", "水耗", "二氧化碳")
# A later clause of the gap (after ，or 、) continues the indicator's own statement only when it opens
# with one of these or states its sum of money; any other opening is another indicator's clause
_CONTINUES = re.compile(r"(?:增长|增速|增幅|比|较|同比|按|实际|名义|扣除|剔除|可比|预期|目标|力争|争取|确保|年增|下降"
                        r"|上涨|涨幅|约|达|为|保持|稳定在|控制在|总量)")
_CLAUSE = re.compile(r"[，,、]")
# The marker nearest the figure says which it is: an aim for the report's year or a result already had
_TARGET = re.compile(r"目标|力争|争取|确保|(?<!好于)(?<!超出)(?<!高于)(?<!低于)(?<!符合)(?<!超)预期|今年(?!以来)")
_PAST = re.compile(r"(?<!确保)(?<!力争)(?<!努力)(?:实现|完成)[^，。；：:]{0,8}目标"
                   r"|去年|(?<![比较同])上年|过去(?:的)?一年|前年|预计|全年(?:实现|完成)|(?:圆满|全面|较好|顺利|超额|胜利|基本)完成"
                   r"|完成了|实现了|达到了|(?:好于|超出|超|高于|低于|符合)预期")
_AIMED = re.compile(r"的?(?:增长|预期|发展|年度)?目标")  # 实现经济增长8%左右的目标
_LEAD = re.compile(r"(?:目标|力争|预期)[^。！？]*[：:]$")  # 主要预期目标是： ending the passage before
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年(?!均|代)")
_GAP = 40


@dataclass
class Figure:
    """One stated figure: ``low``–``high``, either ``None`` for a bound (``6%以上``: ``high`` is ``None``).

    ``value`` is the figure when it is one number; ``qualifier`` what the report
    writes beside it (左右, 以上, 以内, 力争, or ``以上、力争7%``).
    """

    indicator: str
    name: str
    value: Optional[float]
    low: Optional[float]
    high: Optional[float]
    qualifier: str
    unit: str
    year: Optional[int]
    kind: str
    id: str
    sentence: str
    district: str = ""
    province: str = ""
    level: str = ""
    body: str = ""
    meeting: str = ""
    section: str = ""
    date: str = ""
    source: str = ""

    @property
    def text(self):
        """As a report writes it: ``5%左右``, ``6%—6.5%``, ``6%以上、力争7%``, ``不低于6%``."""
        if self.low is not None and self.high is not None and self.low != self.high:
            number = f"{_plain(self.low)}{self.unit}—{_plain(self.high)}{self.unit}"
        else:
            number = f"{_plain(self.low if self.low is not None else self.high)}{self.unit}"
        if self.qualifier.startswith("不"):
            return self.qualifier + number
        return number + (self.qualifier if self.qualifier != "力争" else "")

    def to_dict(self):
        return {"indicator": self.indicator, "name": self.name, "value": self.value, "low": self.low,
                "high": self.high, "qualifier": self.qualifier, "unit": self.unit, "text": self.text,
                "year": self.year, "kind": self.kind, "id": self.id, "sentence": self.sentence,
                "district": self.district, "province": self.province, "date": self.date, "source": self.source}


@dataclass
class Figures:
    """Every figure found for ``indicator``; with ``by``, ``rows`` whose ``cells`` hold, per ``then`` value,
    the different figures stated there (one, unless reports state two different ones)."""

    indicator: str
    names: list
    figures: list
    by: Optional[str] = None
    then: Optional[str] = None
    kind: Optional[str] = None
    rows: list = field(default_factory=list)

    @property
    def columns(self):
        seen = {column for row in self.rows for column in row["cells"]}
        return sorted(seen, key=lambda c: (c == "", str(c)))

    def to_dict(self):
        return {"indicator": self.indicator, "names": self.names, "kind": self.kind, "total": len(self.figures),
                "figures": [f.to_dict() for f in self.figures], "by": self.by, "then": self.then,
                "rows": [{"value": row["value"],
                          "cells": {str(k): [f.to_dict() for f in cell] for k, cell in row["cells"].items()}}
                         for row in self.rows]}


@lru_cache(maxsize=1)
def synonyms():
    """``{indicator: [names]}`` from ``data/figures.tsv``; the indicator is its own first name."""
    table = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            indicator, *names = line.split("\t")
            table[indicator] = [n for n in names if n] or [indicator]
    return table


def names_of(indicator):
    """The names ``indicator`` goes by: its row of the table (found by any name), else itself alone."""
    typed = indicator.strip()
    if not typed:
        raise QueryError("name an indicator, such as 地区生产总值")
    for key, names in synonyms().items():
        if typed == key or typed.lower() in (n.lower() for n in names):
            return key, names
    return typed, [typed]


def figures(index, indicator, filters=None, by=None, then=None, kind=None):
    """The ``Figures`` of ``indicator`` in the passages passing ``filters``; a table when ``by`` is given."""
    if kind and kind not in KINDS:
        raise QueryError(f"kind {kind!r}: expected target or outcome")
    if by:
        then = then or ("district" if by == "year" else "year")  # a table by year: its places side by side
        check_fields(by, then)
    key, names = names_of(indicator)
    others = {n for other, ns in synonyms().items() if other != key for n in ns} - set(names)
    _parsed, matched = search.matching(index, " OR ".join(f'"{n}"' for n in names), filters)
    found = []
    for docnum in index.in_order(matched):
        stored = index.stored(docnum)
        found.extend(f for f in read(stored, key, names, others, lambda: _lead(index, stored["id"]))
                     if not kind or f.kind == kind)
    rows = _table(found, by, then, kind or "target") if by else []
    return Figures(indicator=key, names=names, figures=found, by=by, then=then if by else None,
                   kind=kind, rows=rows)


def read(passage, indicator, names, others=(), lead=""):
    """The figures of ``indicator`` (called any of ``names``) stated in one stored passage.

    ``lead`` is the text of the passage before it (or a function giving it, asked
    only when needed): one ending ``…预期目标是：`` makes the targets of a list
    that begins this passage, as a sentence ending so does for the next.
    """
    name_pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)), re.I)
    stop_names = sorted(others, key=len, reverse=True)  # a gap naming another indicator is its figure
    out, previous = [], lead
    for sentence in _sentences(passage["text"]):
        out.extend(_in_sentence(sentence, previous, passage, indicator, name_pattern, stop_names))
        previous = sentence
    return out


def _in_sentence(sentence, previous, passage, indicator, name_pattern, stop_names):
    report_year = int(passage["date"][:4]) if passage.get("date", "")[:4].isdigit() else None
    taken = set()  # 生产总值(GDP)…增长9.3%: two names, one figure
    own = _own_places(passage.get("district") or "")
    # 1 1 %, 0 .8 %, 8．8%: one number each, as some sites space digits or write a full-width point
    read_as = _SPACED.sub("", sentence).replace("．", ".")
    for match in name_pattern.finditer(read_as):
        before = read_as[:match.start()]
        if _another_measure(before, read_as[match.end():], own):
            continue
        figure = _figure_after(read_as, match, stop_names)
        if figure is None:
            continue
        low, high, qualifier, gap, start, end = figure
        if start in taken:
            continue
        taken.add(start)
        kind = (_kind(before + gap, report_year, bool(passage.get("meeting")))
                or ("target" if (_AIMED.match(read_as, end) or "目标" in passage.get("section", "")
                                 or _LEAD.search(_text(previous).rstrip())) else "outcome"))
        if "力争" in before + gap and not qualifier:
            qualifier = "力争"
        years = _YEAR.findall(before)
        year = int(years[-1]) if years else (
            None if report_year is None else report_year - (0 if kind == "target" else 1))
        yield Figure(indicator=indicator, name=match.group(0), value=low if low == high else None,
                     low=low, high=high, qualifier=qualifier, unit="%", year=year, kind=kind,
                     id=passage["id"], sentence=sentence.strip(),
                     **{k: passage.get(k) or "" for k in ("district", "province", "level", "body",
                                                          "meeting", "section", "date", "source")})


def _kind(context, report_year, delivered=False):
    """``target`` or ``outcome`` by the marker nearest the figure in ``context``, ``None`` when none is there.

    A year named before the report's own is a past marker; in a report
    ``delivered`` at a session, its own year is the year it plans (a bulletin's
    own year is the one it looks back on). A past phrase that holds 目标
    (实现了预期目标) outranks the 目标 inside it.
    """
    marks = [(m.end(), 1, "outcome") for m in _PAST.finditer(context)]
    marks += [(m.end(), 0, "target") for m in _TARGET.finditer(context)]
    for m in _YEAR.finditer(context) if report_year else ():
        if int(m.group(1)) < report_year:
            marks.append((m.end(), 1, "outcome"))
        elif delivered and int(m.group(1)) == report_year:
            marks.append((m.end(), 0, "target"))
    return max(marks)[2] if marks else None


def _own_places(district):
    """How a report names its own place: 全国, 我国, 中国 in a national one; else 全, 我 or 本 and its kind.

    A province's report citing 全国, or a district's citing 全市, speaks of another place.
    """
    if district == "全国":
        return ("全国", "我国", "中国")
    ends = district[-1] if district and district[-1] in _PLACE_ENDS else _PLACE_ENDS
    return tuple(f"{word}{end}" for word in "全我本" for end in ends) + (("自治区",) if "区" in ends else ())


def _another_measure(before, after, own_places):
    """Whether the name, between ``before`` and ``after``, is another measure's or another place's."""
    return (_is_han(before[-1:]) and not (before.endswith(own_places) or _OWN_WORDS.search(before))
            or after.startswith(_AFTER_NAME))


def _is_han(text):
    return bool(text) and "\u3400" <= text <= "\u9fff"


def _lead(index, passage_id):
    before = index.passage_at(passage_id, -1)
    return "" if before is None else index.stored(before)["text"]


def _text(lead):
    return lead() if callable(lead) else lead


def _sentences(text):
    start = 0
    for end in _SENTENCE_END.finditer(text):
        yield text[start:end.end()]
        start = end.end()
    if text[start:].strip():
        yield text[start:]


def _figure_after(sentence, match, stop_names):
    """``(low, high, qualifier, gap, start, end)`` of the first percentage after the name, if the gap is clean.

    Clean: no other percentage, indicator or count, and each clause after a
    comma continues the indicator's statement (增长…, 比上年…, a sum of money).
    """
    rest = sentence[match.end():match.end() + _GAP + 30]
    number = _NUMBER.search(rest)
    if number is None or number.start() > _GAP:
        return None
    gap = rest[:number.start()]
    if _STOPS.search(gap) or re.search(r"\d", _AMOUNT.sub("", gap)):
        return None
    if any(name in gap for name in stop_names):
        return None
    if any(not (_CONTINUES.match(clause.strip()) or _AMOUNT.search(clause)) for clause in _CLAUSE.split(gap)[1:]):
        return None
    bound, low, high, qualifier = number.group(1) or "", float(number.group(2)), number.group(3), number.group(4) or ""
    high = float(high) if high else low
    qualifier = bound + qualifier
    if qualifier in _LOWER:
        high = None
    elif qualifier in _UPPER:
        low = None
    aspiration = _ASPIRATION.match(rest, number.end())
    if aspiration:
        qualifier += f"、力争{aspiration.group(1)}%"
    end = aspiration.end() if aspiration else number.end()
    return low, high, qualifier, gap, match.end() + number.start(), match.end() + end


def _table(found, by, then, kind):
    """One row per ``by`` value, one cell per ``then`` value: the different figures of ``kind`` there."""
    rows = {}
    for figure in found:
        if figure.kind != kind:
            continue
        value = getattr(figure, by) if by != "year" else figure.year
        column = figure.year if then == "year" else getattr(figure, then)
        cell = rows.setdefault(value, {"value": value, "cells": {}})["cells"].setdefault(column, [])
        if all((f.low, f.high) != (figure.low, figure.high) for f in cell):
            cell.append(figure)
    return sorted(rows.values(), key=lambda row: (row["value"] in ("", None), str(row["value"])))


def _plain(number):
    return f"{number:g}"
