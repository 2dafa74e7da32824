"""Building and updating: incremental by content hash; one bad file never costs the rest."""

import json

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import govsearch
from govsearch import build, storage
from govsearch.cli import cli

from conftest import build as build_index


def ids(path):
    with govsearch.Index(path) as ix:
        return {p.source: p.id for p in ix.passages()}


def total(path, query):
    with govsearch.Index(path) as ix:
        return ix.search(query, limit=0).total


def update(path, paths, **options):
    with govsearch.Index(path) as ix:
        return ix.update(paths, **options)


def test_update_adds_changes_and_drops(tmp_path, seeds_copy):
    ix = tmp_path / "ix"
    first = build_index(ix, [seeds_copy])
    assert (first.added, first.files) == (2, 2)
    again = update(ix, [seeds_copy])
    assert (again.unchanged, again.added, again.passages) == (2, 0, 0)

    (seeds_copy / "new.md").write_text("# 新文件\n\n发展量子信息产业。\n", encoding="utf-8")
    changed = sorted(seeds_copy.glob("000_*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n加快发展低空经济。\n", encoding="utf-8")
    removed = sorted(seeds_copy.glob("002_*.txt"))[0]
    removed.unlink()
    summary = update(ix, [seeds_copy])
    assert (summary.added, summary.changed, summary.removed) == (1, 1, 1)
    assert total(ix, "量子信息") == 1
    assert total(ix, "低空经济") == 1
    assert total(ix, "天宁") == 0
    assert str(removed) not in ids(ix)


def test_the_same_file_in_two_folders_is_one_document_listing_both(tmp_path, seeds_copy, runner):
    # reverses the earlier rule (two folders, two documents): an id is of the bytes, and a report counts once
    kept = tmp_path / "collection"
    kept.mkdir()
    report = sorted(seeds_copy.glob("000_*.txt"))[0]
    (kept / "renamed.txt").write_bytes(report.read_bytes())
    summary = build_index(tmp_path / "ix", [seeds_copy, kept])
    assert summary.identical == 1
    with govsearch.Index(tmp_path / "ix") as ix:
        passages = list(ix.passages())
        assert (ix.stats().documents, ix.stats().identical) == (2, 1)
        assert ix.search("营商环境", limit=0).total == 5  # as with the seeds alone
        first = [p for p in passages if p.text == passages[0].text]
        assert [p.source for p in first] == [str(kept / "renamed.txt")]  # the first path in path order
        shown = ix.passage(first[0].id)
    assert shown.sources == sorted([str(report), str(kept / "renamed.txt")])
    out = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "show", first[0].id, "--json"])
    assert json.loads(out.stdout)["sources"] == shown.sources
    (kept / "renamed.txt").unlink()  # the other copy takes over: no id changes
    update(tmp_path / "ix", [seeds_copy, kept])
    with govsearch.Index(tmp_path / "ix") as ix:
        assert sorted(p.id for p in ix.passages()) == sorted(p.id for p in passages)
        assert ix.passage(first[0].id).sources == [str(report)]


def test_rebuild_starts_from_empty(tmp_path, seeds_copy):
    ix = tmp_path / "ix"
    build_index(ix, [seeds_copy])
    only = sorted(seeds_copy.glob("000_*.txt"))[0]
    update(ix, [only], rebuild=True)
    with govsearch.Index(ix) as opened:
        assert opened.stats().documents == 1
    assert set(ids(ix)) == {str(only)}


def test_bad_file_is_reported_and_the_rest_indexed(tmp_path, seeds_copy, runner):
    (seeds_copy / "broken.docx").write_bytes(b"not a zip at all")
    (seeds_copy / "blob.txt").write_bytes(b"\x00\xff\x00")
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "index", str(seeds_copy)])
    assert result.exit_code == 0
    assert "broken.docx" in result.stderr and "blob.txt" in result.stderr
    assert "2 skipped" in result.stderr
    out = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "query", "营商环境", "--json"])
    assert json.loads(out.stdout)["total"] == 5


