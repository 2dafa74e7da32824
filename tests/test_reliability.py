"""Reliability: killed builds, readers during writes, two writers, old schemas, hostile queries and documents."""

import errno
import json
import os
import shutil
import signal
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import govsearch
from govsearch import build, storage
from govsearch.cli import cli

from conftest import SEEDS
from conftest import build as build_index

GOVSEARCH = [sys.executable, "-m", "govsearch"]


def make_corpus(folder, copies, extra=""):
    """``copies`` distinct copies of the seeds (enough work for a build to last a while)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for seed in SEEDS.iterdir():
            (folder / f"{n:03d}_{seed.name}").write_text(
                seed.read_text(encoding="utf-8") + f"\n\n副本{n}。{extra}\n", encoding="utf-8")
    return folder


def totals(index_dir, *terms):
    """Every passage's matches: the copies of the seeds below are copies of one another (``copies``)."""
    with govsearch.Index(index_dir) as ix:
        return tuple(ix.search(term, limit=1, all_copies=True).total for term in terms)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """An index of a modest corpus, and a second corpus whose rebuild takes a few seconds."""
    root = tmp_path_factory.mktemp("reliability")
    old = make_corpus(root / "old", 2)
    new = make_corpus(root / "new", 3, extra="量子纠缠。")
    build_index(root / "ix", [old])
    return root, old, new


OLD_TOTALS = (10, 0)  # 营商环境 and 量子纠缠 in two copies of the seeds
NEW_TOTALS = (15, 6)  # in three copies, each with 量子纠缠 added


def copy_index(built, tmp_path):
    root, _, _ = built
    shutil.copytree(root / "ix", tmp_path / "ix", symlinks=True)
    return tmp_path / "ix"


# runs the CLI with a checkpoint hook (see ``build``): at the named point (its
# ``times``-th passage, for "batch-committed*3") it says so on stdout, then waits
# until the file named second exists; batches are of BATCH_FILES files
PAUSING = """
import os, sys, time
from pathlib import Path
from govsearch import build, cli
point, go = sys.argv[1], Path(sys.argv[2])
point, _, times = point.partition("*")
passed = [0]
build.BATCH_FILES, build.MAX_BATCHES = int(os.environ.get("BATCH_FILES", "64")), 1000

def pause(name):
    if name == point:
        passed[0] += 1
    if name == point and passed[0] == int(times or 1):
        print("at " + name, flush=True)
        while not go.exists():
            time.sleep(0.01)

build.on_checkpoint = pause
sys.argv = ["govsearch", *sys.argv[3:]]
cli.main()
"""


