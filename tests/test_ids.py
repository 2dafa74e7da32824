"""Ids from a file's bytes (issue #22, part 1) and the same report counted once (part 2).

The fixtures are written here: a made-up 政府工作报告 as a text file, a web page,
a PDF and a Markdown newspaper page carrying it beside another story.
"""

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govsearch
from govsearch import analysis, build, copies, schema
from govsearch.cli import cli

from conftest import SEEDS, build as build_index

TITLE = "政府工作报告"
MEETING = "——2024年1月8日在常州市钟楼区第十七届人民代表大会第三次会议上"
PARAS = [
    "过去一年，全区地区生产总值增长百分之六点五，一般公共预算收入增长百分之七，营商环境持续优化，城乡居民收入稳步提高。",
    "我们坚持项目为王，全年新开工亿元以上产业项目四十二个，竣工投产三十一个，完成工业投资一百二十亿元。",
    "我们坚持民生优先，新建改建学校六所，新增养老床位八百张，城镇新增就业一万两千人，兜牢基本民生底线。",
    "着力优化营商环境，深化一网通办改革，推行惠企政策免申即享，让企业办事更省心更顺心。",
    "加快建设现代化产业体系，培育壮大智能制造和数字经济两大主导产业，力争规上工业产值突破千亿元。",
    "扎实推进乡村振兴，建设高标准农田五万亩，发展特色农业和乡村旅游，促进农民持续增收。",
]
OTHER = "本报讯　日前，钟楼区举办首届运河文化节，来自全国各地的两百余名非遗传承人带来剪纸、评弹等精彩展演，吸引市民游客三万余人次。"


def report_text(title=TITLE, meeting=MEETING, paras=PARAS):
    return "\n\n".join([title, meeting, "各位代表：", *paras]) + "\n"


def web_page(text):
    return ("<html><head><title>政府工作报告</title></head><body><div class='article'>"
            + "".join(f"<p>{p}</p>" for p in text.strip().split("\n\n")) + "</div></body></html>")


HEADED = ["一、2023年工作回顾", *PARAS[:3], "二、2024年主要任务", *PARAS[3:]]  # the report with its headings


def newspaper_page():
    """A page of two articles: another story, and the report (without its title lines, as papers print it;
    the page's reader runs each heading into the paragraph under it)."""
    return ("# 运河文化节开幕\n\n" + OTHER + "\n\n# 钟楼区政府工作报告\n\n"
            + "\n\n".join(["各位代表：", *HEADED]) + "\n")


def index(tmp_path, folder, *args):
    from click.testing import CliRunner

    return CliRunner().invoke(cli, ["--index", str(tmp_path / "ix"), *args], catch_exceptions=False)


def texts_by_id(path):
    with govsearch.Index(path) as ix:
        return {p.id: p.text for p in ix.passages(all_copies=True)}


# 1. ids that never change

def test_moving_the_folder_and_renaming_a_file_changes_no_id(tmp_path):
    folder = tmp_path / "reports"
    shutil.copytree(SEEDS, folder)
    build_index(tmp_path / "ix", [folder])
    before = texts_by_id(tmp_path / "ix")
    moved = tmp_path / "elsewhere" / "moved"
    moved.parent.mkdir()
    shutil.move(folder, moved)
    first = sorted(moved.glob("*.txt"))[0]
    first.rename(first.with_name("政府工作报告.txt"))
    with govsearch.Index(tmp_path / "ix") as ix:
        ix.update([moved], rebuild=True)
    assert texts_by_id(tmp_path / "ix") == before


def test_a_second_clone_of_the_seeds_gives_the_same_ids(tmp_path, seed_index):
    shutil.copytree(SEEDS, tmp_path / "clone" / "seeds")
    build_index(tmp_path / "ix", [tmp_path / "clone" / "seeds"])
    assert texts_by_id(tmp_path / "ix") == texts_by_id(seed_index)


