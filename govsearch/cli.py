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
from .errors import Gone, GovsearchError, IncompatibleIndex, IndexMissing
from .storage import DEFAULT_MAX_SIZE_MB

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
    from .api import Index  # the engine (numpy, Whoosh) loads for the commands that open an index only

    settings = ctx.obj
    path = Path(settings["index"])
    try:
        opened = Index(path)
        if opened.outdated:
            click.echo(f"govsearch: {path} was written by an older govsearch; it answers the same but opens "
                       f"slowly until `govsearch index` brings it up to date", err=True)
        return opened
    except IndexMissing:
        seeds = _seeds_dir()
        if settings["explicit"] or seeds is None:
            raise
    click.echo(f"govsearch: no index in {path} yet; building it from {seeds} …", err=True)
    return _build(path, [seeds], rebuild=False)[0]


def _writable(path, rebuild):
    """The index at ``path`` to update: made empty where there is none, or (to rebuild) an incompatible one."""
    from .api import Index

    try:
        return Index(path)
    except IndexMissing:
        return Index.create(path)
    except IncompatibleIndex:
        if not rebuild:
            raise
        return Index.create(path)


def _build(path, paths, rebuild, max_size=DEFAULT_MAX_SIZE_MB, max_pages=None, cluster=None):
    """Update (or rebuild) the index at ``path`` from ``paths``, reporting on stderr; the opened index."""
    def progress(results, length):
        return _bar(results, length) if _is_terminal(sys.stderr) else results

    def skipped(name, reason):
        click.echo(render.skipped_text(name, reason), err=True)

    ix = _writable(path, rebuild)
    try:
        report = ix.update(paths, rebuild=rebuild, progress=progress, max_size_mb=max_size, on_skip=skipped,
                           max_pages=max_pages, cluster=cluster)
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
                           item_show_func=_shown) as bar:
        yield from bar


def _shown(result):
    """A file's name, or ``OCR 报告.pdf p.3`` for a page read by OCR."""
    if not result:
        return ""
    name = render.safe_line(Path(result[1]).name)
    return f"OCR {name} p.{result[2]}" if result[0] == "ocr" else name


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


INDEX_HELP = "Index folder [env GOVSEARCH_INDEX; default ./index]."


def _index_after_command(ctx, param, value):
    """``--index`` given after the command: the same as before it (the one after wins)."""
    if value is not None:
        ctx.obj.update(index=value, explicit=True)


def index_option(command):
    """``--index DIR`` after the command too: every command opens an index."""
    return click.option("--index", type=click.Path(file_okay=False), default=None, expose_value=False,
                        callback=_index_after_command, help=INDEX_HELP)(command)


class QueryCommand(click.Command):
    """A command whose words may begin with one dash (``-经济`` negates), while an unknown ``--option`` is an error.

    Such commands ignore unknown options so that ``-word`` reaches the query; an
    unknown ``--word`` (a typo, an option of another command) would then be
    searched for and silently find nothing, so it is refused here, before ``--``.
    """

    def parse_args(self, ctx, args):
        known = [name for param in self.get_params(ctx) for name in param.opts + param.secondary_opts]
        for arg in args:
            if arg == "--":
                break
            name = arg.split("=", 1)[0]
            if name.startswith("--") and name not in known:
                import difflib  # for the error only

                raise click.NoSuchOption(name, possibilities=difflib.get_close_matches(name, known), ctx=ctx)
        return super().parse_args(ctx, args)


def examples(*commands):
    """An epilog of example commands, kept line for line (Click rewraps a paragraph unless it opens with \\b)."""
    return "\b\nExamples:\n" + "\n".join(f"  {command}" for command in commands)


USAGE = """\
Usage: govsearch [--index DIR] COMMAND [ARGS]...

  govsearch index ~/reports                  index a folder of reports (PDF, Word, web pages, text)
  govsearch query 营商环境 --district 江苏   every passage that says it, ranked
  govsearch compare 营商环境 --by district   how many passages each place has

Commands: {commands}
Run 'govsearch COMMAND --help' for a command's options, 'govsearch --help' for more."""


@click.group(cls=Group, invoke_without_command=True, subcommand_metavar="COMMAND [ARGS]...",
             context_settings={"help_option_names": ["-h", "--help"]},
             epilog=examples("govsearch index ~/reports", "govsearch query 营商环境 --district 江苏 --year 2024",
                             "govsearch --index ~/reports-index query 托育 --json"))
