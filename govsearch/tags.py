"""Tags: which place, which body, which meeting and which day a passage belongs to.

Takes one document's passages (and hints: its page title, file name, page date) and
gives one dict of tags per passage, leaving the passages as they are. A document is
read as a whole first: the meetings it names (``常州市钟楼区第十七届人民代表大会第三次
会议``), its meeting line, its year and its area. Each passage then gets

* ``district``, ``province``, ``city``, ``level`` — the area of the document's author,
  made canonical by ``places``: its meeting line or headings, its title, its first lines
  (国务院总理…, an author line such as 江西省统计局), a meeting its body names, then the
  page's ``issuer`` (发布机构), then the site it was saved from — a county portal reposting
  the 国务院's report does not make it the county's;
* ``body`` — 人大 or 政协: the report's, or on a newspaper page from the article's
  heading when that names one body; else from the passage itself (a speaker such as
  ``区政协委员 X：``, or which body it mentions more) or, failing that, from the
  passage before it in the same article. Summary boxes restate the 政府工作报告,
  which is given at the 人大 session.
* ``meeting`` — the document's meeting of that body; for a national report without a
  meeting line, the session of its year from ``data/sessions.tsv``, never one its body
  reviews; none for a notice or a syllabus (a document that is no report of a meeting);
* ``date`` — ``YYYY-MM-DD`` where the meeting line or the article gives a day, else
  the document's year (see ``year_of`` for the order its sources are read in);
* ``provenance`` — where each of those was read.

Meeting names are also what ``--meeting`` filters compare: ``MeetingPattern``
understands what people type (``十七届人大三次``, ``17届3次``, ``第十届委员会第三次会议``).
"""

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from . import places
from .characters import simplified
from .errors import PlaceTableMissing
from .passages import NAME, ROLES, SECTION_SEPARATOR

PEOPLES_CONGRESS = "人大"
CPPCC = "政协"
# where a tag was read (provenance values)
MEETING_LINE, TITLE, FILE_NAME, PAGE_DATE, TEXT, SESSION_TABLE, AFTER_CITED = (
    "meeting line", "title", "file name", "page date", "text", "session table", "after a meeting it cites as past")
OPENING = "opening"  # a hint: the document's first lines as read, before they were split into passages
SITE = "site"  # a hint: the name of the site a page was saved from, which need not be its author
ISSUER, FIRST_LINES = "issuer", "first lines"  # provenance: the page's 发布机构; a report's author line

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100}
_NUM = r"[0-9０-９〇○零一二两三四五六七八九十百]+"
_ADMIN = r"(?:自治区|自治州|自治县|特别行政区|省|市|区|县|州|盟|旗)"
_PLACE = rf"(?:[\u4e00-\u9fff]{{2,9}}?{_ADMIN})"
_UNITS_EACH = re.compile(rf"[\u4e00-\u9fff]{{2,}}?{_ADMIN}")
_UNITS = re.compile(rf"(?:{_UNITS_EACH.pattern})+")
# What the lazy place pattern may swallow before a name: words that never begin one,
# and words that begin a few (于都县, 和平区, 日照市, 开州区), cut only when a name follows.
_FIRM_STOPS = "在是的了被把对"
_SOFT_STOPS = "于和与及为向将由从以至日年月开协"

_NPC = re.compile(
    rf"(?P<place>{_PLACE}{{1,3}})?第?(?P<term>{_NUM})届(?P<nat>全国)?(?:人民代表大会|人大)"
    rf"第?(?P<session>{_NUM})次(?:全体)?会议")
_CPPCC = re.compile(
    rf"(?:中国人民政治协商会议|政协)(?P<place>{_PLACE}{{1,3}})?第?(?P<term>{_NUM})届"
    rf"(?P<nat>全国)?委员会第?(?P<session>{_NUM})次(?:全体)?会议"
    rf"|(?:(?P<nat2>全国)|(?P<place2>{_PLACE}{{1,3}}))?政协第?(?P<term2>{_NUM})届(?:委员会)?"
    rf"第?(?P<session2>{_NUM})次(?:全体)?会议")
_ANY_DAY = re.compile(
    r"(?:(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})年)?(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日")
_YEAR = re.compile(r"((?:19|20)\d\d)年")
_BARE_YEAR = re.compile(r"(?<![0-9A-Za-z])((?:19|20)\d\d)(?![0-9A-Za-z])")
_VOICE = re.compile(r"^[^，,：:。]{0,8}?(人大代表|政协委员)[^，,：:。]{1,5}[：:]")
_SPEAKER = re.compile(
    rf"(?P<role>{ROLES})[\s\u3000]*"
    r"(?P<name>[\u4e00-\u9fff](?:[\s\u3000]?[\u4e00-\u9fff]){1,2}?)(?=$|[\s\u3000]*$|作|在|所|的|，|。)")
_NAME_LINE = re.compile(rf"^{NAME}$")
_SALUTATION = re.compile(r"^(各位代表|各位委员|同志们|代表们)")
_BODY_WORDS = {
    PEOPLES_CONGRESS: ("人大", "人民代表大会", "政府工作报告"),
    CPPCC: ("政协", "政治协商", "提案"),
}


