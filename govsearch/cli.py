"""The command line: parse options, call the public API (``govsearch.Index``), hand the result to ``render``.

Exit status: 0 something matched (or the command did its work), 1 nothing matched,
2 an error, always as one line on stderr.
"""

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__, render
from .api import DEFAULT_MAX_SIZE_MB, Index
from .errors import GovsearchError, IncompatibleIndex, IndexMissing

DEFAULT_INDEX = "index"
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
    try:
        return Index(path)
    except IndexMissing:
        seeds = _seeds_dir()
        if settings["explicit"] or seeds is None:
            raise
    click.echo(f"govsearch: no index in {path} yet; building it from {seeds} …", err=True)
    return _build(path, [seeds], rebuild=False)[0]


def _writable(path, rebuild):
    """The index at ``path`` to update: made empty where there is none, or (to rebuild) an incompatible one."""
    try:
        return Index(path)
    except IndexMissing:
        return Index.create(path)
    except IncompatibleIndex:
        if not rebuild:
            raise
        return Index.create(path)


def _build(path, paths, rebuild, max_size=DEFAULT_MAX_SIZE_MB):
    """Update (or rebuild) the index at ``path`` from ``paths``, reporting on stderr; the opened index."""
    def progress(results, length):
        return _bar(results, length) if _is_terminal(sys.stderr) else results

    def skipped(name, reason):
        click.echo(render.skipped_text(name, reason), err=True)

    ix = _writable(path, rebuild)
    try:
        report = ix.update(paths, rebuild=rebuild, progress=progress, max_size_mb=max_size, on_skip=skipped)
    except BaseException:
        ix.close()
        raise
    if report.upgraded:
        click.echo("govsearch: this index was written by another version of govsearch; "
                   "every file in it was read again", err=True)
    click.echo(render.update_text(report), err=True)
    if report.other_types:
        click.echo(f"govsearch: {report.other_types}", err=True)
    return ix, report


def _bar(results, length):
    with click.progressbar(results, length=length, label="indexing", file=sys.stderr,
                           item_show_func=lambda r: render.safe_line(Path(r[1]).name) if r else "") as bar:
        yield from bar


def _is_terminal(stream):
    return stream.isatty()


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
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--rebuild", is_flag=True, help="Start from an empty index.")
@click.option("--max-size", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_SIZE_MB,
              show_default=True, help="Skip files larger than this many MB.")
@click.pass_context
def index_cmd(ctx, paths, rebuild, max_size):
    """Index files and folders (default: the seeds).

    New files are added, changed ones re-indexed, and files gone from a folder
    being indexed are dropped. Unreadable files, and files of other types, are
    reported and skipped; when a file named here is one of them, the rest is
    indexed all the same and the exit status is 2.
    """
    with _errors():
        if not paths:
            seeds = _seeds_dir()
            if seeds is None:
                raise CliError("no PATH given and no seeds/ folder here")
            paths = [seeds]
        ix, report = _build(Path(ctx.obj["index"]), list(paths), rebuild, max_size)
        ix.close()
    ctx.exit(2 if report.named_skipped else 0)


@cli.command(context_settings={"ignore_unknown_options": True})
@click.argument("text", nargs=-1, required=True)
@click.option("--district", default=None, help="District, city, province or 全国, short names allowed; a place "
              "takes in the places inside it (江苏 → 常州市钟楼区 …); name an ambiguous one with its city (南京 鼓楼).")
@click.option("--province", default=None, help="Province (江苏 → 江苏省).")
@click.option("--body", type=click.Choice(["人大", "政协"]), default=None, help="人大 or 政协.")
@click.option("--meeting", default=None, help="Meeting, as people write it: 十七届人大三次, 17届3次, 第十届委员会第三次会议.")
@click.option("--section", default=None, help="Only passages whose section path contains this.")
@click.option("--level", type=click.Choice(["全国", "省", "市", "县"]), default=None,
              help="Level of the place: 全国, 省 (provinces), 市 (cities), 县 (counties and districts).")
@click.option("--year", default=None, help="Only passages dated in this year.")
@click.option("--since", default=None, help="Only passages dated on or after (YYYY[-MM[-DD]]).")
@click.option("--until", default=None, help="Only passages dated on or before (YYYY[-MM[-DD]]).")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True, help="Hits to show; 0 shows all.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the matches: auto means on a terminal and NO_COLOR unset.")
@click.pass_context
def query(ctx, text, as_json, color, limit, **filters):
    """Search: words are ANDed, "quoted words" are one string, OR and -word work.

    A passage matches a word when the word occurs in its text, ignoring
    punctuation, spaces, case and traditional/simplified differences.
    """
    with _errors():
        with _open(ctx) as ix:
            if as_json and not limit:  # every hit: written as each is read, in the memory of one
                results = ix.stream(" ".join(text), **filters)
                for piece in render.json_pieces(results):
                    click.echo(piece, nl=False)
                click.echo()
                ctx.exit(0 if results.total else 1)
            results = ix.search(" ".join(text), limit=limit, **filters)
    if as_json:
        click.echo(render.dumps(results.to_dict()))
    else:
        use = _use_color(color)
        click.echo(render.results_text(results, color=use), nl=False, color=use)
    ctx.exit(0 if results.total else 1)


def _use_color(choice):
    if choice == "always":
        return True
    return choice == "auto" and _is_terminal(sys.stdout) and not os.environ.get("NO_COLOR")


@cli.command()
@click.pass_context
def export(ctx):
    """Every passage as JSON Lines, in document order."""
    with _errors():
        with _open(ctx) as ix:
            for passage in ix.passages():
                click.echo(render.dumps(render.export_json(passage)))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def stats(ctx, as_json):
    """Passages and documents, with counts per district, province, level, body, year and meeting."""
    with _errors():
        with _open(ctx) as ix:
            counts = ix.stats()
    if as_json:
        click.echo(render.dumps(counts.to_dict()))
    else:
        click.echo(render.stats_text(counts), nl=False)


@cli.command()
@click.argument("passage_id")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Bold the passage: auto means on a terminal and NO_COLOR unset.")
@click.pass_context
def show(ctx, passage_id, as_json, color):
    """One passage whole, with its tags and the passages around it."""
    with _errors():
        with _open(ctx) as ix:
            passage = ix.passage(passage_id)
    if as_json:
        click.echo(render.dumps(render.passage_json(passage)))
    else:
        use = _use_color(color)
        click.echo(render.passage_text(passage, color=use), nl=False, color=use)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; other than loopback, the page is open to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.pass_context
def serve(ctx, host, port):
    """A local web page over the index: search, facets, passages, compare. Ctrl-C stops it."""
    from . import web  # Jinja2 and the server load only for this command

    with _errors():
        with _open(ctx) as ix:
            web.serve(ix, host=host, port=port)


def main():
    cli(prog_name="govsearch")
