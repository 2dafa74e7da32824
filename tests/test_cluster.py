"""Building on a Dask cluster (``index --cluster``): a real scheduler and two worker processes on loopback.

The same index as a local build, a worker killed in the middle, the scheduler
killed and the build gone on with here, a file a worker cannot read told as a
local build tells it. Skipped without Dask (``pip install -e '.[test]'`` has it).
"""

import os
import signal

import pytest

import govsearch
from govsearch import build, cluster, readers
from govsearch.cli import cli

from conftest import build as build_index
from test_reliability import make_corpus

distributed = pytest.importorskip("distributed", reason="Dask distributed is not installed (govsearch[cluster])")

import dask_gate  # noqa: E402
from dask_cluster import LocalDask, wait_until  # noqa: E402  (needs distributed)

QUERIES = ("营商环境", "副本3", "量子纠缠")


@pytest.fixture(scope="module")
def dask(tmp_path_factory):
    with LocalDask(tmp_path_factory.mktemp("dask")) as running:
        yield running


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Five copies of the seeds and the index a local build makes of them."""
    root = tmp_path_factory.mktemp("cluster")
    folder = make_corpus(root / "docs", 5)
    build_index(root / "local", [folder])
    return folder, root / "local"


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    """Batches of two files: a build of ten files commits five times."""
    monkeypatch.setattr(build, "BATCH_FILES", 2)
    monkeypatch.setattr(build, "MAX_BATCHES", 1000)


def export(runner, index_dir):
    result = runner.invoke(cli, ["--index", str(index_dir), "export"])
    assert result.exit_code == 0, result.output
    return sorted(result.output.splitlines())


def ranked(index_dir):
    """Each query's hits as (score, id, tags), by score (ties by id: the order of equal scores is free)."""
    with govsearch.Index(index_dir) as ix:
        return {q: sorted((-h.score, h.id, sorted(h.tags.items())) for h in ix.search(q, limit=0).hits)
                for q in QUERIES}


def index_on(runner, dask, index_dir, *args):
    return runner.invoke(cli, ["--index", str(index_dir), "index", *map(str, args), "--cluster", dask.address])


def test_a_cluster_build_is_the_local_build(runner, dask, corpus, tmp_path):
    folder, local = corpus
    result = index_on(runner, dask, tmp_path / "ix", folder)
    assert result.exit_code == 0, result.output
    assert f"building on {dask.address}: 2 worker threads" in result.stderr
    assert "10 files (10 new" in result.stderr
    assert export(runner, tmp_path / "ix") == export(runner, local)
    assert ranked(tmp_path / "ix") == ranked(local)


def test_files_sent_to_the_workers_give_the_local_build(runner, dask, corpus, tmp_path):
    folder, local = corpus
    result = index_on(runner, dask, tmp_path / "ix", folder, "--send-files")
    assert result.exit_code == 0, result.output
    assert export(runner, tmp_path / "ix") == export(runner, local)  # sources: the files here, not the copies read


def test_workers_read_the_files_where_shared_root_says(runner, dask, tmp_path):
    """Here the files say 量子纠缠 nowhere; where the workers are told to read them, they do."""
    here = make_corpus(tmp_path / "here", 1)
    there = make_corpus(tmp_path / "there", 1, extra="量子纠缠。")
    build_index(tmp_path / "local", [there])
    result = index_on(runner, dask, tmp_path / "ix", here, "--shared-root", f"{here}={there}")
    assert result.exit_code == 0, result.output
    assert export(runner, tmp_path / "ix") == [line.replace(str(there), str(here))
                                              for line in export(runner, tmp_path / "local")]


def test_a_named_file_a_worker_cannot_read_is_told_as_here(runner, dask, corpus, tmp_path):
    folder, _ = corpus
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not a PDF at all")
    here = runner.invoke(cli, ["--index", str(tmp_path / "here"), "index", str(folder), str(broken)])
    there = index_on(runner, dask, tmp_path / "there", folder, broken)
    assert (here.exit_code, there.exit_code) == (2, 2)
    told = [line for line in here.stderr.splitlines() if "broken.pdf" in line]
    assert len(told) == 1
    assert [line for line in there.stderr.splitlines() if "broken.pdf" in line] == told
    assert export(runner, tmp_path / "there") == export(runner, tmp_path / "here")


def test_cluster_options_need_dask_and_a_scheduler(runner, tmp_path, monkeypatch):
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "index", str(tmp_path), "--send-files"])
    assert (result.exit_code, result.stderr) == (2, "Error: --send-files needs --cluster\n")
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "index", str(tmp_path), "--cluster",
                                 "tcp://127.0.0.1:9", "--shared-root", "nothing"])
    assert (result.exit_code, result.stderr) == (
        2, "Error: --shared-root 'nothing': expected CLIENT=WORKER, two path prefixes\n")
    monkeypatch.setitem(__import__("sys").modules, "distributed", None)  # as without the extra
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "index", str(tmp_path)],
                           env={"GOVSEARCH_CLUSTER": "tcp://127.0.0.1:9"})
    assert (result.exit_code, result.stderr) == (
        2, "Error: --cluster needs Dask distributed: pip install 'govsearch[cluster]'\n")


