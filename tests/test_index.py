"""Building and updating: incremental by content hash; one bad file never costs the rest."""

import json

from govsearch import index as index_mod
from govsearch import storage
from govsearch.cli import cli
from govsearch.search import search


def ids(path):
    with index_mod.Index(path) as ix:
        return {ix.stored(d)["source"]: ix.stored(d)["id"] for d in ix.all_docnums()}


def total(path, query):
    with index_mod.Index(path) as ix:
        return search(ix, query, limit=0).total


def test_update_adds_changes_and_drops(tmp_path, seeds_copy):
    ix = tmp_path / "ix"
    first = index_mod.update(ix, [seeds_copy])
    assert (first.added, first.files) == (2, 2)
    again = index_mod.update(ix, [seeds_copy])
    assert (again.unchanged, again.added, again.passages) == (2, 0, 0)

    (seeds_copy / "new.md").write_text("# 新文件\n\n发展量子信息产业。\n", encoding="utf-8")
    changed = sorted(seeds_copy.glob("000_*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\n加快发展低空经济。\n", encoding="utf-8")
    removed = sorted(seeds_copy.glob("002_*.txt"))[0]
    removed.unlink()
    summary = index_mod.update(ix, [seeds_copy])
    assert (summary.added, summary.changed, summary.removed) == (1, 1, 1)
    assert total(ix, "量子信息") == 1
    assert total(ix, "低空经济") == 1
    assert total(ix, "天宁") == 0
    assert str(removed) not in ids(ix)


def test_rebuild_starts_from_empty(tmp_path, seeds_copy):
    ix = tmp_path / "ix"
    index_mod.update(ix, [seeds_copy])
    only = sorted(seeds_copy.glob("000_*.txt"))[0]
    index_mod.update(ix, [only], rebuild=True)
    with index_mod.Index(ix) as opened:
        assert len(opened.sources) == 1


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
    index_mod.update(ix, [first])
    index_mod.update(ix, [second])
    assert index_mod.update(ix, [first]).unchanged == 1
    monkeypatch.setattr(index_mod, "_pipeline_key", lambda: "a newer govsearch")
    upgraded = index_mod.update(ix, [first])
    assert (upgraded.changed, upgraded.unchanged, upgraded.files, upgraded.upgraded) == (2, 0, 2, True)
    again = index_mod.update(ix, [first, second])
    assert (again.unchanged, again.upgraded) == (2, False)
    assert set(ids(ix)) == {str(first), str(second)}


def test_an_update_adds_a_segment_and_leaves_the_others_as_they_were(tmp_path, seeds_copy):
    ix = tmp_path / "ix"
    index_mod.update(ix, [seeds_copy])
    before = {p.name for p in (storage.live(ix) / "whoosh").glob("*.pst")}
    (seeds_copy / "new.md").write_text("# 新文件\n\n发展量子信息产业。\n", encoding="utf-8")
    index_mod.update(ix, [seeds_copy])
    after = {p.name for p in (storage.live(ix) / "whoosh").glob("*.pst")}
    assert before and before < after
    assert total(ix, "量子信息") == 1
