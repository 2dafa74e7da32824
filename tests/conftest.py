"""Shared fixtures: the seed reports, an index built from them once per run, a CLI runner."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from govsearch import index as index_mod

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ZHONGLOU = SEEDS / "000_307e6f16d3c1f9ec.txt"
TIANNING = SEEDS / "002_bce41eec62ac8786.txt"
SAMPLES = ROOT.parent / "shared" / "samples"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory):
    """Path of an index of the two seed reports."""
    path = tmp_path_factory.mktemp("seed-index")
    index_mod.update(path, [SEEDS])
    return path


@pytest.fixture
def ix(seed_index):
    with index_mod.Index(seed_index) as opened:
        yield opened


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def seeds_copy(tmp_path):
    """A private copy of the seeds, to change and re-index."""
    target = tmp_path / "docs"
    shutil.copytree(SEEDS, target)
    return target