def test_a_document_id_is_the_start_of_its_bytes_digest(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text(report_text(), encoding="utf-8")
    build_index(tmp_path / "ix", [tmp_path / "a"])
    digest = hashlib.sha256((tmp_path / "a" / "r.txt").read_bytes()).hexdigest()
    assert {i.rpartition("-")[0] for i in texts_by_id(tmp_path / "ix")} == {digest[:12]}


def legacy_document_id(source, digest):
    """The ``doc`` of an id as govsearch derived it before #22: from the file's path and bytes."""
    return hashlib.sha256(f"{source}\0{digest}".encode("utf-8")).hexdigest()[:12]


def test_an_id_of_the_path_derived_layout_resolves_after_the_upgrade(tmp_path, monkeypatch, runner):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    new_records = schema.records

    def path_records(source, file=None):
        for record in new_records(source, file):
            doc = legacy_document_id(source.path, source.digest)
            yield {**record, "doc": doc, "id": f"{doc}-{record['ord']:04d}"}

    monkeypatch.setattr(schema, "records", path_records)
    build_index(tmp_path / "ix", [tmp_path / "seeds"])
    old = texts_by_id(tmp_path / "ix")
    monkeypatch.setattr(schema, "records", new_records)
    monkeypatch.setattr(build.manifest, "pipeline_key", lambda: "a newer govsearch")
    with govsearch.Index(tmp_path / "ix") as ix:
        assert ix.update([tmp_path / "seeds"]).upgraded
    now = texts_by_id(tmp_path / "ix")
    assert not set(old) & set(now)
    for old_id in sorted(old)[::40]:
        result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "show", old_id, "--json"])
        shown = json.loads(result.stdout)
        assert result.exit_code == 0
        assert (shown["text"], shown["moved_from"]) == (old[old_id], old_id)
        assert shown["id"] in now and shown["id"] != old_id
        assert f"{old_id} moved: its text is at {shown['id']} now" in result.stderr


def test_an_upgrade_that_cuts_a_document_anew_keeps_where_each_text_went(tmp_path, monkeypatch):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text(report_text(), encoding="utf-8")
    build_index(tmp_path / "ix", [tmp_path / "a"])
    before = texts_by_id(tmp_path / "ix")
    new_records = schema.records

    def one_less(source, file=None):  # a cut that merges the first two passages: the later ones shift
        found = list(new_records(source, file))
        text = found[0]["text"] + found[1]["text"]
        merged = {**found[0], "text": text, "norm": analysis.normalize(text)}
        for ord_, record in enumerate([merged, *found[2:]]):
            yield {**record, "ord": ord_, "id": f"{record['doc']}-{ord_:04d}"}

    monkeypatch.setattr(schema, "records", one_less)
    monkeypatch.setattr(build.manifest, "pipeline_key", lambda: "a newer govsearch")
    with govsearch.Index(tmp_path / "ix") as ix:
        ix.update([tmp_path / "a"])
        last = max(before)
        shown = ix.passage(last)  # its position is past the end now
        assert (shown.text, shown.moved_from) == (before[last], last)
        assert shown.id != last
        first = ix.passage(min(before))  # live, holding another text now; its own went into a longer one
        assert (first.text, first.earlier_text_at) == (before[min(before)] + before[sorted(before)[1]], "")
        doc = last.rpartition("-")[0]
        assert ix.passage(f"{doc}-0002").earlier_text_at == f"{doc}-0001"  # 0002's text moved up one


def test_an_id_whose_text_is_gone_exits_1_with_one_line(tmp_path, runner):
    (tmp_path / "a").mkdir()
    path = tmp_path / "a" / "r.txt"
    path.write_text(report_text(), encoding="utf-8")
    build_index(tmp_path / "ix", [tmp_path / "a"])
    gone = next(i for i, t in texts_by_id(tmp_path / "ix").items() if t == PARAS[2])
    kept = next(i for i, t in texts_by_id(tmp_path / "ix").items() if t == PARAS[4])
    path.write_text(report_text(paras=PARAS[:2] + PARAS[3:]), encoding="utf-8")  # edited: one paragraph out
    with govsearch.Index(tmp_path / "ix") as ix:
        ix.update([tmp_path / "a"])
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "show", gone])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"govsearch: passage {gone} is gone: no passage of its document holds its text now\n"
    moved = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "show", kept, "--json"])
    assert json.loads(moved.stdout)["text"] == PARAS[4]
    unknown = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "show", "000000000000-0001"])
    assert unknown.exit_code == 2  # never held: a mistake, not a passage gone