def cn_number(text):
    """An integer from Arabic or Chinese numerals (``十七`` → 17, ``二〇二四`` → 2024)."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if not any(ch in _CN_UNITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, digit = 0, 0
    for ch in text:
        if ch in _CN_UNITS:
            total += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:
            digit = _CN_DIGITS[ch]
    return total + digit


def cn_numeral(number):
    """Chinese numerals as meeting names write them (17 → 十七, 3 → 三)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")
    return "".join(digits[int(d)] for d in str(number))


@dataclass(frozen=True)
class Meeting:
    """A session of a people's congress or a CPPCC committee."""

    body: str
    place: str  # "全国" for national sessions
    term: int
    session: int

    @property
    def name(self):
        term, session = cn_numeral(self.term), cn_numeral(self.session)
        if self.body == PEOPLES_CONGRESS:
            if self.place == "全国":
                return f"第{term}届全国人民代表大会第{session}次会议"
            return f"{self.place}第{term}届人民代表大会第{session}次会议"
        if self.place == "全国":
            return f"中国人民政治协商会议第{term}届全国委员会第{session}次会议"
        return f"政协{self.place}第{term}届委员会第{session}次会议"

    @property
    def district(self):
        return narrowest(self.place)

    def following(self):
        """The next session: a term holds five, one a year, so the fifth is followed by the next term's first."""
        if self.session >= 5:
            return replace(self, term=self.term + 1, session=1)
        return replace(self, session=self.session + 1)


def narrowest(place):
    """The most specific area of a place: its last unit (常州市钟楼区 → 钟楼区)."""
    units = _UNITS_EACH.findall(place)
    return units[-1] if units else place


# A space, a full-width space or a line break may fall inside a meeting name or a date
# (第十四届 人民代表大会, 2025年1月 19日): it goes where a numeral or one of these words
# stands on either side, never between two digits (第3版 2024年 stays two numbers).
_BEFORE_WORDS, _AFTER_WORDS = "第届次年月协〇○零一二两三四五六七八九十百", "第届次年月日人全会委〇○零一二两三四五六七八九十百"
_INNER_GAP = re.compile(
    rf"(?<=[{_BEFORE_WORDS}\d])[\s\u3000]+(?!\d)"
    rf"|(?<!\d)[\s\u3000]+(?=[{_AFTER_WORDS}\d])"
    rf"|(?<=\d)[ \t\u3000\u00a0]+(?=[年月日届次])")


def _closes_line(left, right):
    """True when a line break between the characters ``left`` and ``right`` falls inside a meeting or a date
    (as ``_INNER_GAP`` would close it)."""
    left_digit, right_digit = left.isdigit(), right.isdigit()
    return (bool(left) and (left in _BEFORE_WORDS or left_digit) and not right_digit
            or bool(right) and (right in _AFTER_WORDS or right_digit) and not left_digit)


def squeezed(text):
    """``text`` with the gaps inside meeting names and dates closed, for reading those alone."""
    return _INNER_GAP.sub("", text)


def _meeting_lines(text):
    """The lines of ``text`` that may name a meeting (a 届 in them), gaps closed, a line break inside one too."""
    chunk = ""
    for line in text.split("\n"):
        if chunk and _closes_line(chunk.rstrip(" \t\u3000")[-1:], line.lstrip(" \t\u3000")[:1]):
            chunk += "\n" + line
            continue
        if "届" in chunk:  # a cheap look first: the patterns are slow to try at every character
            yield squeezed(chunk)
        chunk = line
    if "届" in chunk:
        yield squeezed(chunk)


def find_meetings(text):
    """Every meeting named in ``text``, in order."""
    found = []
    for line in _meeting_lines(text):
        if "会议" in line:
            found.extend(_line_meetings(line))
    return found


def _line_meetings(line):
    return [meeting for meeting, _ in _line_meetings_cited(line)]


# what follows a meeting a report looks back on: 完成了市十六届人大一次会议确定的目标任务
_CITED_AS_PAST = re.compile(r"所?(?:确定|提出|部署|通过|批准|审议通过)的|以来|闭幕后|召开以来")


def cited_meetings(text):
    """Every meeting named in ``text`` with whether it is cited as past (its targets reviewed), in order."""
    found = []
    for line in _meeting_lines(text):
        if "会议" in line:
            found.extend(_line_meetings_cited(line))
    return found


def _line_meetings_cited(line):
    found = []
    for body, pattern in ((PEOPLES_CONGRESS, _NPC), (CPPCC, _CPPCC)):
        for m in pattern.finditer(line):
            parts = {k.rstrip("2"): v for k, v in m.groupdict().items() if v}
            place = "全国" if parts.get("nat") else _clean_place(parts.get("place", ""))
            place = place or _short_place_before(line, m.start())
            past = bool(_CITED_AS_PAST.match(line, m.end()))
            found.append((m.start(), Meeting(body, place, cn_number(parts["term"]),
                                             cn_number(parts["session"])), past))
    return [(meeting, past) for _, meeting, past in sorted(found, key=lambda item: item[0])]


