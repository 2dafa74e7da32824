"""Printing: results for people (a terminal) and for programs (JSON).

The human printer colours matches only when asked to (the CLI decides: a
terminal, no ``NO_COLOR``, or ``--color always``); without colour it prints plain
text, like grep into a pipe. Control characters from documents are never written
raw: each becomes U+FFFD, one character for one, so match offsets still fit.
The JSON printers emit exactly the keys documented in the README.
"""

import json
import re

import click

PASSAGE_KEYS = ("id", "source", "title", "district", "body", "meeting", "section", "date", "speaker", "page", "text")
HIT_KEYS = ("id", "score", *PASSAGE_KEYS[1:], "snippet", "snippet_matches", "matches")

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


def _counts(counts):
    return ", ".join(f"{name} {n}" for name, n in counts.items())


def header(results):
    noun = "hit" if results.total == 1 else "hits"
    parts = [f"{results.total} {noun} for {safe_line(results.query)}"]
    for name in ("district", "body"):
        if results.facets.get(name):
            parts.append(_counts(results.facets[name]))
    return "  ·  ".join(parts)


def labels(fields):
    """``district · body · meeting · section`` (the title when there is no section)."""
    parts = [fields["district"], fields["body"], fields["meeting"], fields["section"] or fields["title"]]
    return safe_line(_SEP.join(p for p in parts if p))


def print_results(results, color=False):
    """The terminal view of a search."""
    dim = (lambda s: click.style(s, dim=True)) if color else (lambda s: s)
    click.echo(header(results), color=color)
    width = len(str(len(results.hits)))
    for rank, hit in enumerate(results.hits, 1):
        click.echo("", color=color)
        click.echo(f"{rank:>{width}}. {labels(hit)}", color=color)
        pad = " " * (width + 2)
        click.echo(pad + highlight(hit["snippet"], hit["snippet_matches"], color), color=color)
        click.echo(pad + dim(f"{hit['id']}  {hit['date']}".rstrip()), color=color)
    if len(results.hits) < results.total:
        click.echo("", color=color)
        click.echo(dim(f"… {results.total - len(results.hits)} more; --limit 0 shows all"), color=color)


def results_json(results):
    """The JSON object of a search (also when nothing matched)."""
    return {
        "query": results.query,
        "total": results.total,
        "hits": [{key: _value(hit, key) for key in HIT_KEYS} for hit in results.hits],
        "facets": results.facets,
    }


def dumps(obj):
    """One line of JSON; non-ASCII kept readable, control characters escaped by json."""
    return json.dumps(obj, ensure_ascii=False)


def passage_json(fields):
    return {key: _value(fields, key) for key in PASSAGE_KEYS}


def _value(fields, key):
    """A field for JSON; ``page`` is null for a source without pages."""
    return (fields.get(key) or None) if key == "page" else fields[key]


def print_passage(fields, before, after, color=False):
    """``govsearch show``: one passage whole, its tags, and its neighbours in brief."""
    bold = (lambda s: click.style(s, bold=True)) if color else (lambda s: s)
    for name in ("id", "source", "page", "title", "section", "district", "body", "meeting", "date", "speaker"):
        if fields.get(name):
            click.echo(f"{name + ':':10}{safe_line(str(fields[name]))}", color=color)
    for label, other in (("before", before), ("after", after)):
        if other:
            click.echo(f"{label + ':':10}{other['id']}  {safe_line(other['text'])[:60]}", color=color)
    click.echo("", color=color)
    click.echo(bold(safe(fields["text"])), color=color)


def print_stats(stats):
    click.echo(f"passages   {stats['passages']}")
    click.echo(f"documents  {stats['documents']}")
    for name, n in stats.get("formats", {}).items():
        click.echo(f"  {n:>7}  {name}")
    for name in ("district", "body", "meeting"):
        click.echo("")
        click.echo(f"{name}:")
        for value, n in stats[name].items():
            click.echo(f"  {n:>7}  {safe_line(value)}")