def pausing(point, go, *args, batch_files=64):
    """A rebuild that stops at the checkpoint ``point`` until ``go`` exists; returns once it got there."""
    proc = subprocess.Popen([sys.executable, "-c", PAUSING, point, str(go), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, start_new_session=True,
                            env={**os.environ, "BATCH_FILES": str(batch_files)})
    assert proc.stdout.readline().strip() == f"at {point.partition('*')[0]}"
    return proc


def passages(index_dir):
    with govsearch.Index(index_dir) as ix:
        return [p.to_dict() for p in ix.passages()]


def reads_counted(monkeypatch, log):
    """Make every read of a file (in this process or a worker forked from it) append its path to ``log``."""
    read = build.readers.read

    def counted(path, *args, **kwargs):
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{path}\n")
        return read(path, *args, **kwargs)

    monkeypatch.setattr(build.readers, "read", counted)


# killed when a batch is committed, or when the third batch's progress is saved but its segment not yet committed
@pytest.mark.parametrize("point, batches_done", [("batch-committed*1", 1), ("batch-committed*2", 2),
                                                 ("batch-committed*3", 3), ("progress-saved*3", 2)])
def test_a_killed_build_goes_on_from_its_last_committed_batch(built, tmp_path, monkeypatch, point, batches_done):
    root, old, new = built
    ix = copy_index(built, tmp_path)
    args = ["--index", str(ix), "index", "--rebuild", str(new)]
    proc = pausing(point, tmp_path / "never", *args, batch_files=2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert totals(ix, "营商环境", "量子纠缠") == OLD_TOTALS  # the live index is the old one, untouched
    monkeypatch.setattr(build, "BATCH_FILES", 2)
    monkeypatch.setattr(build, "MAX_BATCHES", 1000)
    log = tmp_path / "reads"
    log.touch()
    reads_counted(monkeypatch, log)
    with govsearch.Index(ix) as opened:
        report = opened.update([new], rebuild=True)
    files = len(list(new.iterdir()))
    assert report.resumed == 2 * batches_done  # the files of the committed batches...
    assert len(log.read_text(encoding="utf-8").splitlines()) == files - 2 * batches_done  # ...are not read again
    assert report.files == files - 2 * batches_done
    assert totals(ix, "营商环境", "量子纠缠") == NEW_TOTALS
    clean = tmp_path / "clean"
    build_index(clean, [new])
    assert passages(ix) == passages(clean)  # same ids, same passages, same tags
    assert len(storage.generations(ix)) <= 2


def test_another_command_does_not_go_on_from_a_killed_build(built, tmp_path):
    root, old, new = built
    ix = copy_index(built, tmp_path)
    proc = pausing("batch-committed*2", tmp_path / "never", "--index", str(ix), "index", "--rebuild", str(new),
                   batch_files=2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    with govsearch.Index(ix) as opened:
        report = opened.update([old], rebuild=True)
    assert report.resumed == 0
    assert totals(ix, "营商环境", "量子纠缠") == OLD_TOTALS
    assert len(storage.generations(ix)) <= 2


@pytest.mark.parametrize("point", build.CHECKPOINTS)
def test_a_build_killed_at_any_point_leaves_a_whole_index(built, tmp_path, point):
    root, old, new = built
    ix = copy_index(built, tmp_path)
    before = totals(ix, "营商环境", "量子纠缠")
    proc = pausing(point, tmp_path / "never", "--index", str(ix), "index", "--rebuild", str(new))
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = totals(ix, "营商环境", "量子纠缠")
    if point == "switched":  # the new generation was live already
        assert after == NEW_TOTALS
    else:
        assert after == before == OLD_TOTALS
    # the next run recovers by itself
    result = subprocess.run([*GOVSEARCH, "--index", str(ix), "index", str(old)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(storage.generations(ix)) <= 2


def test_readers_during_a_rebuild_see_old_or_new(built, tmp_path):
    root, old, new = built
    ix = copy_index(built, tmp_path)
    go = tmp_path / "go"
    proc = pausing("manifest-written", go, "--index", str(ix), "index", "--rebuild", str(new))
    try:
        during = totals(ix, "营商环境", "量子纠缠")  # everything is written but not yet switched to
        assert proc.poll() is None
        go.touch()
        seen = set()
        while proc.poll() is None:
            seen.add(totals(ix, "营商环境", "量子纠缠"))
    finally:
        proc.kill()
        proc.wait()
    assert during == OLD_TOTALS
    assert seen <= {OLD_TOTALS, NEW_TOTALS}
    assert totals(ix, "营商环境", "量子纠缠") == NEW_TOTALS


def test_a_second_writer_stops_with_a_clear_message(built, tmp_path, runner):
    ix = copy_index(built, tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from govsearch import storage; "
         "storage.WriteLock(sys.argv[1]).__enter__(); print('locked', flush=True); time.sleep(60)", str(ix)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = runner.invoke(cli, ["--index", str(ix), "index", str(built[1])])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 2
    assert f"being written by process {holder.pid}" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert runner.invoke(cli, ["--index", str(ix), "query", "营商环境"]).exit_code == 0


def test_an_incompatible_index_asks_for_a_rebuild(built, tmp_path, runner):
    ix = copy_index(built, tmp_path)
    manifest_path = storage.live(ix) / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest_path.unlink()  # a hard link shared with nobody else now, but replace, never edit, in place
    manifest_path.write_text(json.dumps({**manifest, "version": 999}), encoding="utf-8")
    for args in (["query", "营商环境"], ["index", str(built[1])], ["stats"]):
        result = runner.invoke(cli, ["--index", str(ix), *args])
        assert result.exit_code == 2
        assert "govsearch index --rebuild" in result.output
    assert runner.invoke(cli, ["--index", str(ix), "index", "--rebuild", str(built[1])]).exit_code == 0
    assert runner.invoke(cli, ["--index", str(ix), "query", "营商环境"]).exit_code == 0


def test_a_full_disk_leaves_the_old_index(built, tmp_path, runner, monkeypatch):
    ix = copy_index(built, tmp_path)
    before = totals(ix, "营商环境")

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build.blocks, "write", full)
    result = runner.invoke(cli, ["--index", str(ix), "index", "--rebuild", str(built[2])])
    assert result.exit_code == 2
    assert "No space left on device" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert totals(ix, "营商环境") == before
    assert storage.generations(ix) == [storage.live(ix)]


def test_an_unwritable_index_place_is_a_clear_error(tmp_path, runner):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(cli, ["--index", str(blocker / "ix"), "index", str(SEEDS)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_large_files_are_skipped_with_a_message(tmp_path, runner):
    docs = tmp_path / "docs"
    shutil.copytree(SEEDS, docs)
    (docs / "huge.txt").write_text("营商环境。" * 300_000, encoding="utf-8")
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "index", "--max-size", "1", str(docs)])
    assert result.exit_code == 0
    assert "huge.txt" in result.stderr and "--max-size" in result.stderr
    out = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "query", "营商环境", "--json"])
    assert json.loads(out.stdout)["total"] == 5


HOSTILE = ['"', '"营商', "(", ")", "((营商", "OR", "-", "--", "- OR -", "营商 OR", "OR 营商", "-营商",
           "🙂", "营商🙂环境", "\x1b[31m", "\x07", "\x00", "a" * 20_000, "营商" * 5000, "\u202e", "\ufffd",
           "*", "?", "\\", "'", "营商\n环境", " ", ""]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries(seed_index, runner, text):
    for args in (["query", "--json", "--", text], ["query", text]):
        result = runner.invoke(cli, ["--index", str(seed_index), *args])
        assert result.exit_code in (0, 1, 2), result.output
        assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
        if result.exit_code == 2:
            assert len(result.output.strip().splitlines()) == 1
        elif "--json" in args:
            json.loads(result.stdout)


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_query_string(seed_index, text):
    from click.testing import CliRunner

    result = CliRunner().invoke(cli, ["--index", str(seed_index), "query", "--json", "--", text])
    assert result.exit_code in (0, 1, 2)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code in (0, 1):
        data = json.loads(result.stdout)
        assert data["total"] == len(data["hits"]) or len(data["hits"]) == 20
    else:
        assert len(result.output.strip().splitlines()) == 1


def test_control_characters_never_reach_the_terminal(tmp_path, runner):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "evil\x1b[2J.txt").write_text("# 标题\x07\n\n优化营商环境\x1b]0;pwned\x07，清屏\x1b[2J。\n", encoding="utf-8")
    run = ["--index", str(tmp_path / "ix")]
    indexed = runner.invoke(cli, [*run, "index", str(docs)])
    assert "\x1b" not in indexed.output
    for args in (["query", "营商环境", "--color", "never"], ["query", "营商环境", "--color", "always"]):
        out = runner.invoke(cli, [*run, *args]).output
        assert "\x07" not in out and "\x1b]" not in out and "\x1b[2J" not in out
    data = runner.invoke(cli, [*run, "query", "营商环境", "--json"]).stdout
    assert "\x1b" not in data and "\x07" not in data
    assert "\x1b[2J" in json.loads(data)["hits"][0]["text"]
    hit_id = json.loads(data)["hits"][0]["id"]
    for args in (["show", hit_id], ["export"], ["stats"]):
        out = runner.invoke(cli, [*run, *args]).output
        assert "\x07" not in out and "\x1b" not in out