def test_gb18030_file_is_searchable(tmp_path, runner):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gbk.txt").write_bytes("# 某县政府工作报告\n\n推进托育服务体系建设。\n".encode("gb18030"))
    runner.invoke(cli, ["--index", str(tmp_path / "ix"), "index", str(docs)])
    out = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "query", "托育", "--json"])
    assert json.loads(out.stdout)["total"] == 1


def test_an_upgrade_reads_every_indexed_file_again(tmp_path, seeds_copy, monkeypatch):
    ix = tmp_path / "ix"
    first, second = sorted(seeds_copy.glob("*.txt"))
    build_index(ix, [first])
    update(ix, [second])
    assert update(ix, [first]).unchanged == 1
    monkeypatch.setattr(build.manifest, "pipeline_key", lambda: "a newer govsearch")
    upgraded = update(ix, [first])
    assert (upgraded.changed, upgraded.unchanged, upgraded.files, upgraded.upgraded) == (2, 0, 2, True)
    again = update(ix, [first, second])
    assert (again.unchanged, again.upgraded) == (2, False)
    assert set(ids(ix)) == {str(first), str(second)}


def passage_ids(path):
    with govsearch.Index(path) as opened:
        return sorted(p.id for p in opened.passages()), len(opened._generation._blocks.deleted)


def upgraded(tmp_path, seeds_copy, monkeypatch, vanish=False):
    """The passages of an index of the two seeds (each indexed on its own) before and after an upgrade
    of govsearch (``update`` of the first), with the number of deleted passages left after it."""
    ix = tmp_path / "ix"
    first, second = sorted(seeds_copy.glob("*.txt"))
    build_index(ix, [first])
    update(ix, [second])
    before, _ = passage_ids(ix)
    if vanish:
        second.unlink()
    monkeypatch.setattr(build.manifest, "pipeline_key", lambda: "a newer govsearch")
    update(ix, [first])
    return before, passage_ids(ix)


def test_an_upgrade_writes_the_index_afresh(tmp_path, seeds_copy, monkeypatch):
    before, (after, deleted) = upgraded(tmp_path, seeds_copy, monkeypatch)
    assert (after, deleted) == (before, 0)  # the same passages, and no deleted copies left in the segments


def test_an_upgrade_keeps_a_vanished_file_it_was_not_asked_about(tmp_path, seeds_copy, monkeypatch):
    # a file indexed on its own, now gone: only naming it again (or its folder) drops it
    before, (after, _) = upgraded(tmp_path, seeds_copy, monkeypatch, vanish=True)
    assert after == before


def test_an_update_adds_a_segment_and_leaves_the_others_as_they_were(tmp_path, seeds_copy):
    ix = tmp_path / "ix"
    build_index(ix, [seeds_copy])
    before = {p.name for p in (storage.live(ix) / "whoosh").glob("*.pst")}
    (seeds_copy / "new.md").write_text("# 新文件\n\n发展量子信息产业。\n", encoding="utf-8")
    update(ix, [seeds_copy])
    after = {p.name for p in (storage.live(ix) / "whoosh").glob("*.pst")}
    assert before and before < after
    assert total(ix, "量子信息") == 1


def test_whoosh_keeps_only_each_passages_file_and_words(seed_index):
    """The passages are in the blocks alone: Whoosh stores no field, and indexes only ``file`` (for deletions)."""
    from whoosh import index as whoosh_index

    folder = storage.live(seed_index) / "whoosh"
    ix = whoosh_index.open_dir(str(folder))
    with ix.reader() as reader:
        assert ix.schema.stored_names() == []
        assert list(reader.indexed_field_names()) == ["file"]
        assert reader.has_column("words")
        passages = reader.doc_count_all()
    stored = sum(p.stat().st_size for p in folder.glob("*._stored.col"))
    assert stored < 4 * passages  # Whoosh's empty record per passage, a byte or so each: no text, no tag


@given(st.sets(st.integers(0, 200)), st.sets(st.integers(0, 200)))
def test_the_union_of_deleted_and_hidden_docnums_is_numpys(a, b):
    from govsearch.index import union
    a, b = np.array(sorted(a), dtype=np.int64), np.array(sorted(b), dtype=np.int64)
    assert union(a, b).tolist() == np.union1d(a, b).tolist()