def _short_place_before(line, end):
    """A province or city named short right before a meeting (在内蒙古第十四届… → 内蒙古自治区), else ""."""
    before = line[max(0, end - 8):end]
    for start in range(len(before) - 1):
        try:
            found = [p for p in places.lookup(before[start:]) if p.level in (places.PROVINCE, places.CITY)]
        except PlaceTableMissing:
            return ""
        if len(found) == 1:
            return found[0].name
    return ""


def areas(name):
    """The areas a meeting's place is made of, widest first (常州市钟楼区 → 常州市, 钟楼区)."""
    meetings = find_meetings(name)
    return _UNITS_EACH.findall(meetings[0].place) if meetings else []


def _clean_place(place):
    """Drop what the lazy place pattern swallowed before the name (在江苏省 → 江苏省; 日在省 → "")."""
    cut = max(place.rfind(ch) for ch in _FIRM_STOPS)
    if cut >= 0:
        place = place[cut + 1:]
        return place if _UNITS.fullmatch(place) else ""
    for start in range(1, len(place)):
        if place[start - 1] in _SOFT_STOPS and _UNITS.fullmatch(place[start:]):
            return place[start:]
    return place


def body_of_text(text):
    """人大 or 政协 by what ``text`` says of itself; "" when it does not tell."""
    voice = _VOICE.match(text)
    if voice:
        return PEOPLES_CONGRESS if voice.group(1) == "人大代表" else CPPCC
    counts = {body: sum(text.count(w) for w in words) for body, words in _BODY_WORDS.items()}
    if counts[PEOPLES_CONGRESS] > counts[CPPCC]:
        return PEOPLES_CONGRESS
    if counts[CPPCC] > counts[PEOPLES_CONGRESS]:
        return CPPCC
    return ""


def _cn_day(match):
    """``(year, month, day)`` strings of an Arabic or Chinese-numeral date match."""
    year, month, day = match.group("y"), match.group("m"), match.group("d")
    return (str(cn_number(year)) if year else ""), cn_number(month), cn_number(day)


def _days(text):
    """Every ``(year, month, day)`` written in ``text``, in order; year "" when not given."""
    return [_cn_day(m) for m in _ANY_DAY.finditer(squeezed(text))]


def year_of(texts, hints=(), date_hint="", meetings=(), headings=()):
    """``(year, source)``: the year a report speaks from, and where it was read.

    A report reviews past years and plans future ones, so its body is read last: first
    the year of a full date in its opening lines (the meeting line), then its title and
    file name, the session table for a national meeting, the page's own date, and only
    then the year its headings plan or review (``2024年工作回顾`` → 2025), and last the year
    its text cites most.
    """
    stated = stated_year(texts, hints)
    if stated[0]:
        return stated
    for meeting in meetings:
        opened = session_opened(meeting)
        if opened:
            return opened[:4], SESSION_TABLE
    if date_hint[:4].isdigit():
        return date_hint[:4], PAGE_DATE
    planned = _year_of_headings([*headings, *texts])
    if planned:
        return planned, TEXT
    counts = Counter(_YEAR.findall("\n".join(texts)))
    if not counts:
        return "", ""
    return max(counts, key=lambda y: (counts[y], y)), TEXT


_REVIEW = re.compile(r"^[一二三四五六七八九十、（）()\s]*((?:19|20)\d\d)年(?:政府)?工作回顾$")
_PLAN = re.compile(r"^[一二三四五六七八九十、（）()\s]*((?:19|20)\d\d)年(?:的)?(?:主要|重点)?(?:工作|任务)(?:安排|部署|任务)?$")


def stated_year(texts, hints=()):
    """``(year, source)`` a document states of itself: a dated meeting line, its title, a date line, its other hints.

    A bulletin's title names the year it reports on (江西省2023年…统计公报), the date line
    under it the day it was issued (2024年3月20日): the title is read first.
    """
    for text in _opening_lines(texts):
        if any(year for year, _, _ in _days(text)) and find_meetings(text):
            return next(year for year, _, _ in _days(text) if year), MEETING_LINE
    titles = [(kind, hint) for kind, hint in hints if kind == TITLE]
    others = [(kind, hint) for kind, hint in hints if kind != TITLE]
    return _year_named(titles) or _date_line_year(texts) or _year_named(others) or ("", "")


def _year_named(hints):
    for kind, hint in hints:
        year = _YEAR.search(hint) or _BARE_YEAR.search(hint)
        if year:
            return year.group(1), kind
    return None


def _date_line_year(texts):
    """The year of a date line under the title: （1954年9月23日）."""
    for text in _opening(texts[:30]):
        days = [year for year, _, _ in _days(text) if year]
        if days and len(text) <= 24:
            return days[0], TEXT
    return None


def _year_of_headings(texts):
    """The year a report's own headings speak from: ``2024年工作回顾`` → 2025, ``2025年重点工作`` → 2025."""
    for text in texts:
        if len(text) <= 30:
            plan = _PLAN.match(text)
            if plan:
                return plan.group(1)
            review = _REVIEW.match(text)
            if review:
                return str(int(review.group(1)) + 1)
    return ""