def test_no_scheduler_is_one_line(runner, tmp_path):
    from dask_cluster import free_port

    address = f"tcp://127.0.0.1:{free_port()}"
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "index", str(tmp_path), "--cluster", address])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {address}: no Dask scheduler answers (")
    assert result.stderr.count("\n") == 1


def test_a_worker_killed_mid_build_loses_nothing(runner, corpus, tmp_path, monkeypatch):
    """The worker killed is the one running the held file's task, which waits at a gate (tests/dask_gate.py)
    until it is dead: busy by construction, not by the machine's load."""
    folder, local = corpus
    gate = dask_gate.Gate(tmp_path / "gate")
    # the last file is in the last batch (of five or more), sent only when one has come back (four are in
    # flight): the first commit waits for no held task, and the kill then waits for the held one to start
    gate.hold(readers.find_files([folder]).files[-1])
    monkeypatch.setenv(dask_gate.ENV, str(gate.folder))
    killed = []
    with LocalDask(tmp_path / "dask", preload=dask_gate.__file__) as dask:
        def kill_the_held_worker(name):
            if name == "batch-committed" and not killed:
                wait_until(gate.running, seconds=60)
                [(pid, worker)] = gate.running().items()
                assert dask.worker_pids()[worker] == pid
                os.kill(pid, signal.SIGKILL)  # its nanny starts another
                killed.append(pid)
                wait_until(lambda: worker not in dask.connected_workers())  # dead: it cannot go past the gate
                gate.open()

        monkeypatch.setattr(build, "on_checkpoint", kill_the_held_worker)
        result = index_on(runner, dask, tmp_path / "ix", folder)
    assert killed, "the held file's task never started"
    assert set(gate.running()) - set(killed), "the held file's task was not run again after its worker was killed"
    assert result.exit_code == 0, result.output
    assert "10 files (10 new" in result.stderr
    assert export(runner, tmp_path / "ix") == export(runner, local)


def test_the_scheduler_gone_then_the_build_goes_on_here(runner, corpus, tmp_path, monkeypatch):
    folder, local = corpus
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 3)  # how long the client tries to reach it again
    with LocalDask(tmp_path / "dask") as dying:
        def kill_the_scheduler(name):
            if name == "batch-committed" and dying.scheduler.poll() is None:
                dying.kill_scheduler()

        monkeypatch.setattr(build, "on_checkpoint", kill_the_scheduler)
        result = index_on(runner, dying, tmp_path / "ix", "--rebuild", folder)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[1:] == [
        f"Error: {dying.address}: the scheduler is gone; run the same command again (without --cluster to build "
        "here) to go on from the last committed batch"]
    monkeypatch.setattr(build, "on_checkpoint", None)
    with govsearch.Index(tmp_path / "ix") as ix:
        report = ix.update([folder], rebuild=True)
    assert report.resumed == 2  # the first batch, committed before the scheduler went
    assert report.files == 8
    assert export(runner, tmp_path / "ix") == export(runner, local)


def test_scanned_pages_are_read_on_the_workers_into_the_cache_here(runner, dask, tmp_path):
    from govsearch.readers import ocr

    scan_fixtures = pytest.importorskip("scan_fixtures", reason="Pillow (from the OCR extra) is not installed")
    if not ocr.available() or not scan_fixtures.available():
        pytest.skip("the OCR engine (pip install 'govsearch[ocr]') or fonts-noto-cjk is not installed")
    typeset = scan_fixtures.Typeset(*(lambda p: (p[0], p[1:5]))(scan_fixtures.seed_paragraphs("000")),
                                    lines_per_page=16)
    folder = tmp_path / "scans"
    folder.mkdir()
    scan_fixtures.save_pdf([scan_fixtures.scan(page, seed=n) for n, page in enumerate(typeset.pages[:2])],
                           folder / "报告.pdf")
    (folder / "说明.txt").write_text("常州市钟楼区政府工作报告\n\n坚持稳中求进工作总基调。", encoding="utf-8")
    here = runner.invoke(cli, ["--index", str(tmp_path / "here"), "index", str(folder)])
    there = index_on(runner, dask, tmp_path / "there", folder, "--send-files")
    assert (here.exit_code, there.exit_code) == (0, 0), there.output
    assert export(runner, tmp_path / "there") == export(runner, tmp_path / "here")
    cached = sorted(p.name for p in (tmp_path / "there" / ocr.CACHE).rglob("*.json"))
    assert cached == sorted(p.name for p in (tmp_path / "here" / ocr.CACHE).rglob("*.json"))
    assert len(cached) == 2  # each page, read on a worker, kept here


def test_workers_under_dasks_malloc_trimming_are_said(runner, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("常州市钟楼区政府工作报告\n\n坚持稳中求进工作总基调。", encoding="utf-8")
    with LocalDask(tmp_path / "dask", workers=1, trimming=True) as trimming:
        result = index_on(runner, trimming, tmp_path / "ix", tmp_path / "docs")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1] == ("govsearch: 1 workers run with MALLOC_TRIM_THRESHOLD_ set (Dask's "
                                             "default), which doubles the CPU of OCR; see docs/cluster.md")
