"""Shared fixtures: the seed reports, an index built from them once per run, a CLI runner."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import govsearch

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ZHONGLOU = SEEDS / "000_307e6f16d3c1f9ec.txt"
TIANNING = SEEDS / "002_bce41eec62ac8786.txt"
SAMPLES = ROOT.parent / "shared" / "samples"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory):
    """Path of an index of the two seed reports."""
    path = tmp_path_factory.mktemp("seed-index")
    build(path, [SEEDS])
    return path


def build(path, paths, **options):
    """Make an index at ``path`` of ``paths``; the update's report."""
    with govsearch.Index.create(path) as ix:
        return ix.update(paths, **options)


@pytest.fixture
def ix(seed_index):
    with govsearch.Index(seed_index) as opened:
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