def _opening_lines(texts, count=30):
    """A report's first short lines, and each joined to the next (a meeting line broken in two)."""
    heads = [t for t in texts[:count] if len(t) <= 120]
    yield from heads
    # a line that ends a sentence is whole: no meeting line breaks there (…通知如下。⏎通山县人民政府办公室)
    for first, second in zip(heads, heads[1:]):
        if not _ends_sentence(first):
            yield first + second
    for first, second, third in zip(heads, heads[1:], heads[2:]):  # broken twice: 2025年1月⏎19日在…第十四届⏎人民代表大会…
        if not _ends_sentence(first) and not _ends_sentence(second):
            yield first + second + third


def _iso(day, year):
    year = day[0] or year
    if not year:
        return ""
    return f"{year}-{day[1]:02d}-{day[2]:02d}"


@lru_cache(maxsize=1)
def _sessions():
    """``{(body, term, session): opening date}`` of national sessions, from ``data/sessions.tsv``."""
    table = {}
    with open(Path(__file__).parent / "data" / "sessions.tsv", encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                body, term, session, opened = line.split()
                table[(body, int(term), int(session))] = opened
    return table


def session_opened(meeting):
    """The opening date (or year) of a national session, "" when not national or not in the table."""
    if meeting.place != "全国":
        return ""
    return _sessions().get((meeting.body, meeting.term, meeting.session), "")


def sessions_in(year, body):
    """The national sessions of ``body`` that met in ``year``, in order."""
    return [Meeting(b, "全国", term, session) for (b, term, session), opened in sorted(_sessions().items())
            if b == body and opened.startswith(year)]


def tag(passages, hints=(), report=False, date_hint="", issuer=""):
    """The tags of one document's passages: a list of dicts, one per passage, in order.

    Keys: district, province, city, level, body, meeting, date, speaker, provenance.
    ``hints`` name the document: strings (a file name) or ``(kind, text)`` pairs such as
    ``("title", page_title)``, most telling first; an ``("opening", first_lines)`` hint
    gives the raw opening lines, where a meeting line is looked for when no passage has one. ``date_hint`` is the page's own date
    (``YYYY[-MM[-DD]]``); ``issuer`` the publisher a page names (发布机构), which may be a
    portal reposting another government's report. ``report`` marks a plain report (one article, metadata in its
    opening lines), as opposed to a newspaper page of several articles. The passages
    are left as they are.
    """
    texts = [simplified(p.text) for p in passages]
    titles = [simplified(p.title) for p in passages]
    headings = list(dict.fromkeys(part for p in passages for part in simplified(p.section).split(SECTION_SEPARATOR)))
    doc = _Document.read(texts, titles, _hints(hints), report, date_hint, headings, simplified(issuer).strip())
    article_days = {} if report else _article_days(passages, texts, doc.year)
    tagged, previous, previous_article = [], "", None
    for passage, text, passage_title in zip(passages, texts, titles):
        if passage.article != previous_article:
            previous, previous_article = "", passage.article
        body, body_from = ("", "") if doc.paper else _passage_body(doc, passage, text, passage_title, previous)
        previous = body
        meeting = doc.meetings.get(body)
        article_day = article_days.get(passage.article)
        tagged.append({
            **doc.place,
            "body": body,
            "meeting": meeting.name if meeting else "",
            "date": doc.day or article_day or doc.year,
            "speaker": doc.speaker,
            "provenance": {
                "district": doc.district_from,
                "body": body_from,
                "meeting": doc.meeting_from.get(body, "") if meeting else "",
                "date": doc.day_from if doc.day else (TEXT if article_day else doc.year_from),
                "year": doc.year_from,
                **({"issuer": issuer} if issuer else {}),
            },
        })
    return tagged


def _hints(hints):
    """Hints as ``(kind, simplified text)``; a bare string is a file name."""
    pairs = [(FILE_NAME, h) if isinstance(h, str) else tuple(h) for h in hints if h]
    return [(kind, simplified(text)) for kind, text in pairs if text]


@dataclass
class _Document:
    """What one document says of itself, shared by its passages unless they say otherwise."""

    meetings: dict
    meeting_from: dict
    front: object  # the meeting line's Meeting, or None
    body: str  # the body of the whole document, "" when its articles differ
    place: dict
    district_from: str
    year: str
    year_from: str
    day: str
    day_from: str
    speaker: str
    paper: bool  # not a report of a meeting (a notice, a syllabus): no body, no meeting

    @classmethod
    def read(cls, texts, titles, hints, report, date_hint, headings=(), issuer=""):
        opening = [line.strip() for kind, text in hints if kind == OPENING for line in text.split("\n")]
        hints = [(kind, text) for kind, text in hints if kind != OPENING]
        titled = bool(titles and titles[0])
        named, sites = _names([(TITLE, titles[0]), *hints] if titled else hints)
        hints = named[1:] if titled else named
        front, front_day, front_line = _front_meeting(texts) if report else (None, None, "")
        if report and not front:  # a meeting line the passages lost (page furniture on the same line)
            front, front_day, front_line = _front_meeting([line for line in opening if line])
        heading = [(TITLE, texts[0])] if report and texts and len(texts[0]) <= 40 and not _ends_sentence(texts[0]) else []
        paper = not front and _not_a_report(named + heading)
        if paper:
            named += heading  # a notice's first line is its title, where the splitter kept it as a passage
        level = _level_spoken(front_line, () if paper or not report else texts)
        area, area_from = _area(named, sites, front, texts if report else (), issuer, level)
        meetings, meeting_from = ({}, {}) if paper else _main_meetings(titles, "\n".join(texts), hints)
        if front:
            meetings[front.body], meeting_from[front.body] = front, MEETING_LINE
        national = area == "全国" or front is not None and front.place == "全国"
        unplaced = {body for body, meeting in meetings.items() if not meeting.place}
        meetings = {body: _placed(meeting, area) for body, meeting in meetings.items()}
        year, year_from = year_of(texts, named, date_hint, list(meetings.values()), headings)
        body = front.body if front else (_body_of_title(named) if report and not paper else "")
        if national and not front and not paper:
            meetings, meeting_from, year, year_from = _national_session(
                meetings, meeting_from, (year, year_from), stated_year(texts, named), date_hint, body)
            body = body or next(iter(meetings), "")
        place, district_from = _document_place(meetings, meeting_from, (area, area_from), named, texts, national,
                                               unplaced)
        if not front:
            meetings = _agreeing(meetings, meeting_from, year, place["level"])
        day = _iso(front_day, year) if front_day else ""
        return cls(meetings, meeting_from, front, body, place, district_from, year, year_from,
                   day, MEETING_LINE if day else "", _speaker(texts[:20]) if report else "", paper)


# A site name a saved page's title or file name ends or begins with (…报告_常州市钟楼区人民政府,
# …｜某某县门户网站, 某某县人民政府_…报告)
_SITE_WORDS = "(?:政府|网站|门户|网|站|频道|局|委员会|办公室)"
_SITE_SUFFIX = re.compile(rf"[\s\u3000]*(?:[_|｜]+|[-－—–]+)[\s\u3000]*([^_|｜\-－—–]*{_SITE_WORDS})[\s\u3000]*$")
_SITE_PREFIX = re.compile(rf"^[\s\u3000]*([^_|｜]*{_SITE_WORDS})[\s\u3000]*[_|｜]+[\s\u3000]*")


# a name that is nothing but a government's or its site's (a portal's banner in the page's <h1>)
_SITE_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,20}?(?:人民政府|政府)(?:办公室|办公厅)?(?:门户网站|网站|门户|网)?$")