# 2. the same report counted once

@pytest.fixture
def formats(tmp_path):
    """A folder with the report as a text file, a byte copy of it, and a web page; and the index of it."""
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "report.txt").write_text(report_text(), encoding="utf-8")
    shutil.copy(folder / "report.txt", folder / "saved again.txt")
    (folder / "report.html").write_text(web_page(report_text()), encoding="utf-8")
    return folder


def compare_rows(path, *options):
    with govsearch.Index(path) as ix:
        found = ix.compare("营商环境", by="district", **dict(options))
    return [(r.value, r.passages, r.documents) for r in found.rows]


def test_one_report_as_text_byte_copy_and_web_page_counts_once(tmp_path, formats, runner):
    report = build_index(tmp_path / "ix", [formats])
    assert (report.identical, report.copies) == (1, len(PARAS) + 2)
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "compare", "营商环境", "--by", "district", "--json"])
    rows = json.loads(result.stdout)["rows"]
    assert [(r["value"], r["passages"], r["documents"]) for r in rows] == [("钟楼区", 2, 1)]
    every = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "compare", "营商环境", "--by", "district",
                                "--json", "--all-copies"])
    assert [(r["passages"], r["documents"]) for r in json.loads(every.stdout)["rows"]] == [(4, 2)]
    with govsearch.Index(tmp_path / "ix") as ix:
        assert ix.stats().counts["district"] == {"钟楼区": len(PARAS) + 2}
        assert ix.stats().passages == 2 * (len(PARAS) + 2)


def test_a_query_shows_each_text_once_saying_where_else_it_is(tmp_path, formats, runner):
    build_index(tmp_path / "ix", [formats])
    result = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "query", "惠企政策", "--json"])
    found = json.loads(result.stdout)
    assert found["total"] == 1
    hit = found["hits"][0]
    other = [p for p in ("report.html", "report.txt") if not hit["source"].endswith(p)][0]
    assert [a["source"] for a in hit["also_in"]] == [str(formats / other)]
    text = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "query", "惠企政策"]).stdout
    assert f"also in: {formats / other} ({hit['also_in'][0]['id']})" in text
    every = json.loads(runner.invoke(cli, ["--index", str(tmp_path / "ix"), "query", "惠企政策", "--json",
                                           "--all-copies"]).stdout)
    assert sorted(h["id"] for h in every["hits"]) == sorted([hit["id"], hit["also_in"][0]["id"]])


def test_a_pdf_and_a_web_page_of_the_same_text_count_once_in_compare(tmp_path):
    from pdf_fixtures import report

    folder = tmp_path / "f"
    folder.mkdir()
    report(folder / "report.pdf", [("heading", TITLE), ("para", MEETING), ("para", "各位代表："),
                                   *[("para", p) for p in PARAS]])
    (folder / "report.html").write_text(web_page(report_text()), encoding="utf-8")
    build_index(tmp_path / "ix", [folder])
    assert compare_rows(tmp_path / "ix") == [("钟楼区", 2, 1)]
    assert compare_rows(tmp_path / "ix", ("all_copies", True)) == [("钟楼区", 4, 2)]


def test_a_newspaper_page_carrying_the_report_keeps_its_other_story(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "report.txt").write_text(report_text(paras=HEADED), encoding="utf-8")
    (folder / "page.md").write_text(newspaper_page(), encoding="utf-8")
    build_index(tmp_path / "ix", [folder])
    with govsearch.Index(tmp_path / "ix") as ix:
        story = ix.search("运河文化节")
        assert [h.source for h in story.hits] == [str(folder / "page.md")] and not story.hits[0].also_in
        hits = ix.search("营商环境", limit=0).hits
        assert {h.source for h in hits} == {str(folder / "report.txt")}  # the report file is the primary
        assert len(hits) == 2