@click.option("--index", "index_dir", type=click.Path(file_okay=False), envvar="GOVSEARCH_INDEX", help=INDEX_HELP)
@click.version_option(__version__, prog_name="govsearch")
@click.pass_context
def cli(ctx, index_dir):
    """Full-text search for Chinese government reports.

    Every passage that literally contains the query, ranked, tagged with its
    district, body (人大/政协), meeting, section and date. Each command's --help
    lists its options; docs/commands.md documents them all.
    """
    if ctx.invoked_subcommand is None:
        # as grep does, whose exit statuses govsearch shares: usage on stderr, status 2
        click.echo(USAGE.format(commands=", ".join(ctx.command.list_commands(ctx))), err=True)
        ctx.exit(2)
    ctx.obj = {"index": index_dir or DEFAULT_INDEX, "explicit": index_dir is not None}


@cli.command("index", epilog=examples("govsearch index ~/reports",
                                      "govsearch index ~/reports ~/more.zip --max-size 200",
                                      "govsearch index --rebuild",
                                      "govsearch index ~/reports --cluster tcp://10.0.0.5:8786"))
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--rebuild", is_flag=True, help="Start from an empty index.")
@click.option("--max-size", type=click.FloatRange(min=0, min_open=True), default=DEFAULT_MAX_SIZE_MB,
              show_default=True, help="Skip files larger than this many MB.")
@click.option("--max-pages", type=click.IntRange(min=1), default=None,
              help="Skip documents with more scanned pages than this to read by OCR [default: 500].")
@click.option("--cluster", "address", envvar="GOVSEARCH_CLUSTER", default=None, metavar="tcp://HOST:PORT",
              help="Read the files on the workers of this Dask scheduler [env GOVSEARCH_CLUSTER; needs "
                   "govsearch[cluster]].")
@click.option("--shared-root", default=None, metavar="CLIENT=WORKER",
              help="With --cluster: the workers see files under CLIENT at WORKER instead.")
@click.option("--send-files", is_flag=True, help="With --cluster: send the workers the files' bytes.")
@index_option
@click.pass_context
def index_cmd(ctx, paths, rebuild, max_size, max_pages, address, shared_root, send_files):
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
        cluster = _cluster(address, shared_root, send_files)
        try:
            ix, report = _build(Path(ctx.obj["index"]), list(paths), rebuild, max_size, max_pages, cluster)
        finally:
            if cluster is not None:
                cluster.close()
        ix.close()
    ctx.exit(2 if report.named_skipped else 0)


def _cluster(address, shared_root, send_files):
    """The Dask cluster ``--cluster`` names, connected, said on stderr; None without it."""
    if not address:
        if shared_root or send_files:
            raise CliError(f"{'--shared-root' if shared_root else '--send-files'} needs --cluster")
        return None
    from . import cluster  # Dask loads only for a build on a cluster

    roots = cluster.shared_root(shared_root) if shared_root else None
    found = cluster.connect(address, roots, send_files)
    dashboard = found.dashboard()
    click.echo(f"govsearch: building on {address}: {found.threads()} worker threads"
               + (f"; dashboard {dashboard}" if dashboard else ""), err=True)
    if found.trimming:
        click.echo(f"govsearch: {len(found.trimming)} workers run with MALLOC_TRIM_THRESHOLD_ set (Dask's default), "
                   "which doubles the CPU of OCR; see docs/cluster.md", err=True)
    return found


FILTERS = ("district", "province", "body", "meeting", "section", "level", "year", "since", "until")
FIELDS = ("district", "province", "level", "body", "year", "meeting", "section")