def _names(named):
    """A document's names without the site names they end or begin with, and those site names as ``(site, name)``.

    A name that is only a site's (万载县人民政府) is the site's too, not the document's title.
    """
    kept, sites = [], []
    for kind, text in named:
        for pattern in (_SITE_SUFFIX, _SITE_PREFIX):
            cut = pattern.search(text)
            if cut and text[:cut.start()] + text[cut.end():]:
                sites.append((SITE, cut.group(1)))
                text = text[:cut.start()] + text[cut.end():]
        if kind == SITE or _SITE_ONLY.match(text):
            sites.append((SITE, text))
            text = ""
        kept.append((kind, text))
    return kept, sites


# what a document that is not a report of a meeting calls itself at the end of its title
_PAPER = re.compile(r"(?:大纲|公示|说明|通知|公告|通告|简章|名单|办法|方案|意见|规定|细则|指南|须知|批复|函)"
                    r"[\s\u3000]*(?:[（(][^）)]{0,12}[）)])?$")
_MEETING_WORDS = re.compile("报告|讲话|决议|公报|代表大会|人大|政协")  # 召开全区安全生产工作会议的通知 is a notice


def _not_a_report(named):
    """True for a notice, a syllabus, a public list…: no body, no meeting is read from it (a wrong one is worse)."""
    texts = [text for _, text in named if text]
    return any(_PAPER.search(t) for t in texts) and not any(_MEETING_WORDS.search(t) for t in texts)


def _area(named, sites, front, texts, issuer, level=""):
    """``(area, source)``: the author's by its own words (``_author_area``), else the page's issuer's, else its site's.

    An issuer's or site's area is lifted to the ``level`` the report speaks at: a county
    reposting its province's report (在省十四届人大三次会议上, 全省…) gives the province.
    """
    banners = {name for _, name in sites}  # the site's name atop its page is no author line
    found = _author_area(named, front, [line for line in texts if line not in banners])
    if found[0]:
        return found
    for area, source in (_area_of_title([(ISSUER, issuer)]), _area_of_title(sites)):
        if area:
            return _lifted(area, level), source
    return "", ""


_LEVEL_WORDS = {"省": places.PROVINCE, "市": places.CITY, "州": places.CITY, "盟": places.CITY,
                "区": places.COUNTY, "县": places.COUNTY, "旗": places.COUNTY}


def _level_spoken(meeting_line, texts):
    """The level a report speaks at: its meeting line's (在省十四届人大…), else the one its text says most (全省…)."""
    word = re.search(rf"([省市区县州盟旗])第?{_NUM}届", squeezed(meeting_line))
    if word:
        return _LEVEL_WORDS[word.group(1)]
    counts = Counter(re.findall("全([省市区县州盟旗])", "\n".join(texts[:60]))).most_common(2)
    if counts and counts[0][1] >= 2 and (len(counts) == 1 or counts[0][1] > 2 * counts[1][1]):
        return _LEVEL_WORDS[counts[0][0]]
    return ""


