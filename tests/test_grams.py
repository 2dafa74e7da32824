"""The bigram candidate index: what it finds is exactly what a literal scan finds, after updates too."""

import os

import numpy as np
import orjson
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import govsearch
from govsearch import analysis, blocks, grams, lines, storage
from govsearch.cli import cli

import whoosh_reference
from conftest import build

ALPHABET = "发展经济新a1，。 "  # few characters, so that bigrams repeat and candidates are not answers
LINES = st.lists(st.text(ALPHABET, max_size=30), min_size=1, max_size=40)


def blob_of(texts):
    return b"".join(analysis.normalize(t).encode("utf-8") + b"\n" for t in texts)


@settings(max_examples=300, deadline=None)
@given(LINES, st.text(ALPHABET, min_size=2, max_size=5))
def test_lines_holding_a_strings_bigrams_include_every_line_containing_it(texts, query):
    wanted = analysis.normalize(query)
    assume(len(wanted) >= 2)
    norm = [analysis.normalize(t) for t in texts]
    run = grams.Run(grams.build(blob_of(texts)), 0)
    found = set(run.holding(grams.codes(wanted)).tolist())
    containing = {i for i, line in enumerate(norm) if wanted in line}
    assert containing <= found
    if len(wanted) == 2:
        assert found == containing
    assert all(all(wanted[i:i + 2] in norm[n] for i in range(len(wanted) - 1)) for n in found)


def test_runs_split_by_lines_and_bytes(monkeypatch):
    offsets = np.cumsum([0] + [10] * 50)
    monkeypatch.setattr(grams, "MAX_BYTES", 35)
    monkeypatch.setattr(grams, "MAX_LINES", 4)
    found = grams.runs(offsets, 5, 50)
    assert found[0] == (5, 8) and all(stop - first == 3 for first, stop in found[:-1])
    assert found[-1][1] == 50 and all(a[1] == b[0] for a, b in zip(found, found[1:]))


def scan(ix, text):
    """What a literal ``in`` over every passage's normalized text finds."""
    wanted = analysis.normalize(text)
    return {p.id for p in ix.passages() if wanted in analysis.normalize(p.text)}


def test_finds_equal_a_scan_after_an_update_and_untouched_segments_are_not_rebuilt(tmp_path, seeds_copy):
    path = tmp_path / "ix"
    build(path, [seeds_copy])
    first = storage.live(path)
    (seeds_copy / "new.md").write_text("# 新文件\n\n发展量子信息产业。\n", encoding="utf-8")
    changed = sorted(seeds_copy.glob("000_*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n加快发展低空经济。\n", encoding="utf-8")
    with govsearch.Index(path) as ix:
        ix.update([seeds_copy])
        second = storage.live(path)
        kept = {p.parent.name for p in (first / blocks.NAME).glob(f"*/{blocks.ARRAYS}") if p.stat().st_size}
        still = kept & set(os.listdir(second / blocks.NAME))
        # the changed file's segment, every passage of it deleted, may be dropped; the other is kept as it was
        assert still and len(kept - still) <= 1 and still < set(os.listdir(second / blocks.NAME))
        for name in still:
            assert os.path.samefile(first / blocks.NAME / name / blocks.ARRAYS,
                                    second / blocks.NAME / name / blocks.ARRAYS)
        for text in ["发展", "低空经济", "量子信息", "政协委员", "人民", "经济发展", "区"]:
            assert {h.id for h in ix.search(f'"{text}"', limit=0).hits} == scan(ix, text), text
        assert ix.search("低空经济").total == 1


def test_an_index_of_the_layout_before_answers_the_same(tmp_path, seeds_copy):
    path = tmp_path / "ix"
    build(path, [seeds_copy])
    with govsearch.Index(path) as ix:
        before = ix.search("发展 经济", limit=0).to_dict()
        shown = [p.to_dict() for p in ix.passages()]
    whoosh_reference.old_layout(path)  # Whoosh holds the passages, no blocks
    with govsearch.Index(path) as ix:
        assert ix.outdated
        assert [p.to_dict() for p in ix.passages()] == shown
        assert ix.search("发展 经济", limit=0).to_dict() == before
    # the CLI says so, once, and still answers; an index run brings it up to date
    runner = CliRunner()
    said = runner.invoke(cli, ["--index", str(path), "query", "发展", "--limit", "1"])
    assert (said.exit_code, said.stderr) == (0, f"govsearch: {path} was written by an older govsearch; it answers "
                                                "the same but opens slowly until `govsearch index` brings it up to "
                                                "date\n")
    runner.invoke(cli, ["--index", str(path), "index", str(seeds_copy)])
    with govsearch.Index(path) as ix:
        assert not ix.outdated
        assert ix.search("发展 经济", limit=0).to_dict() == before


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("发展经济ab", max_size=12), min_size=1, max_size=30), st.text("发展经济ab", min_size=1, max_size=3),
       st.integers(1, 40), st.data())
def test_a_scan_in_pieces_finds_every_line_containing_the_pattern(tmp_path_factory, texts, query, piece, data):
    folder = tmp_path_factory.mktemp("lines")
    lines.write(folder, "t", [t.encode("utf-8") for t in texts])
    store = lines.LineStore(folder, "t")
    pattern = query.encode("utf-8")
    containing = [i for i, t in enumerate(texts) if query in t]
    among = sorted(data.draw(st.sets(st.integers(0, len(texts) - 1))))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(lines, "SCAN_BYTES", piece)
        assert store.lines_containing(pattern) == containing
        for few in (0, 1):  # among read in pieces, or line by line
            patch.setattr(lines, "FEW", few)
            assert store.lines_containing(pattern, among=among) == [i for i in containing if i in among]