def filter_options(command):
    """The tag filters every searching command takes (those of ``Index.search``)."""
    options = [
        click.option("--district", default=None, help="District, city, province or 全国, short names allowed; a "
                     "place takes in the places inside it (江苏 → 常州市钟楼区 …); name an ambiguous one with its "
                     "city (南京 鼓楼)."),
        click.option("--province", default=None, help="Province (江苏 → 江苏省)."),
        click.option("--body", type=click.Choice(["人大", "政协"]), default=None, help="人大 or 政协."),
        click.option("--meeting", default=None,
                     help="Meeting, as people write it: 十七届人大三次, 17届3次, 第十届委员会第三次会议."),
        click.option("--section", default=None, help="Only passages whose section path contains this."),
        click.option("--level", type=click.Choice(["全国", "省", "市", "县"]), default=None,
                     help="Level of the place: 全国, 省 (provinces), 市 (cities), 县 (counties and districts)."),
        click.option("--year", default=None, help="Only passages dated in this year."),
        click.option("--since", default=None, help="Only passages dated on or after (YYYY[-MM[-DD]])."),
        click.option("--until", default=None, help="Only passages dated on or before (YYYY[-MM[-DD]])."),
        click.option("--all-copies", is_flag=True,
                     help="Show and count every copy of a text (another file or page carrying it), not once."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def output_options(csv=False):
    """``--json`` (one JSON object), and ``--csv`` (UTF-8 with a BOM) where the command has a table."""
    def decorate(command):
        if csv:
            command = click.option("--csv", "as_csv", is_flag=True,
                                   help="Print CSV (UTF-8 with a BOM, for spreadsheets).")(command)
        return click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")(command)
    return decorate


def _one_format(as_json, as_csv):
    if as_json and as_csv:
        raise CliError("--json and --csv: choose one")


def _show(found, as_json, as_csv, text, table=None):
    """Print a view's result the one way asked: its JSON, its CSV table, or text for a terminal."""
    if as_json:
        click.echo(render.dumps(found.to_dict()))
    elif as_csv:
        click.echo(table(found), nl=False)
    else:
        click.echo(text(found), nl=False)


def _split(options):
    """``(filters, the rest)`` of a command's keyword options."""
    return ({k: v for k, v in options.items() if k in FILTERS},
            {k: v for k, v in options.items() if k not in FILTERS})


@cli.command(short_help="Search: every passage containing the words.",
             cls=QueryCommand, context_settings={"ignore_unknown_options": True},
             epilog=examples("govsearch query 营商环境 --district 江苏 --year 2024",
                             "govsearch query '\"1+1+6+N\"' OR 托育 -幼儿园 --limit 0 --json",
                             "govsearch query 营商环境 -C 1 --sort date --csv > hits.csv"))
@click.argument("text", nargs=-1, required=True)
@filter_options
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True, help="Hits to show; 0 shows all.")
@click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True,
              help="Skip this many hits first (paging).")
@click.option("--sort", type=click.Choice(["score", "date", "district"]), default="score", show_default=True,
              help="Order: the ranking, the date (newest first) or the district; ties in document order.")
@click.option("-C", "--context", type=click.IntRange(min=0), default=0,
              help="Show N passages before and after each hit, marked as context.")
@click.option("--files", is_flag=True, help="One line per document with its hit count, instead of the hits.")
@output_options(csv=True)
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the matches: auto means on a terminal and NO_COLOR unset.")
@index_option
@click.pass_context
def query(ctx, text, as_json, as_csv, color, limit, offset, sort, context, files, **filters):
    """Search: words are ANDed, "quoted words" are one string, OR and -word work.

    A passage matches a word when the word occurs in its text, ignoring
    punctuation, spaces, case and traditional/simplified differences.
    """
    _one_format(as_json, as_csv)
    query_text = " ".join(text)
    if files:
        with _errors():
            with _open(ctx) as ix:
                total, documents = ix.files(query_text, **filters)
        if as_json:
            click.echo(render.dumps(render.files_json(query_text, total, documents)))
        elif as_csv:
            click.echo(render.csv_text(("source", "title", "district", "date", "hits"),
                                       ([d.source, d.title, d.district, d.date, d.hits] for d in documents)),
                       nl=False)
        else:
            click.echo(render.files_text(total, documents), nl=False)
        ctx.exit(0 if total else 1)
    with _errors():
        with _open(ctx) as ix:
            if (as_json or as_csv) and not limit and sort == "score" and not context:
                # every hit: written as each is read, in the memory of one
                results = ix.stream(query_text, offset=offset, **filters)
                with _stdout() as out:
                    if as_json:
                        out.writelines(render.json_pieces(results))
                        out.write("\n")
                    else:
                        out.writelines(render.hits_csv_pieces(results))
                ctx.exit(0 if results.total else 1)
            results = ix.search(query_text, limit=limit, offset=offset, sort=sort, context=context, **filters)
    if as_json:
        click.echo(render.dumps(results.to_dict()))
    elif as_csv:
        click.echo(render.hits_csv(results), nl=False)
    else:
        use = _use_color(color)
        click.echo(render.results_text(results, color=use), nl=False, color=use)
    ctx.exit(0 if results.total else 1)


