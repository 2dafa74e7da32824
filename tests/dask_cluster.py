"""A Dask scheduler and its workers as separate processes on loopback, as a user starts them.

``dask scheduler --host 127.0.0.1 --port P`` and ``dask worker tcp://127.0.0.1:P
--nworkers N --nthreads 1``, each in a session of its own, stopped by their
process ids. Used by tests/test_cluster.py and ``scripts/bench --cluster``.
``preload`` is Dask's own ``dask worker --preload``: a module whose ``dask_setup(worker)``
runs in each worker process as it starts (tests/dask_gate.py).
"""

import os
import signal
import socket
import subprocess
import sys
import time

# as docs/notes/dask.md tells a user to start workers: without the nanny's MALLOC_TRIM_THRESHOLD_
# (glibc then maps and unmaps every large array: OCR took twice the CPU)
WORKER_CONFIG = """distributed:
  nanny:
    pre-spawn-environ:
      MALLOC_TRIM_THRESHOLD_: null
"""
START_SECONDS = 90  # a loaded 2-core machine takes seconds to start each Python process


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalDask:
    """``with LocalDask(folder) as dask:`` — ``dask.address``; ``kill_scheduler()``, ``worker_pids()``,
    ``connected_workers()``."""

    def __init__(self, folder, workers=2, threads=1, trimming=False, preload=None):
        """``trimming``: the workers keep Dask's MALLOC_TRIM_THRESHOLD_ (see ``WORKER_CONFIG``); ``preload``: the
        path of a module each worker process runs as it starts."""
        self.folder, self.workers, self.threads, self.trimming = folder, workers, threads, trimming
        self.preload = preload
        self.port = free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.procs = []

    def __enter__(self):
        dask = [sys.executable, "-m", "dask"]
        os.makedirs(self.folder, exist_ok=True)
        log = open(os.path.join(self.folder, "dask.log"), "ab")
        self.scheduler = self._start(dask + ["scheduler", "--host", "127.0.0.1", "--port", str(self.port),
                                             "--no-dashboard", "--no-show"], log)
        self._start(dask + ["worker", self.address, "--nworkers", str(self.workers), "--nthreads",
                            str(self.threads), "--host", "127.0.0.1", "--no-dashboard",
                            "--local-directory", str(self.folder), "--memory-limit", "0",
                            "--death-timeout", "60", *(["--preload", str(self.preload)] if self.preload else [])],
                    log)
        log.close()
        try:
            self._wait()
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start(self, argv, log):
        config = os.path.join(self.folder, "dask-config")
        os.makedirs(config, exist_ok=True)
        with open(os.path.join(config, "govsearch.yaml"), "w") as f:
            f.write(WORKER_CONFIG)
        env = {**os.environ} if self.trimming else {**os.environ, "DASK_CONFIG": config}
        proc = subprocess.Popen(argv, stdout=log, stderr=log, start_new_session=True, cwd=self.folder, env=env)
        self.procs.append(proc)
        return proc

    def _wait(self):
        from distributed import Client

        with Client(self.address, timeout=START_SECONDS, set_as_default=False) as client:
            client.wait_for_workers(self.workers, timeout=START_SECONDS)

    def worker_pids(self):
        """``{worker address: process id}`` of the worker processes (not their nannies)."""
        from distributed import Client

        with Client(self.address, timeout=START_SECONDS, set_as_default=False) as client:
            return client.run(os.getpid)

    def connected_workers(self):
        """Addresses of the workers the scheduler has now (it drops a killed one when its connection closes)."""
        from distributed import Client

        with Client(self.address, timeout=START_SECONDS, set_as_default=False) as client:
            return list(client.processing())

    def kill_scheduler(self):
        os.kill(self.scheduler.pid, signal.SIGKILL)
        self.scheduler.wait()

    def __exit__(self, *exc):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)  # its own session: the worker's nanny and its workers
            proc.wait()
        return False


def wait_until(check, seconds=30):
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("gave up waiting")
        time.sleep(0.1)
