"""The README and the docs/ pages held to the program.

Every transcript (a block opening with ``$ govsearch``) and every Python example
followed by its output is run, page by page, in a folder of its own holding a
copy of ``seeds/`` (and the files the page's transcripts index), and must print
what the page shows. In a shown output, ``…`` stands for any text within a line
and a line of ``…`` alone for any lines; the wrapped JSON of a ``--json`` command
is one line; durations (``in 1.96 s``) are not compared. Benchmarks (blocks that
run ``scripts/…``) are not run: they say the command and the date instead.

Passage ids derive from a file's bytes, so the pages show the ids a fresh clone
prints, compared as they are. ``SHOWN_IDS`` names the file of each document id
the pages show (the seeds, the sample reports, the files the pages index), and a
test holds each to its file's SHA-256.

docs/commands.md documents every option of every command's ``--help`` and no
other; ``govsearch`` alone and each ``--help`` end with examples that parse.
"""

import hashlib
import re
import shlex
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import govsearch
from govsearch.cli import FILTERS, cli

from conftest import ROOT, SAMPLES, SEEDS

SHOWN_IDS = {
    "f03666d2cbe7": "seeds/000_307e6f16d3c1f9ec.txt",
    "b43588f54fd1": "seeds/002_bce41eec62ac8786.txt",
    "3ff7a3879ba1": "reports/paper.pdf",
    "78c7b89c5a1e": "reports/2024.zip/2024/天宁区.txt",
    "17805f536f1f": "copies/report.txt",
    "d47cdcb575cf": "copies/report.html",
    "519e98c0de11": "samples/docx-2025/2025年江苏省政府工作报告.docx",
    "210e68f61323": "samples/national/2024年中华人民共和国国务院政府工作报告.txt",
}
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README_LIMIT = 12_000
ID = re.compile(r"\b([0-9a-f]{12})-\d{4}\b")


def page_id(page):
    return page.relative_to(ROOT).as_posix()


# transcripts

TRANSCRIPT = re.compile(r"^```\n(\$ govsearch .*?)^```", re.S | re.M)
EXIT_STATUS = '; echo "exit $?"'


def transcripts(text):
    """``[(command, shown output)]`` of every transcript block of a page, in order."""
    runs = []
    for block in TRANSCRIPT.findall(text):
        for piece in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, shown = piece.partition("\n")
            runs.append((command, shown))
    return runs


def expected(shown, one_line):
    """A regular expression of a shown output (see the module's docstring)."""
    if one_line:
        shown = re.sub(r"\n[ \t]+", " ", shown)
    shown = _timeless(shown)
    pattern = ""
    for line in shown.splitlines():
        if line == "…":
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += r"[^\n]*?".join(re.escape(piece) for piece in line.split("…")) + r"\n"
    return re.compile(pattern)


def _timeless(text):
    return re.sub(r"\bin \d+(?:\.\d+)? s\b", "in … s", text)


def run_transcript(command, shown, runner):
    """``None`` when the command prints what the page shows, else a message saying what it printed."""
    status = command.endswith(EXIT_STATUS)
    args = shlex.split(command.removesuffix(EXIT_STATUS))[1:]
    result = runner.invoke(cli, args)
    output = result.output + (f"exit {result.exit_code}\n" if status else "")
    if expected(shown, "--json" in args).fullmatch(_timeless(output)):
        return None
    return f"$ {command}\n--- shown\n{shown}--- printed (exit {result.exit_code})\n{output}"


# Python examples: a ```python block followed by a ```text block of what it prints

EXAMPLE = re.compile(r"^```python\n(.*?)^```\n\n```text\n(.*?)^```", re.S | re.M)


def demo_reports(folder):
    """What the pages index: ``reports/`` (a newspaper PDF, a GBK web page, a zip, three other files), ``scan.pdf``,
    ``copies/`` (one report as a text file, a byte copy of it and a web page)."""
    from pdf_fixtures import newspaper, scanned
    from test_cli_readers import PAGE, PARAGRAPHS
    from test_ids import report_text, web_page

    reports = folder / "reports"
    (reports / "web").mkdir(parents=True)
    newspaper(reports / "paper.pdf", PARAGRAPHS)
    (reports / "web" / "page.html").write_bytes(PAGE.encode("gbk"))
    with zipfile.ZipFile(reports / "2024.zip", "w") as archive:
        archive.writestr("2024/天宁区.txt", "天宁区推进老旧小区加装电梯工作。\n")
    for name in ("a.xls", "b.xls", "c.gif"):
        (reports / name).write_bytes(b"x")
    scanned(folder / "scan.pdf")
    copies = folder / "copies"
    copies.mkdir()
    (copies / "report.txt").write_text(report_text(), encoding="utf-8")
    (copies / "saved again.txt").write_text(report_text(), encoding="utf-8")
    (copies / "report.html").write_text(web_page(report_text()), encoding="utf-8")