@cli.command(short_help="Count a query's matches per district, year …",
             cls=QueryCommand, context_settings={"ignore_unknown_options": True},
             epilog=examples("govsearch compare 营商环境 --by district",
                             "govsearch compare 发展 --by meeting --then body --csv > matrix.csv"))
@click.argument("text", nargs=-1, required=True)
@click.option("--by", type=click.Choice(FIELDS), required=True, help="The field whose values make the rows.")
@click.option("--then", type=click.Choice(FIELDS), default=None,
              help="A second field whose values make the columns of a matrix.")
@filter_options
@output_options(csv=True)
@index_option
@click.pass_context
def compare(ctx, text, by, then, as_json, as_csv, **filters):
    """Count a query's matches per district, year … : passages, documents, first and last year, best passage.

    The counts are exactly the passages ``query`` finds (same matcher, same filters).
    """
    _one_format(as_json, as_csv)
    with _errors():
        with _open(ctx) as ix:
            found = ix.compare(" ".join(text), by=by, then=then, **filters)
    _show(found, as_json, as_csv, render.compare_text, render.compare_csv)
    ctx.exit(0 if found.total else 1)


@cli.command(short_help="Targets and outcomes stated for an indicator.",
             epilog=examples("govsearch figures 地区生产总值",
                             "govsearch figures GDP --by district --then year --kind target"))
@click.argument("indicator")
@click.option("--by", type=click.Choice(FIELDS), default=None,
              help="Make a table: a row per value of this field, one figure per cell.")
@click.option("--then", type=click.Choice(FIELDS), default=None, help="The table's columns [default: year; district with --by year].")
@click.option("--kind", type=click.Choice(["target", "outcome"]), default=None,
              help="Only targets or only outcomes (a table shows targets unless told).")
@filter_options
@output_options(csv=True)
@index_option
@click.pass_context
def figures(ctx, indicator, by, then, kind, as_json, as_csv, **filters):
    """The figures reports state for an indicator (地区生产总值, GDP, 城镇调查失业率 …): targets and outcomes.

    Each with its value, range, qualifier (左右, 以上, 以内, 力争), year, kind and
    the sentence it was read from; where a report states none, nothing is made up.
    """
    _one_format(as_json, as_csv)
    if then and not by:
        raise CliError("--then needs --by")
    with _errors():
        with _open(ctx) as ix:
            found = ix.figures(indicator, by=by, then=then, kind=kind, **filters)
    _show(found, as_json, as_csv, render.figures_text, render.figures_csv)
    ctx.exit(0 if found.figures else 1)


@cli.command(short_help="Passages of other documents most like one.",
             epilog=examples("govsearch similar b43588f54fd1-0060 --limit 5    # an id that query printed"))
@click.argument("passage_id")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="Passages to show.")
@click.option("--same-document", is_flag=True, help="Also passages of the passage's own document.")
@filter_options
@output_options()
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour as query does: auto means on a terminal and NO_COLOR unset.")
@index_option
@click.pass_context
def similar(ctx, passage_id, limit, same_document, as_json, color, **filters):
    """Passages of other documents most like this one: how other places phrased the same policy."""
    with _errors():
        with _open(ctx) as ix:
            found = ix.similar(passage_id, limit=limit, same_document=same_document, **filters)
    if as_json:
        click.echo(render.dumps(found.to_dict()))
    else:
        use = _use_color(color)
        click.echo(render.similar_text(passage_id, found, color=use), nl=False, color=use)
    ctx.exit(0 if found.total else 1)


@cli.command(short_help="The distinctive words of a set of passages.",
             epilog=examples("govsearch terms --district 钟楼 --limit 8",
                             "govsearch terms --district 上海 --year 2026 --vs year=2025"))
