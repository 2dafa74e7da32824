"""The command line: parse options, call one library function, hand the result to a printer.

Exit status: 0 something matched (or the command did its work), 1 nothing matched,
2 an error, always as one line on stderr.
"""

import os
import re
import sys
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import click

from . import __version__, render
from . import index as index_mod
from .errors import GovsearchError
from .search import Filters, search

DEFAULT_INDEX = "index"
DEFAULT_MAX_MB = 50
SEEDS = "seeds"


class CliError(click.ClickException):
    """A user-facing error: one line on stderr, exit status 2."""

    exit_code = 2


@contextmanager
def _errors():
    try:
        yield
    except GovsearchError as exc:
        message = str(exc) + (f" ({exc.hint})" if exc.hint else "")
        raise CliError(render.safe_line(message)) from None
    except BrokenPipeError:
        raise
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        raise CliError(render.safe_line(f"{name}{exc.strerror or exc}")) from None


def _seeds_dir():
    """The seed reports: ./seeds, else the seeds beside the package (an editable install)."""
    for candidate in (Path(SEEDS), Path(__file__).resolve().parent.parent / SEEDS):
        if candidate.is_dir():
            return candidate
    return None


def _open(ctx):
    """Open the index, building the default one from the seeds the first time."""
    settings = ctx.obj
    path = Path(settings["index"])
    if not index_mod.exists(path) and not settings["explicit"]:
        seeds = _seeds_dir()
        if seeds is not None:
            click.echo(f"govsearch: no index in {path} yet; building it from {seeds} …", err=True)
            _build(path, [seeds], rebuild=False)
    return index_mod.Index(path)


def _build(path, paths, rebuild, max_size=DEFAULT_MAX_MB):
    def progress(results, length):
        if not sys.stderr.isatty():
            return results
        return _bar(results, length)

    def warn(message):
        message = message if "skipped" in message else message + ", skipped"
        click.echo(f"govsearch: {render.safe_line(message)}", err=True)

    summary = index_mod.update(path, paths, rebuild=rebuild, progress=progress, on_error=warn,
                               max_bytes=int(max_size * 1e6))
    if summary.upgraded:
        click.echo("govsearch: this index was written by another version of govsearch; "
                   "every file in it was read again", err=True)
    click.echo(
        f"govsearch: {summary.files} files ({summary.added} new, {summary.changed} changed, "
        f"{summary.unchanged} unchanged, {summary.removed} removed, {len(summary.errors)} skipped), "
        f"{summary.passages} passages indexed in {summary.seconds:.2f} s", err=True)
    if summary.skipped:
        click.echo(f"govsearch: {summary.skipped}", err=True)
    return summary


def _bar(results, length):
    with click.progressbar(results, length=length, label="indexing", file=sys.stderr,
                           item_show_func=lambda r: render.safe_line(Path(r[0][1]).name) if r else "") as bar:
        yield from bar