def _lifted(area, level):
    """``area`` (an issuer's, a site's) raised to a wider ``level`` it lies in (万载县, 省 → 江西省)."""
    try:
        place = places.place_of(area)
    except PlaceTableMissing:
        return area
    if place is None or not level or place.level == places.NATIONAL:
        return area
    if level == places.PROVINCE and place.level != places.PROVINCE:
        return place.province
    if level == places.CITY and place.level == places.COUNTY:
        return place.city or place.province
    return area


def _author_area(named, front, texts):
    """``(area, source)`` of a report's author by its own words: its title, its meeting line, its first lines."""
    area, source = _area_of_title(named)
    if area:
        return area, source
    if front and front.place:
        return front.place, MEETING_LINE
    if _national_by_opening(texts):
        return "全国", FIRST_LINES
    for text in _opening(texts[:12]):
        if len(text) <= 30 and _AUTHOR_LINE.match(text):
            area = _leading_place(text)
            if area:
                return area, FIRST_LINES
    return "", ""


_AUTHOR_LINE = re.compile(r"^[\u4e00-\u9fff]{2,24}(?:人民政府|政府|办公室|办公厅|统计局|调查总队|调查队|局|委员会)$")


def _national_session(meetings, meeting_from, year, stated, date_hint, body):
    """A national report without a meeting line: the session its year met at, never one its body names.

    Its year is the one it states, else the page's date; only a report with neither keeps
    a session its body names (and the year that session met in).
    """
    own = {b: m for b, m in meetings.items() if meeting_from[b] not in (TEXT, AFTER_CITED)}
    known = stated if stated[0] else ((date_hint[:4], PAGE_DATE) if date_hint[:4].isdigit() else ("", ""))
    if own or not known[0]:
        return meetings, meeting_from, *year
    found, found_from = _from_session_table(known[0], body or PEOPLES_CONGRESS, date_hint)
    return found, found_from, *known


def _body_of_title(named):
    """The body a report's title or file name speaks for (政协…工作报告 → 政协; 政府工作报告 → 人大)."""
    for _, text in named:
        if re.search("政协|政治协商", text):
            return CPPCC
        if re.search("政府工作报告|人民代表大会|人大", text):
            return PEOPLES_CONGRESS
    return ""


def _national_by_opening(texts):
    """全国 when a report's opening says the State Council speaks (国务院总理 X, 我代表国务院)."""
    for text in _opening(texts[:20]):  # a line opening with it: 国务院 in a portal's menu line speaks for no one
        if re.match(r"[—\-－\s\u3000（(]*(?:中华人民共和国)?国务院|总理[\s\u3000]", text):
            return "全国"
    return "全国" if any("代表国务院" in text for text in texts[:6]) else ""


def _passage_body(doc, passage, text, title, previous):
    if doc.body:
        return doc.body, MEETING_LINE if doc.front else TITLE
    body = _article_body(title)
    if body:
        return body, "heading"
    body = body_of_text(text)
    if body:
        return body, TEXT
    if previous:
        return previous, "previous passage"
    if passage.box:
        return PEOPLES_CONGRESS, "summary box"
    return "", ""


def _from_session_table(year, body, date_hint=""):
    """A national report silent on its meeting: the session of ``body`` that met in its year.

    Where a year had two, the page's month picks the last one opened by then; none, none.
    """
    found = sessions_in(year, body)
    if len(found) > 1 and date_hint[:4] == year and len(date_hint) >= 7:
        found = [m for m in found if session_opened(m)[:7] <= date_hint[:7]][-1:]
    if len(found) != 1:
        return {}, {}
    return {body: found[0]}, {body: SESSION_TABLE}


def _document_place(meetings, meeting_from, area, named, texts, national, unplaced=()):
    """``(place, source)``: district, province, city and level of a document, the district canonical where the
    table knows it, and where the district was read.

    The report's own meeting line or headings first, then the area its title, first lines,
    issuer or site name (in that order, see ``_area``) give, then a meeting its body names.
    A meeting that took its place from that area (the bodies ``unplaced``) names nothing of its own.
    """
    area, area_from = area
    if national:
        written, source = "全国", area_from if area == "全国" else MEETING_LINE
    else:
        in_text = (TEXT, AFTER_CITED)
        own = {b: m for b, m in meetings.items() if b not in unplaced}
        written, source = next((found for found in (
            _widest(own, meeting_from, lambda source: source not in (*in_text, SESSION_TABLE)),
            (narrowest(area), area_from),
            _widest(own, meeting_from, lambda source: source in in_text)) if found[0]), ("", ""))
    return _canonical(written, meetings, area, named, texts), source


def _widest(meetings, meeting_from, read_from):
    """``(district, source)`` of the meeting with the fullest place among those read from where ``read_from`` says."""
    chosen = [body for body, m in meetings.items() if m.place and read_from(meeting_from.get(body, ""))]
    if not chosen:
        return "", ""
    body = max(chosen, key=lambda b: len(meetings[b].place))
    return meetings[body].district, meeting_from[body]