def test_a_passage_line_holds_what_utf8_cannot():
    record = {"id": "d-0000", "text": "发展\udc80经济", "provenance": {"district": "meeting\udc80line"}, "page": 0}
    builder = blocks.SegmentBuilder()
    builder.add({**record, "ord": 0, "title": "", "section": "", "norm": "发展经济"},
                {"text": ["发展", "经济"], "title": [], "section_words": []})
    found = builder.found()
    assert blocks._Segment(0, 1, found=found).text(0) == "发展?经济"
    assert orjson.loads(blocks._value(record, "provenance")) == {"district": "meeting?line"}
    assert blocks._value(record, "page") == "" and blocks._value({**record, "page": 12}, "page") == "12"


WORDS = st.lists(st.sampled_from(["发展", "经济", "高质量发展", "新质生产力", "营商", "a"]), max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text("发展经济新质生产力。a", max_size=3000), st.sampled_from(["", "人大", "政协"]), WORDS,
                          WORDS), min_size=1, max_size=12),
       st.integers(1, 64))
def test_a_segment_gives_back_what_was_added(tmp_path_factory, rows, zdict_bytes):
    # texts compressed as they come once the dictionary is full (or at the end), postings sorted in one pass:
    # the saved segment reads back each text, tag and posting as added
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(blocks, "ZDICT_BYTES", zdict_bytes)
        builder = blocks.SegmentBuilder()
        for n, (text, body, words, title) in enumerate(rows):
            builder.add({"text": text, "body": body, "ord": n, "title": "", "section": "",
                         "norm": analysis.normalize(text)}, {"text": words, "title": title, "section_words": []})
        folder = tmp_path_factory.mktemp("segment") / "seg"
        builder.save(folder)
    segment = blocks._Segment(0, len(rows), folder=folder)
    assert [segment.text(n) for n in range(len(rows))] == [text for text, *_ in rows]
    assert [segment.values["body"][i] for i in segment.array("body")] == [body for _, body, *_ in rows]
    for name, column in (("text", 2), ("title", 3)):
        for word in {w for row in rows for w in row[column]}:
            docs, weights = segment.postings_many(name, blocks._table([word]))[0]
            expected = [(n, row[column].count(word)) for n, row in enumerate(rows) if word in row[column]]
            assert list(zip(docs.tolist(), weights.tolist())) == expected


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    """An index of the seeds and a third file, then a seed changed: two segments or more, and deleted passages."""
    import shutil
    from conftest import SEEDS
    root = tmp_path_factory.mktemp("updated")
    shutil.copytree(SEEDS, root / "docs")
    (root / "docs" / "extra.md").write_text("# 常州市天宁区政协工作报告\n\n发展低空经济。\n", encoding="utf-8")
    build(root / "ix", [root / "docs"])
    changed = sorted((root / "docs").glob("000_*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n加快发展量子信息产业。\n", encoding="utf-8")
    with govsearch.Index(root / "ix") as ix:
        ix.update([root / "docs"])
    with govsearch.Index(root / "ix") as ix:
        yield ix._generation._blocks


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_tags_read_segment_by_segment_are_the_whole_tables(updated, data):
    # a few hits take their tags from their segments, many from tables of the whole index: the same values
    assert len(updated.segments) >= 2 and len(updated.deleted)
    docnums = np.array(sorted(data.draw(st.sets(st.integers(0, updated.count - 1), max_size=40))), dtype=np.int64)
    order = data.draw(st.permutations(docnums.tolist()))
    columns, positions = updated._segment_values(np.array(order, dtype=np.int64))
    for key in blocks._FROM_IDS:
        assert columns[key] == updated._values_of(key, np.array(order, dtype=np.int64)), key
    assert positions == updated.positions()[order].tolist()
    for name in ("district", "body", "date", "meeting"):
        values, counted = updated.counts(name, docnums)
        table, ids = updated.ids(name)
        assert values == table
        assert counted.tolist() == np.bincount(ids[docnums], minlength=len(table)).tolist()


def test_a_batch_of_more_text_than_a_segment_holds_is_several_segments_answering_the_same(tmp_path, seeds_copy,
                                                                                        monkeypatch):
    # a worker closes its segment after the file that fills it: what it holds is bounded, the answers are not changed
    for n in range(4):
        (seeds_copy / f"extra{n}.md").write_text(f"# 报告{n}\n\n发展低空经济{n}。\n\n推动高质量发展。\n", encoding="utf-8")
    build(tmp_path / "whole", [seeds_copy])
    monkeypatch.setattr(govsearch.build, "SEGMENT_BYTES", 1)  # every file a segment
    monkeypatch.setattr(govsearch.build, "MAX_BATCHES", 1)
    build(tmp_path / "split", [seeds_copy])
    with govsearch.Index(tmp_path / "whole") as whole, govsearch.Index(tmp_path / "split") as split:
        assert len(split._generation._blocks.segments) == 6 > len(whole._generation._blocks.segments)
        assert {p.id: p.text for p in split.passages()} == {p.id: p.text for p in whole.passages()}
        for text in ["发展", "低空经济", "高质量发展", "政协委员", "区"]:
            assert [(h.id, h.score) for h in split.search(text, limit=0).hits] == \
                   [(h.id, h.score) for h in whole.search(text, limit=0).hits]
