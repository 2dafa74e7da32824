"""Printing: results as text for people (a terminal) and as dicts for programs (JSON).

Pure functions of the API's results (``api.Results``, ``api.Passage``,
``api.Stats``): each gives a string (or a dict), and the CLI writes it. The text
printers colour matches only when asked to (the CLI decides: a terminal, no
``NO_COLOR``, or ``--color always``). Control characters from documents are never
written raw: each becomes U+FFFD, one character for one, so match offsets still
fit. The JSON printers emit exactly the keys documented in the README.
"""

import json
import re

import click

from .schema import PASSAGE_KEYS

HIT_KEYS = ("id", "score", *PASSAGE_KEYS[1:], "snippet", "snippet_matches", "matches")
HEADER_VALUES = 3  # values of a facet named in the header; the rest are "+N more"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SEP = " · "


def safe(text):
    """``text`` with control characters replaced (newlines and tabs kept)."""
    return _CONTROL.sub("\ufffd", text)


def safe_line(text):
    """``safe(text)`` on one line: for messages and labels."""
    return safe(text).replace("\n", " ").replace("\t", " ")


def highlight(text, spans, color):
    """``text`` with ``spans`` in bold red when ``color``; as is otherwise."""
    text = safe_line(text)
    if not color:
        return text
    out, last = [], 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(click.style(text[start:end], fg="red", bold=True))
        last = end
    out.append(text[last:])
    return "".join(out)


def _counts(counts, most=HEADER_VALUES):
    shown = ", ".join(f"{safe_line(name)} {n}" for name, n in list(counts.items())[:most])
    rest = len(counts) - most
    return shown + (f" +{rest} more" if rest > 0 else "")


def header(results):
    """``N hits for Q  ·  district counts  ·  body counts`` (the first few of each)."""
    noun = "hit" if results.total == 1 else "hits"
    parts = [f"{results.total} {noun} for {safe_line(results.query)}"]
    for name in ("province", "district", "body"):
        if name == "province" and results.facets.get(name) == results.facets.get("district"):
            continue  # provincial reports only: the districts say it already
        if results.facets.get(name):
            parts.append(_counts(results.facets[name]))
    return "  ·  ".join(parts)


def labels(item):
    """``district · body · meeting · section`` (the title when there is no section)."""
    tags = item.tags
    parts = [tags["district"], tags["body"], tags["meeting"], tags["section"] or item.title]
    return safe_line(_SEP.join(p for p in parts if p))


def results_text(results, color=False):
    """The terminal view of a search, ending with a newline."""
    dim = (lambda s: click.style(s, dim=True)) if color else (lambda s: s)
    lines = [header(results)]
    width = len(str(len(results.hits)))
    pad = " " * (width + 2)
    for rank, hit in enumerate(results.hits, 1):
        lines += ["", f"{rank:>{width}}. {labels(hit)}",
                  pad + highlight(hit.snippet, hit.snippet_matches, color),
                  pad + dim(f"{hit.id}  {hit.tags['date']}".rstrip())]
    if len(results.hits) < results.total:
        lines += ["", dim(f"… {results.total - len(results.hits)} more; --limit 0 shows all")]
    return "\n".join(lines) + "\n"


def dumps(obj):
    """One line of JSON; non-ASCII kept readable, control characters escaped by json."""
    return json.dumps(obj, ensure_ascii=False)


def export_json(passage):
    """An ``export`` line: the passage's keys and its provenance, where each tag was read."""
    return {**passage.to_dict(), "provenance": passage.provenance}


def passage_json(passage):
    """``show --json``: the passage's keys, its provenance, and its neighbours' keys (or null)."""
    return {**export_json(passage),
            "before": passage.before and passage.before.to_dict(),
            "after": passage.after and passage.after.to_dict()}


_SHOWN = ("id", "source", "title", "section", "district", "province", "city", "level", "body", "meeting",
          "date", "speaker", "page", "format")


def passage_text(passage, color=False):
    """``govsearch show``: one passage whole, its tags, and its neighbours in brief."""
    bold = (lambda s: click.style(s, bold=True)) if color else (lambda s: s)
    values = passage.to_dict()
    lines = [f"{name + ':':10}{safe_line(str(values[name]))}" for name in _SHOWN if values[name]]
    if passage.provenance:
        sources = ", ".join(f"{k} from {v}" for k, v in sorted(passage.provenance.items()) if v)
        lines.append(f"{'from:':10}{safe_line(sources)}")
    for label, other in (("before", passage.before), ("after", passage.after)):
        if other:
            lines.append(f"{label + ':':10}{other.id}  {safe_line(other.text)[:60]}")
    lines += ["", bold(safe(passage.text))]
    return "\n".join(lines) + "\n"


def stats_text(stats):
    """``govsearch stats``: totals, then passages per value of each field."""
    lines = [f"passages   {stats.passages}", f"documents  {stats.documents}"]
    lines += [f"  {n:>7}  {name}" for name, n in stats.formats.items()]
    for name, counts in stats.counts.items():
        lines += ["", f"{name}:"]
        lines += [f"  {n:>7}  {safe_line(value)}" for value, n in counts.items()]
    return "\n".join(lines) + "\n"


def skipped_text(name, reason):
    """``govsearch: NAME: why, skipped``: one file that was not indexed."""
    reason = reason if "skipped" in reason else reason + ", skipped"
    return f"govsearch: {safe_line(name)}: {safe_line(reason)}"


def update_text(report):
    """The one-line summary of ``govsearch index``."""
    return (f"govsearch: {report.files} files ({report.added} new, {report.changed} changed, "
            f"{report.unchanged} unchanged, {report.removed} removed, {len(report.skipped)} skipped), "
            f"{report.passages} passages indexed in {report.seconds:.2f} s"
            + (f"; went on from an unfinished run, whose {report.resumed} files were done already"
               if report.resumed else ""))
