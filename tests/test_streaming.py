"""Every hit of a query, written as it is read: `query --limit 0 --json` and `Index.stream`; and `export`'s lines."""

import io
import subprocess
import sys

import pytest

import govsearch
from govsearch import render
from govsearch import search as search_module
from govsearch.cli import cli
from govsearch.index import Generation


@pytest.mark.parametrize("args", [["发展"], ["营商环境", "--district", "钟楼"], ["量子引力"], ["政协委员 OR 提案"], ["发展", "--offset", "3"]])
def test_streamed_json_is_the_json_of_the_whole_search(runner, seed_index, args):
    query, *options = args
    with govsearch.Index(seed_index) as ix:
        options_given = dict(zip([o.lstrip("-") for o in options[::2]], options[1::2]))
        whole = ix.search(query, limit=0, **{k: int(v) if k == "offset" else v for k, v in options_given.items()})
    result = runner.invoke(cli, ["--index", str(seed_index), "query", query, "--limit", "0", "--json", *options])
    assert result.output == render.dumps(whole.to_dict()) + "\n"
    assert result.exit_code == (0 if whole.total else 1)


def test_a_whole_process_writes_the_same_bytes(seed_index):
    # a real stdout (a pipe) takes the buffered stream of its file descriptor, not CliRunner's
    with govsearch.Index(seed_index) as ix:
        whole = ix.search("发展", limit=0)
    out = subprocess.run([sys.executable, "-m", "govsearch", "--index", str(seed_index), "query", "发展", "--limit",
                          "0", "--json"], capture_output=True, check=True).stdout
    assert out == (render.dumps(whole.to_dict()) + "\n").encode("utf-8")
    assert len(out) > 2 * io.DEFAULT_BUFFER_SIZE  # more than stdout's own buffer holds


def test_a_whole_process_exports_the_same_bytes_as_in_process(runner, seed_index):
    out = subprocess.run([sys.executable, "-m", "govsearch", "--index", str(seed_index), "export"],
                         capture_output=True, check=True).stdout
    assert out == runner.invoke(cli, ["--index", str(seed_index), "export"]).stdout_bytes
    assert len(out) > 2 * io.DEFAULT_BUFFER_SIZE and out.count(b"\n") > 100


@pytest.fixture
def read(monkeypatch):
    """The sizes of the reads of passages (``stored_many``), in chunks of 16."""
    sizes = []
    stored = Generation.stored_many
    monkeypatch.setattr(Generation, "stored_many", lambda self, docnums: sizes.append(len(docnums)) or stored(self, docnums))
    monkeypatch.setattr(search_module, "CHUNK", 16)
    return sizes


def test_stream_reads_its_passages_a_chunk_at_a_time_as_the_hits_are_taken(seed_index, read):
    with govsearch.Index(seed_index) as ix:
        results = ix.stream("发展")
        assert read == [] and results.total == 40
        first, second = next(results.hits), next(results.hits)
        assert read == [16]
        rest = list(results.hits)
        assert read == [16, 16, 8] and len(rest) == 38
        assert [first.id, second.id] == [h.id for h in ix.search("发展", limit=2).hits]


def test_every_hit_in_document_order_is_read_a_chunk_at_a_time_and_is_each_hits_own(seed_index, read):
    # the web page's export and Index.iter_hits: chunks of passages, each hit as search.hit makes it alone
    with govsearch.Index(seed_index) as ix:
        hits = list(ix.iter_hits("发展"))
        assert read == [16, 16, 8]
        generation, parsed = ix._generation, search_module.parse("发展")
        alone = [search_module.hit(generation, parsed, generation.docnum(h.id)) for h in hits]
        assert [h.to_dict() for h in hits] == [govsearch.api.Hit.from_fields(a).to_dict() for a in alone]
        read.clear()
        by_date = ix.search("发展", limit=0, sort="date")
        assert read == [16, 16, 8] and {h.id for h in by_date.hits} == {h.id for h in hits}