@filter_options
@click.option("--vs", "vs", multiple=True, metavar="FIELD=VALUE",
              help="Set the passages against these instead of all the others: the filters above with "
                   "FIELD=VALUE in place (--vs year=2025); repeat for several fields.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="Words to show.")
@output_options()
@index_option
@click.pass_context
def terms(ctx, vs, limit, as_json, **filters):
    """The distinctive words of the passages the filters choose, against the rest or --vs.

    Scored by log-likelihood (G²) of each word's count in the set against the
    other, times its rarity across documents, so that words every report uses
    weigh little.
    """
    against = None
    if vs:
        against = {k: v for k, v in filters.items() if v}
        for pair in vs:
            name, sep, value = pair.partition("=")
            if not sep or name not in FILTERS:
                raise CliError(f"--vs {pair}: expected FIELD=VALUE, FIELD one of {', '.join(FILTERS)}")
            against[name] = value
    with _errors():
        with _open(ctx) as ix:
            found = ix.terms(limit=limit, vs=against, **filters)
    _show(found, as_json, False, render.terms_text)
    ctx.exit(0 if found.terms else 1)


@contextmanager
def _stdout(buffer_bytes=1 << 20):
    """Standard output as one text stream with a large buffer, flushed on leaving.

    ``click.echo`` flushes at every call, and stdout's own buffer (8 KB) is a
    hit or two: all the hits of a common word, or every passage, tens of MB of
    JSON, would take a write each. A stream without a file descriptor
    (CliRunner's) is used as it is.
    """
    stream = click.get_text_stream("stdout")
    try:
        fd = stream.fileno()
    except (AttributeError, OSError):  # io.UnsupportedOperation is an OSError
        yield stream
        stream.flush()
        return
    stream.flush()
    with open(fd, "w", buffering=buffer_bytes, encoding=stream.encoding, errors=stream.errors,
              closefd=False) as out:
        yield out


def _use_color(choice):
    if choice == "always":
        return True
    return choice == "auto" and _is_terminal(sys.stdout) and not os.environ.get("NO_COLOR")


@cli.command(epilog=examples("govsearch export > passages.jsonl"))
@click.option("--all-copies", is_flag=True, help="Every copy of a text too (another file or page carrying it).")
@index_option
@click.pass_context
def export(ctx, all_copies):
    """Every passage as JSON Lines, in document order, each text once."""
    with _errors():
        with _open(ctx) as ix, _stdout() as out:
            for passage in ix.passages(all_copies=all_copies):
                out.write(render.dumps(render.export_json(passage)) + "\n")


@cli.command(short_help="Passages and documents, counted per tag.",
             epilog=examples("govsearch stats", "govsearch --index ~/reports-index stats --json"))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@index_option
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


@cli.command(epilog=examples("govsearch show f03666d2cbe7-0061    # an id that query printed",
                             "govsearch show f03666d2cbe7-0061 --json"))
@click.argument("passage_id")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Bold the passage: auto means on a terminal and NO_COLOR unset.")
@index_option
@click.pass_context
def show(ctx, passage_id, as_json, color):
    """One passage whole, with its tags and the passages around it."""
    with _errors():
        with _open(ctx) as ix:
            try:
                passage = ix.passage(passage_id)
            except Gone as exc:  # an id once held: nothing found, which is no user mistake
                click.echo(f"govsearch: {render.safe_line(str(exc))}", err=True)
                ctx.exit(1)
    if passage.moved_from:
        click.echo(f"govsearch: {passage.moved_from} moved: its text is at {passage.id} now", err=True)
    elif passage.earlier_text_at is not None:
        went = f"is at {passage.earlier_text_at} now" if passage.earlier_text_at else "is gone"
        click.echo(f"govsearch: {passage.id} held another text before its document was cut anew; that text {went}",
                   err=True)
    if as_json:
        click.echo(render.dumps(render.passage_json(passage)))
    else:
        use = _use_color(color)
        click.echo(render.passage_text(passage, color=use), nl=False, color=use)


@cli.command(short_help="A local web page over the index.",
             epilog=examples("govsearch serve    # then open http://127.0.0.1:8000",
                             "govsearch --index ~/reports-index serve --port 8080"))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; other than loopback, the page is open to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--token", envvar="GOVSEARCH_TOKEN", default="",
              help="Require this token [env GOVSEARCH_TOKEN]: open /?token=TOKEN once (a cookie keeps it) "
                   "or send Authorization: Bearer TOKEN.")
@click.option("--no-files", is_flag=True, help="Do not serve the original files (/file/).")
@index_option
@click.pass_context
def serve(ctx, host, port, token, no_files):
    """A local web page over the index: search, facets, documents, originals, compare. Ctrl-C stops it."""
    from . import web  # Jinja2 and the server load only for this command

    if not token.strip() and ctx.get_parameter_source("token") is click.core.ParameterSource.COMMANDLINE:
        # --token "$UNSET": a token asked for, none given; never an open server the user thinks is closed
        raise CliError("--token is empty: give the token users must send, or leave --token out")
    with _errors():
        with _open(ctx) as ix:
            web.serve(ix, host=host, port=port, files=not no_files, token=token,
                      warn=lambda line: click.echo(line, err=True))


def main():
    cli(prog_name="govsearch")