class Group(click.Group):
    """A click group whose usage errors, too, are one line on stderr."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            status = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "govsearch"
            click.echo(f"Error: {exc.format_message()} (see: {command} --help)", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(2)
        sys.exit(status if isinstance(status, int) else 0)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--index", "index_dir", type=click.Path(file_okay=False), envvar="GOVSEARCH_INDEX",
              help="Index folder [env GOVSEARCH_INDEX; default ./index].")
@click.version_option(__version__, prog_name="govsearch")
@click.pass_context
def cli(ctx, index_dir):
    """Full-text search for Chinese government reports.

    Every passage that literally contains the query, ranked, tagged with its
    district, body (人大/政协), meeting, section and date.
    """
    ctx.obj = {"index": index_dir or DEFAULT_INDEX, "explicit": index_dir is not None}


@cli.command("index")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--rebuild", is_flag=True, help="Start from an empty index.")
@click.option("--max-size", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_MB,
              show_default=True, help="Skip files larger than this many MB.")
@click.pass_context
def index_cmd(ctx, paths, rebuild, max_size):
    """Index files and folders (default: the seeds).

    New files are added, changed ones re-indexed, and files gone from a folder
    being indexed are dropped. Unreadable files are reported and skipped; when a
    file named here is one of them, the exit status is 2.
    """
    with _errors():
        if not paths:
            seeds = _seeds_dir()
            if seeds is None:
                raise CliError("no PATH given and no seeds/ folder here")
            paths = [seeds]
        summary = _build(Path(ctx.obj["index"]), list(paths), rebuild, max_size)
    if summary.named_errors:
        ctx.exit(2)


def _year(ctx, param, value):
    if value and not re.fullmatch(r"\d{4}", value):
        raise click.BadParameter("expected a year such as 2024")
    return value or ""


def _day(ctx, param, value):
    if value and not _is_day(value):
        raise click.BadParameter("expected a date such as 2024-01-31, 2024-01 or 2024")
    return value or ""


def _is_day(value):
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, naming a real month and day."""
    formats = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return False
    try:
        datetime.strptime(value, formats[len(value)])
    except ValueError:
        return False
    return True


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("text", nargs=-1, required=True)
@click.option("--district", default="", help="District, city, province or 全国; a prefix will do (钟楼 → 钟楼区), "
              "and a city takes in its districts (常州 → 钟楼区, 天宁区).")
@click.option("--body", type=click.Choice(["人大", "政协"]), default=None, help="人大 or 政协.")
@click.option("--meeting", default="", help="Meeting, as people write it: 十七届人大三次, 17届3次, 第十届委员会第三次会议.")
@click.option("--section", default="", help="Only passages whose section path contains this.")
@click.option("--year", callback=_year, default=None, help="Only passages dated in this year.")
@click.option("--since", callback=_day, default=None, help="Only passages dated on or after (YYYY[-MM[-DD]]).")
@click.option("--until", callback=_day, default=None, help="Only passages dated on or before (YYYY[-MM[-DD]]).")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True, help="Hits to show; 0 shows all.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the matches: auto means on a terminal and NO_COLOR unset.")
@click.pass_context
def query(ctx, text, district, body, meeting, section, year, since, until, limit, as_json, color):
    """Search: words are ANDed, "quoted words" are one string, OR and -word work.

    A passage matches a word when the word occurs in its text, ignoring
    punctuation, spaces, case and traditional/simplified differences.
    """
    filters = Filters(district=district, body=body or "", meeting=meeting, section=section,
                      year=year, since=since, until=until)
    with _errors():
        with _open(ctx) as ix:
            results = search(ix, " ".join(text), filters, limit=limit)
    if as_json:
        click.echo(render.dumps(render.results_json(results)))
    else:
        render.print_results(results, color=_use_color(color))
    ctx.exit(0 if results.total else 1)


def _use_color(choice):
    if choice == "always":
        return True
    return choice == "auto" and sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@cli.command()
@click.pass_context
def export(ctx):
    """Every passage as JSON Lines, in document order."""
    with _errors():
        with _open(ctx) as ix:
            for docnum in ix.all_docnums():
                click.echo(render.dumps(render.passage_json(ix.stored(docnum))))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def stats(ctx, as_json):
    """Passages and documents, with counts per district, body and meeting."""
    with _errors():
        with _open(ctx) as ix:
            counts = ix.stats()
    if as_json:
        click.echo(render.dumps(counts))
    else:
        render.print_stats(counts)


@cli.command()
@click.argument("passage_id")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto")
@click.pass_context
def show(ctx, passage_id, as_json, color):
    """One passage whole, with its tags and the passages around it."""
    with _errors():
        with _open(ctx) as ix:
            fields = ix.stored(ix.docnum(passage_id))
            before, after = ix.neighbours(passage_id)
    if as_json:
        click.echo(render.dumps({**render.passage_json(fields),
                                 "before": before and render.passage_json(before),
                                 "after": after and render.passage_json(after)}))
    else:
        render.print_passage(fields, before, after, color=_use_color(color))


def main():
    cli(prog_name="govsearch")