@pytest.mark.parametrize("other_title, other_meeting", [
    ("政协常委会工作报告", "——2024年1月7日在政协常州市钟楼区第十届委员会第三次会议上"),
    ("常州市钟楼区人民代表大会常务委员会工作报告", MEETING),  # the same body, place and year
])
def test_two_different_reports_of_one_place_and_year_share_no_copies(tmp_path, other_title, other_meeting):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "gov.txt").write_text(report_text(), encoding="utf-8")
    own = [f"一年来，我们围绕中心、服务大局，第{n}项重点工作取得新成效，为全区高质量发展贡献了智慧和力量。" for n in range(8)]
    # one long passage word for word the same: a stock sentence two reports of a year may share
    (folder / "other.txt").write_text(report_text(other_title, other_meeting, [PARAS[0], *own]), encoding="utf-8")
    report = build_index(tmp_path / "ix", [folder])
    assert report.copies == 0
    with govsearch.Index(tmp_path / "ix") as ix:
        assert ix.search("地区生产总值", limit=0).total == 2


def test_copies_are_found_again_when_a_copy_is_added_or_removed(tmp_path):
    folder = tmp_path / "f"
    folder.mkdir()
    (folder / "report.txt").write_text(report_text(), encoding="utf-8")
    build_index(tmp_path / "ix", [folder])
    before = texts_by_id(tmp_path / "ix")
    (folder / "report.html").write_text(web_page(report_text()), encoding="utf-8")
    with govsearch.Index(tmp_path / "ix") as ix:
        assert ix.update([folder]).copies == len(PARAS) + 2
        assert ix.search("惠企政策").total == 1
    (folder / "report.html").unlink()
    with govsearch.Index(tmp_path / "ix") as ix:
        assert ix.update([folder]).copies == 0
    assert texts_by_id(tmp_path / "ix") == before


def test_a_text_hash_is_the_same_for_the_same_text_and_differs_otherwise():
    assert copies.text_hash("营商环境".encode()) == copies.text_hash("营商环境".encode())
    assert copies.text_hash("营商环境".encode()) != copies.text_hash("营商环 境".encode())


def test_the_web_page_says_where_else_a_hit_is(tmp_path, formats):
    from govsearch.web import backend, pages, params

    build_index(tmp_path / "ix", [formats])
    search = params.parse_search("q=惠企政策")
    with govsearch.Index(tmp_path / "ix") as ix:
        found = backend.search(ix, search)
        other = found["hits"][0]["also_in"][0]
    html = pages.search_page(search, found)
    assert f'also in: <a href="{pages.passage_href(other["id"])}">{other["source"]}</a>' in html


def test_terms_figures_and_export_count_each_text_once_unless_asked(tmp_path, formats, runner):
    build_index(tmp_path / "ix", [formats])
    once, every = len(PARAS) + 2, 2 * (len(PARAS) + 2)
    with govsearch.Index(tmp_path / "ix") as ix:
        assert ix.terms(district="钟楼区").passages == once
        assert ix.terms(district="钟楼区", all_copies=True).passages == every
        assert len(ix.figures("地区生产总值").figures) == len(ix.figures("地区生产总值", all_copies=True).figures) // 2
        assert ix.files("营商环境")[0] == 2 and len(ix.files("营商环境")[1]) == 1
    lines = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "export"]).stdout.splitlines()
    assert len(lines) == once
    lines = runner.invoke(cli, ["--index", str(tmp_path / "ix"), "export", "--all-copies"]).stdout.splitlines()
    assert len(lines) == every