def _canonical(written, meetings, area, named, texts):
    if written == "全国":
        return {"district": "全国", "province": "", "city": "", "level": places.NATIONAL}
    if not written:
        return {"district": "", "province": "", "city": "", "level": ""}
    full = max((m.place for m in meetings.values() if m.place.endswith(written)), key=len, default="") or area
    context = " ".join([*(m.name for m in meetings.values()), *(text for _, text in named)])
    try:
        place = places.place_of(full if full.endswith(written) else written, context, "\n".join(texts[:40]))
    except PlaceTableMissing:
        place = None
    if place is None:
        return {"district": written, "province": written if written.endswith(("省", "自治区")) else "",
                "city": "", "level": _level_by_suffix(written)}
    # a name written with its own unit word (武进县, since renamed 武进区) is kept as written
    keep = written.endswith(_UNIT_WORDS) and places.short(written) != written and written != place.name
    return {"district": written if keep else place.name, "province": place.province,
            "city": place.city if place.level == places.COUNTY else "", "level": place.level}


_UNIT_WORDS = ("自治区", "自治州", "自治县", "特别行政区", "省", "市", "区", "县", "州", "盟", "旗")


def _level_by_suffix(name):
    if name.endswith(("省", "自治区")):
        return places.PROVINCE
    if name.endswith(("区", "县", "旗")):
        return places.COUNTY
    return places.CITY if name.endswith(("市", "州", "盟")) else ""


# The years congresses have begun their five-year terms in, by level, on a common calendar:
# provinces since 1988 (七届 … 十四届 in 2023); counties since the joint elections of
# 2006–2007 (first sessions from late 2021 to early 2022 last time). Cities have none.
_TERM_STARTS = {places.PROVINCE: (1988, (1988,)), places.COUNTY: (2006, (2006, 2007))}


def _agreeing(meetings, meeting_from, year, level):
    """Meetings without those inferred from a past one cited (``AFTER_CITED``) that disagree with the year.

    One session a year: session n of a term met in its first year + n - 1, which must be a
    year its level begins terms in; where the level has no common calendar the inference stands.
    """
    def agrees(meeting):
        since, starts = _TERM_STARTS.get(level, (0, ()))
        first = int(year) - meeting.session + 1 if year.isdigit() else 0
        return not starts or first < since or any((first - start) % 5 == 0 for start in starts)
    return {b: m for b, m in meetings.items() if meeting_from.get(b) != AFTER_CITED or agrees(m)}


def _front_meeting(texts):
    """The meeting a report was given at, its day ``(year, month, day)`` and the line naming it, from a short line
    near its start."""
    heads = [t for t in texts[:30] if len(t) <= 120]
    for text in _opening_lines(texts):
        if _ends_sentence(text) and not _DATED_LINE.match(text):  # a sentence of the body, never the meeting line
            continue
        found = [meeting for meeting, past in cited_meetings(text) if not past]
        if found:
            wider = (_days(window) for window in _opening_lines(texts) if text in window)  # a date broken off it
            days = _days(text) or _date_beside(heads, text) or next((days for days in wider if days), [])
            return found[0], (days[0] if days else None), text
    return None, None, ""


# a line opening with a day and where (2025年1月19日在…会议上省长某某作政府工作报告。): a meeting line, sentence or not
_DATED_LINE = re.compile(r"^[—\-－\s\u3000]*(?:\d{4}|[〇○零一二三四五六七八九]{4})年[^，,。]{1,8}日[\s\u3000]*在[^，,。]{4,60}会议上")


def _ends_sentence(text):
    return text.rstrip("”’）)").endswith(("。", "！", "；"))


def _date_beside(heads, line):
    """The day on a date-only line right above or below a meeting line (``2026年1月26日`` ⏎ ``在…会议上``)."""
    if line not in heads:
        return []
    i = heads.index(line)
    for other in heads[max(0, i - 1):i] + heads[i + 1:i + 2]:
        days = _days(other)
        if days and days[0][0] and len(other) <= 24:
            return days
    return []


def _speaker(texts):
    """Who gave the report, from its opening lines (省长 许昆林), or a bare name right under the meeting line."""
    for i, text in enumerate(_opening(texts)):
        match = _SPEAKER.search(text)
        if match and len(text) <= 120:
            name = re.sub(r"\s", "", match.group("name"))
            return f"{match.group('role')} {name}"
        if i and find_meetings(texts[i - 1]) and _NAME_LINE.match(text):
            return re.sub(r"\s", "", text)
    return ""


def _opening(texts):
    """The lines before a report's body: up to its salutation or first paragraph of running text."""
    for text in texts:
        if _SALUTATION.match(text) or len(text) > 60 and text.rstrip("”’）)").endswith(("。", "！")):
            return
        yield text


def _article_body(title):
    """The body an article's heading names, if it names exactly one."""
    bodies = {m.body for m in find_meetings(title)}
    return bodies.pop() if len(bodies) == 1 else ""