def session(tmp_path, monkeypatch, text, seed_index):
    """A folder to run a page in: ``seeds/`` (indexed), the files the page indexes, ``../shared/samples``."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(SEEDS, work / "seeds")
    if "reports" in text or "copies" in text:
        demo_reports(work)
    if SAMPLES.is_dir():
        (tmp_path / "shared").mkdir()
        (tmp_path / "shared" / "samples").symlink_to(SAMPLES, target_is_directory=True)
    monkeypatch.chdir(work)
    monkeypatch.delenv("GOVSEARCH_INDEX", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    first = next(iter(transcripts(text)), None)
    if first and not first[0].startswith("govsearch index") and "no index in index yet" not in first[1]:
        shutil.copytree(seed_index, work / "index")  # a page that does not begin by indexing reads the seeds'


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_transcript_and_example_of_a_page_prints_what_it_shows(page, tmp_path, monkeypatch, capsys,
                                                                      seed_index):
    text = page.read_text(encoding="utf-8")
    if any("shared/samples" in command for command, _ in transcripts(text)) and not SAMPLES.is_dir():
        pytest.skip(f"{page_id(page)} runs over the sample reports, absent here ({SAMPLES})")
    session(tmp_path, monkeypatch, text, seed_index)
    runner = CliRunner()
    wrong = [message for command, shown in transcripts(text)
             if (message := run_transcript(command, shown, runner))]
    assert not wrong, "\n\n".join(wrong)
    for code, shown in EXAMPLE.findall(text):
        exec(compile(code, page_id(page), "exec"), {"__name__": "docs"})
        assert capsys.readouterr().out == shown


def test_the_pages_run_transcripts_of_every_command_but_serve():
    commands = {shlex.split(command)[1:][0] for page in PAGES
                for command, _ in transcripts(page.read_text(encoding="utf-8"))
                if not command.split()[1].startswith("--")}
    assert commands == set(cli.commands) - {"serve"}


@pytest.mark.parametrize("shown, printed, matches", [
    ("a … b\n", "a xyz b\n", True), ("a … b\n", "a xyz c\n", False),
    ("one\n…\nfour\n", "one\ntwo\nthree\nfour\n", True), ("one\n…\nfour\n", "one\ntwo\n", False),
    ("x in 1.96 s\n", "x in 11.35 s\n", True), ('{"a": 1,\n "b": 2}\n', '{"a": 1, "b": 2}\n', True),
    ("exactly\n", "exactly\nmore\n", False),
])
def test_a_shown_output_matches_what_it_stands_for_and_nothing_else(shown, printed, matches):
    assert bool(expected(shown, one_line="{" in shown).fullmatch(_timeless(printed))) is matches


# ids

def shown_file(name, demo):
    """The bytes of a ``SHOWN_IDS`` file: ``seeds/…``, ``samples/…``, else one ``demo_reports`` makes
    (``archive.zip/member`` a member's own); ``None`` for a sample absent here."""
    folder, _, rest = name.partition("/")
    base = {"seeds": SEEDS, "samples": SAMPLES}.get(folder, demo / folder)
    archive, _, member = rest.partition(".zip/")
    if member:
        with zipfile.ZipFile(base / f"{archive}.zip") as opened:
            return opened.read(member)
    return (base / rest).read_bytes() if (base / rest).exists() or folder != "samples" else None


def test_every_id_the_pages_show_is_its_files_digest(tmp_path):
    demo_reports(tmp_path)
    for shown, name in SHOWN_IDS.items():
        data = shown_file(name, tmp_path)
        assert data is None or hashlib.sha256(data).hexdigest()[:12] == shown, name
    for page in PAGES:
        named = set(re.findall(r"\b[0-9a-f]{12}\b", page.read_text(encoding="utf-8")))
        assert named <= set(SHOWN_IDS), (page_id(page), named - set(SHOWN_IDS))


# README and links

def test_the_readme_is_read_in_five_minutes():
    assert len((ROOT / "README.md").read_text(encoding="utf-8")) <= README_LIMIT


def test_ci_runs_the_readme_test_command_exactly():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^pip install -e '\.\[test\]' && pytest$", readme, re.M)[0]
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip("\n").splitlines()[-1] == command


def test_the_readme_and_the_docs_index_link_every_page():
    pages = {page.name for page in PAGES[1:]} - {"README.md"}
    readme, index = ((ROOT / name).read_text(encoding="utf-8") for name in ("README.md", "docs/README.md"))
    assert set(re.findall(r"\]\(docs/(\w+\.md)\)", readme)) == pages | {"README.md"}
    assert set(re.findall(r"\]\((\w+\.md)\)", index)) == pages


def _anchor(heading):
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_link_of_a_page_leads_somewhere(page):
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)\s]+)\)|src=\"([^\"]+)\"", text):
        target = target[0] or target[1]
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page_id(page)}: {target}"
        if anchor:
            headings = re.findall(r"^#+ (.*)$", linked.read_text(encoding="utf-8"), re.M)
            assert anchor in {_anchor(h) for h in headings}, f"{page_id(page)}: {target}"