def test_similar_leaves_out_the_passage_s_own_text_elsewhere(tmp_path, formats):
    build_index(tmp_path / "ix", [formats])
    with govsearch.Index(tmp_path / "ix") as ix:
        hit = ix.search("惠企政策").hits[0]
        # the one passage like it in another document is its copy (what similar gave before): no other phrasing
        assert ix.similar(hit.id, limit=50).hits == []
        assert ix.similar(hit.id, limit=50, all_copies=True).hits == []


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(-1, 29), min_size=30, max_size=30), st.sets(st.integers(0, 29)))
def test_once_drops_a_copy_only_when_its_original_is_there(tmp_path_factory, of, wanted):
    # a copy's original is never a copy itself (``copies._mark_group`` points at originals)
    marks = np.array([m if m >= 0 and m != i and of[m] in (m, -1) else copies.ORIGINAL for i, m in enumerate(of)],
                     dtype=np.int64)
    folder = tmp_path_factory.mktemp("copies")
    np.save(folder / copies.NAME, marks)
    (folder / copies.INFO).write_text(json.dumps({"copies": int((marks >= 0).sum())}), encoding="utf-8")
    docnums = np.array(sorted(wanted), dtype=np.int64)
    kept = copies.Copies(folder).once(docnums).tolist()
    assert kept == [d for d in docnums.tolist() if marks[d] < 0 or marks[d] not in wanted]
    others = copies.Copies(folder)
    for d in range(30):  # the same text elsewhere: symmetric
        assert all(d in others.others(o) for o in others.others(d))


# the ids the docs show

def test_the_seeds_ids_are_the_same_in_every_clone(seed_index):
    with govsearch.Index(seed_index) as opened:
        real = {Path(p.source).name: p.id.rpartition("-")[0] for p in opened.passages()}
    assert real == {path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12] for path in SEEDS.iterdir()}


def test_the_pages_show_the_seeds_ids_a_fresh_clone_prints():
    from test_docs import SHOWN_IDS

    seeds = {name: shown for shown, name in SHOWN_IDS.items() if (SEEDS.parent / name).exists()}
    assert seeds and all(shown == hashlib.sha256((SEEDS.parent / name).read_bytes()).hexdigest()[:12]
                         for name, shown in seeds.items())


def test_an_update_that_changes_nothing_keeps_the_copies_it_found(tmp_path, formats, monkeypatch):
    build_index(tmp_path / "ix", [formats])

    def never(*args):
        raise AssertionError("copies found again")

    monkeypatch.setattr(copies, "_copies", never)
    with govsearch.Index(tmp_path / "ix") as ix:
        report = ix.update([formats])
        assert (report.unchanged, report.identical, report.copies) == (3, 1, len(PARAS) + 2)
        assert ix.search("惠企政策").total == 1


def show_json(tmp_path, passage_id):
    return json.loads(index(tmp_path, None, "show", passage_id, "--json").output)


def test_an_update_after_a_move_knows_the_files_where_they_are_now(tmp_path):
    folder, moved = tmp_path / "reports", tmp_path / "moved"
    folder.mkdir()
    (folder / "r.txt").write_text(report_text(), encoding="utf-8")
    index(tmp_path, None, "index", str(folder))
    shutil.move(folder, moved)
    result = index(tmp_path, None, "index", str(moved))
    assert "(1 new, 0 changed, 0 unchanged, 1 removed, 0 skipped)" in result.output
    found = show_json(tmp_path, texts_and_first_id(tmp_path))
    assert (found["source"], found["sources"]) == (str(moved / "r.txt"), [str(moved / "r.txt")])
    assert "identical" not in result.output


def test_indexing_a_folder_that_is_gone_drops_its_files(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "r.txt").write_text(report_text(), encoding="utf-8")
    index(tmp_path, None, "index", str(folder))
    shutil.rmtree(folder)
    result = index(tmp_path, None, "index", str(folder))
    assert (result.exit_code, result.output.splitlines()[-1].split(" passages")[0]) == (
        0, "govsearch: 0 files (0 new, 0 changed, 0 unchanged, 1 removed, 0 skipped), 0")
    assert texts_by_id(tmp_path / "ix") == {}
    assert index(tmp_path, None, "index", str(folder)).exit_code == 2  # nothing of it left: a path that is not there


def texts_and_first_id(tmp_path):
    return sorted(texts_by_id(tmp_path / "ix"))[0]
