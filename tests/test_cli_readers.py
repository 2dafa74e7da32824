"""The CLI on PDFs, web pages, archives and files it cannot read: pages shown, every skip named, exit codes."""

import json
import zipfile

import pytest
from click.testing import CliRunner

from govsearch.cli import cli

from pdf_fixtures import newspaper, paragraph, scanned

PARAGRAPHS = [paragraph(n, clauses=4 + n % 5) for n in range(1, 40)]
PAGE = ("<html><head><meta charset='gbk'><title>2024年某县政府工作报告_某县人民政府网</title></head><body>"
        "<div>当前位置：首页 &gt; 政务公开</div><div class='c'><p>各位代表：</p><p>县城污水管网改造全面完成。</p>"
        "<p>新增城镇就业3210人。</p></div><div>版权所有：某县人民政府</div></body></html>")


def run(index, *args):
    return CliRunner().invoke(cli, ["--index", str(index), *args])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("docs")
    newspaper(root / "paper.pdf", PARAGRAPHS)
    (root / "web").mkdir()
    (root / "web" / "page.html").write_bytes(PAGE.encode("gbk"))
    with zipfile.ZipFile(root / "set.zip", "w") as archive:
        archive.writestr("2024/天宁区.txt", "天宁区推进老旧小区加装电梯工作。\n")
    for name in ("a.xls", "b.xls", "c.gif"):
        (root / name).write_bytes(b"x")
    return root


@pytest.fixture(scope="module")
def built(folder, tmp_path_factory):
    index = tmp_path_factory.mktemp("ix") / "index"
    result = run(index, "index", str(folder))
    return index, result


def test_a_folder_of_every_format_is_indexed_and_others_summed_up(built):
    _, result = built
    assert result.exit_code == 0, result.output
    assert "govsearch: skipped 3 files of other types: .xls 2, .gif 1" in result.stderr.splitlines()
    assert "3 files (3 new," in result.stderr


def test_stats_lists_documents_per_format(built):
    index, _ = built
    stats = json.loads(run(index, "stats", "--json").stdout)
    assert stats["documents"] == 3
    assert stats["formats"] == {"html": 1, "pdf": 1, "text": 1}
    assert "        1  pdf" in run(index, "stats").stdout.splitlines()


def test_query_export_and_show_give_the_page(built):
    index, _ = built
    wanted = PARAGRAPHS[30]
    hit = json.loads(run(index, "query", wanted[:30], "--json").stdout)["hits"][0]
    assert hit["text"] == wanted and hit["page"] == 3
    rows = [json.loads(line) for line in run(index, "export").stdout.splitlines()]
    pages = {row["text"]: row["page"] for row in rows}
    assert pages[PARAGRAPHS[0]] == 1 and pages[wanted] == 3
    assert pages["县城污水管网改造全面完成。"] is None
    shown = run(index, "show", hit["id"]).stdout.splitlines()
    assert "page:     3" in shown


def test_a_zip_member_is_named_in_source(built, folder):
    index, _ = built
    hit = json.loads(run(index, "query", "加装电梯", "--json").stdout)["hits"][0]
    assert hit["source"] == f"{folder}/set.zip/2024/天宁区.txt"
    assert f"source:   {folder}/set.zip/2024/天宁区.txt" in run(index, "show", hit["id"]).stdout.splitlines()


def test_web_page_title_comes_without_the_site_suffix(built):
    index, _ = built
    hit = json.loads(run(index, "query", "污水管网", "--json").stdout)["hits"][0]
    assert hit["title"] == "2024年某县政府工作报告"


def test_named_files_that_cannot_be_read_are_named_and_exit_2(tmp_path):
    scanned(tmp_path / "scan.pdf")
    (tmp_path / "sheet.xls").write_bytes(b"x")
    (tmp_path / "ok.txt").write_text("优化营商环境，发展新质生产力。\n", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.txt", b"0" * 3_000_000)
    index = tmp_path / "index"
    result = run(index, "index", str(tmp_path / "scan.pdf"), str(tmp_path / "sheet.xls"), str(tmp_path / "ok.txt"),
                 str(tmp_path / "bomb.zip"), "--max-size", "2")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert f"govsearch: {tmp_path / 'scan.pdf'}: no text layer (scanned?), skipped" in lines
    assert (f"govsearch: {tmp_path / 'sheet.xls'}: not a supported file type (.xls), skipped; "
            "govsearch reads .txt .md .docx .doc .pdf .html .htm .shtml .zip, and scans "
            ".png .jpg .jpeg .tif .tiff .bmp .webp with OCR") in lines
    assert (f"govsearch: {tmp_path / 'bomb.zip'}: member big.txt unpacks to 3.0 MB, over the 2 MB limit "
            "(zip bomb?), skipped; raise it with --max-size") in lines
    assert json.loads(run(index, "query", "营商环境", "--json").stdout)["total"] == 1


def test_unreadable_files_met_in_a_folder_are_named_but_exit_0(tmp_path):
    (tmp_path / "docs").mkdir()
    scanned(tmp_path / "docs" / "scan.pdf")
    (tmp_path / "docs" / "ok.txt").write_text("优化营商环境。\n", encoding="utf-8")
    result = run(tmp_path / "index", "index", str(tmp_path / "docs"))
    assert result.exit_code == 0
    assert f"govsearch: {tmp_path / 'docs' / 'scan.pdf'}: no text layer (scanned?), skipped" in result.stderr


def test_a_member_gone_from_a_named_zip_is_dropped(tmp_path):
    archive_path = tmp_path / "set.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("a.txt", "加装电梯工作全面推开。\n")
        archive.writestr("b.txt", "老旧小区改造加快推进。\n")
    index = tmp_path / "index"
    assert run(index, "index", str(archive_path)).exit_code == 0
    with zipfile.ZipFile(archive_path, "w") as archive:
        archive.writestr("a.txt", "加装电梯工作全面推开。\n")
    again = run(index, "index", str(archive_path))
    assert "1 files (0 new, 1 changed, 0 unchanged, 0 removed, 0 skipped)" in again.stderr
    assert json.loads(run(index, "query", "老旧小区", "--json").stdout)["total"] == 0
    assert json.loads(run(index, "query", "加装电梯", "--json").stdout)["total"] == 1