# docs/commands.md against --help

COMMANDS = ROOT / "docs" / "commands.md"


def _options(text):
    return set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text))


def _help_options(command):
    return {opt for param in command.params for opt in param.opts + param.secondary_opts
            if opt.startswith("--")} - {"--help"}


def _sections(text):
    """``{heading: body}`` of a page's ``##`` sections."""
    parts = re.split(r"^## (.*)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def _table_options(section):
    """The options a section's tables document: those in their rows' first cells."""
    return _options("".join(re.findall(r"^\| (.*?) \|", section, re.M)))


def test_every_option_of_help_is_on_the_commands_page_and_back():
    sections = _sections(COMMANDS.read_text(encoding="utf-8"))
    common = _table_options(sections["Every command"])
    assert common == _help_options(cli) | {"--help"}
    filters = _table_options(sections["Filters"])
    assert filters == {f"--{name}" for name in FILTERS} | {"--all-copies"}
    for name, command in cli.commands.items():
        section = sections[f"`{name}`"]
        documented = _table_options(section) | {"--index"}
        if "[filters]" in section.partition("\n\n")[2].partition("\n\n")[0]:
            documented |= filters
        assert documented == _help_options(command), name


def test_every_option_the_pages_name_exists():
    every = _help_options(cli) | {"--help"} | {o for c in cli.commands.values() for o in _help_options(c)}
    scripts = {option for path in (ROOT / "scripts").iterdir() if path.is_file()
               for option in re.findall(r"[\"'](--[a-z][a-z-]*)[\"']", path.read_text(encoding="utf-8"))}
    dask = {"--nworkers", "--nthreads"}  # docs/cluster.md starts Dask's own workers
    for page in PAGES:
        named = _options(page.read_text(encoding="utf-8"))
        assert named <= every | scripts | dask, (page_id(page), named - every - scripts - dask)


# govsearch alone, and --help's examples

def _parses(line):
    """The command an example line runs, after checking that Click parses it."""
    words = shlex.split(line.partition("#")[0].partition(">")[0])
    assert words[0] == "govsearch"
    name = next(word for word in words if word in cli.commands)
    at = words.index(name)
    parent = cli.make_context("govsearch", words[1:at + 1])
    parent.obj = {}
    cli.commands[name].make_context(name, words[at + 1:], parent=parent)
    return name


def _width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def test_govsearch_alone_shows_three_examples_and_the_commands():
    result = CliRunner().invoke(cli, [])
    assert (result.exit_code, result.stdout) == (2, "")
    examples = [line for line in result.stderr.splitlines() if line.startswith("  govsearch ")]
    assert [_parses(line.split("   ")[0]) for line in examples] == ["index", "query", "compare"]
    gaps = [re.match(r"(.*?\S)( {3,})\S", line) for line in examples]
    assert len({_width(gap[1]) + len(gap[2]) for gap in gaps}) == 1  # the descriptions line up
    listed = re.search(r"^Commands: (.*)$", result.stderr, re.M)[1].split(", ")
    assert listed == sorted(cli.commands)


@pytest.mark.parametrize("name", sorted(cli.commands) + [None])
def test_every_help_ends_with_examples_of_its_command(name):
    args = [name, "--help"] if name else ["--help"]
    lines = CliRunner().invoke(cli, args).stdout.rstrip("\n").split("\n")
    start = lines.index("  Examples:")
    examples = [line.strip() for line in lines[start + 1:]]
    assert examples and all(line.startswith("    govsearch ") for line in lines[start + 1:])
    ran = [_parses(line) for line in examples]
    if name:
        assert set(ran) == {name}
    for line in examples:
        assert {m[1] for m in ID.finditer(line)} <= set(SHOWN_IDS), line
