"""A gate that holds the build task of one file on a Dask worker until a test opens it.

Loaded into each worker process by ``LocalDask(..., preload=dask_gate.__file__)``
(Dask's ``dask worker --preload``: ``dask_setup(worker)`` runs as the worker
starts, a restarted one too); the gate's folder is named by ``$GOVSEARCH_GATE``,
set before the workers start. The test's side is ``Gate``: it names the file to
hold, learns which worker process is running that file's task and waiting (a
worker busy for sure, not by chance), and opens the gate. Without a held file a
worker builds as any other.
"""

import os
import time
from pathlib import Path

ENV = "GOVSEARCH_GATE"
WAIT_SECONDS = 120  # a test that never opens the gate fails on what it checks rather than hangs


class Gate:
    """``hold(path)`` before the build; ``running()``, ``{process id: worker address}`` of each task of it that
    reached the gate; ``open()``."""

    def __init__(self, folder):
        self.folder = Path(folder)
        (self.folder / "running").mkdir(parents=True, exist_ok=True)

    def hold(self, path):
        (self.folder / "hold").write_text(Path(path).name, encoding="utf-8")

    def running(self):
        return {int(f.name): f.read_text(encoding="utf-8") for f in (self.folder / "running").iterdir()}

    def open(self):
        (self.folder / "open").touch()


def dask_setup(worker):
    from govsearch import build

    prepare = build._prepare  # what cluster._prepare_at calls, by the module's name, for each file

    def held(job):
        _wait(Path(os.environ[ENV]), Path(job[0]).name, worker.address)
        return prepare(job)

    build._prepare = held


def _wait(gate, name, address):
    hold = gate / "hold"
    if not hold.exists() or hold.read_text(encoding="utf-8") != name:
        return
    writing = gate / f"{os.getpid()}.tmp"
    writing.write_text(address, encoding="utf-8")
    os.replace(writing, gate / "running" / str(os.getpid()))  # never read half written
    deadline = time.monotonic() + WAIT_SECONDS
    while not (gate / "open").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