def _main_meetings(titles, text, hints=()):
    """For each body, the meeting the document is about, and where it was named.

    A heading first, then the meeting its text names most often, then one named only in
    a hint (the page title or the file name). A meeting the text cites as past (``完成了
    市十六届人大一次会议确定的目标任务``) speaks for the session after it, where the report is given.
    """
    ranked, source = Counter(), {}
    for title in dict.fromkeys(titles):
        for meeting in find_meetings(title):
            ranked[meeting] += 1000
            source.setdefault(meeting, TITLE)
    for meeting, past in cited_meetings(text):
        if past:
            meeting = meeting.following()
        ranked[meeting] += 1
        source.setdefault(meeting, AFTER_CITED if past else TEXT)
    for kind, hint in hints:
        for meeting in find_meetings(hint):
            if meeting not in ranked:
                ranked[meeting] += 0.5
                source[meeting] = kind
    placed = {(m.body, m.term, m.session): m for m in ranked if m.place}
    for meeting in [m for m in ranked if not m.place]:
        twin = placed.get((meeting.body, meeting.term, meeting.session))
        if twin:
            ranked[twin] += ranked.pop(meeting)
    chosen = {}
    for meeting, _ in ranked.most_common():
        chosen.setdefault(meeting.body, meeting)
    return chosen, {body: source[m] for body, m in chosen.items()}


def _placed(meeting, area):
    """A meeting named without its place (省十四届人大三次会议) takes the document's area."""
    return replace(meeting, place=area) if area and not meeting.place else meeting


# words naming the national government or congress as a title's author (全国文明城市 names none)
_NATIONAL_AUTHOR = re.compile("国务院|中央人民政府|中华人民共和国|全国人民代表大会|全国人大|全国政协|全国委员会|全国两会"
                              "|中国政府网|中央政府门户")


def _area_of_title(named):
    """``(area, kind)``: the area a title names (2025年江苏省政府工作报告 → 江苏省; 国务院… → 全国), and which
    of the ``(kind, text)`` names named it."""
    named = [(kind, name) for kind, name in named if name]
    for kind, name in named:
        plain = re.sub(r"《[^》]*》", "", name)  # a law's name quoted is no author
        national = _NATIONAL_AUTHOR.search(plain)
        if national and not _leading_place(plain[:national.start()]):  # 湖北省关于…全国人大…的通知 is 湖北省's
            return "全国", kind
        match = re.search(rf"((?:[\u4e00-\u9fff]{{2,9}}?{_ADMIN})+)(?:\d{{4}}年)?(?:人民政府|政府|人民代表大会|委员会)", name)
        if match and _clean_place(match.group(1)):
            return _clean_place(match.group(1)), kind
    for finder in (_short_place_in, _leading_place):
        for kind, name in named:
            found = finder(name)
            if found:
                return found, kind
    return "", ""


def _leading_place(name):
    """The full place name a title opens with (万载县2015年…统计公报 → 万载县), when the table knows it."""
    match = re.match(rf"^(?:(?:19|20)\d\d年)?({_UNITS.pattern})", name)
    if not match:
        return ""
    words = match.group(1)
    for end in range(len(words), 1, -1):  # the longest run of units the table knows
        if words[end - 1] in "省市区县州盟旗" or words[:end].endswith(_UNIT_WORDS):
            try:
                if places.place_of(words[:end]):
                    return words[:end]
            except PlaceTableMissing:
                return ""
    return ""


def _short_place_in(name):
    """A province or city a title names short, before 政府/人大/政协 (2025年广西政府工作报告 → 广西壮族自治区)."""
    match = re.search(r"([\u4e00-\u9fff]{2,6}?)(?:\d{4}年)?(?:人民政府|政府|人大|人民代表大会|政协)", name)
    if not match:
        return ""
    words = match.group(1)
    for start in range(len(words) - 1):
        try:
            found = [p for p in places.lookup(words[start:]) if p.level in (places.PROVINCE, places.CITY)]
        except PlaceTableMissing:
            return ""
        if len(found) == 1:
            return found[0].name
    return ""


def _article_days(passages, texts, year):
    days = {}
    for passage, text in zip(passages, texts):
        if passage.article not in days:
            found = _days(text)
            if found:
                days[passage.article] = _iso(found[0], year)
    return {k: v for k, v in days.items() if v}


@dataclass(frozen=True)
class MeetingPattern:
    """What someone typed after ``--meeting``, understood loosely."""

    body: str
    term: int
    session: int
    words: str  # anything else, matched as a substring (a place name, say)

    @classmethod
    def parse(cls, typed):
        text = simplified(re.sub(r"\s+", "", typed))
        body = ""
        if re.search("人大|人民代表大会", text):
            body = PEOPLES_CONGRESS
        elif re.search("政协|政治协商|委员会", text):
            body = CPPCC
        term = re.search(rf"第?({_NUM})届", text)
        session = re.search(rf"第?({_NUM})次", text)
        rest = text
        for pattern in (rf"第?{_NUM}届", rf"第?{_NUM}次", "全体", "会议", "中国人民政治协商会议",
                        "人民代表大会", "政治协商", "人大", "政协", "委员会"):
            rest = re.sub(pattern, "", rest)
        return cls(body, cn_number(term.group(1)) if term else 0,
                   cn_number(session.group(1)) if session else 0, rest)

    def matches(self, name):
        meetings = find_meetings(name)
        if not meetings:
            return bool(self.words) and self.words in name
        meeting = meetings[0]
        return ((not self.body or meeting.body == self.body)
                and (not self.term or meeting.term == self.term)
                and (not self.session or meeting.session == self.session)
                and (not self.words or self.words in meeting.place or self.words in name))
