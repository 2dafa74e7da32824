"""Readers: encodings, .docx, folders; a bad file is reported and skipped, never fatal."""

import codecs

import docx
import pytest

from govsearch.errors import ReadError
from govsearch.readers import find_files, iter_files, read

TEXT = "# 2024年某区政府工作报告\n\n优化营商环境，发展新质生产力。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_text_encodings(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read(path)[0].text == TEXT


def test_utf16_with_a_bom(tmp_path):
    for name, data in [("le.txt", TEXT.encode("utf-16")),
                       ("be.txt", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"))]:
        path = tmp_path / name
        path.write_bytes(data)
        assert read(path)[0].text == TEXT


def test_windows_line_endings(tmp_path):
    path = tmp_path / "report.md"
    path.write_bytes(TEXT.replace("\n", "\r\n").encode())
    assert read(path)[0].text == TEXT


def test_binary_data_is_refused(tmp_path):
    path = tmp_path / "blob.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(ReadError, match="blob.txt: binary data"):
        read(path)


def test_docx_paragraphs_and_table_cells(tmp_path):
    document = docx.Document()
    document.add_paragraph("一、2024年工作回顾")
    document.add_paragraph("持续优化营商环境。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "地区生产总值"
    table.rows[0].cells[1].text = "增长5%左右"
    path = tmp_path / "report.docx"
    document.save(path)
    source, = read(path)
    assert source.format == "docx"
    assert source.text.split("\n\n") == ["一、2024年工作回顾", "持续优化营商环境。", "地区生产总值", "增长5%左右"]


def test_corrupt_docx_is_a_read_error(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError, match="broken.docx"):
        read(path)


def test_folders_are_walked_and_other_kinds_counted(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/one.txt", "a/b/two.md", "a/b/three.docx", "a/four.pdf", "a/b/five.zip", "a/six.shtml",
                 "a/.hidden.txt", "a/~$lock.docx", "a/t1.xls", "a/t2.xls", "a/p.gif", "a/README"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "a" / "b" / "loop").symlink_to(tmp_path / "a")
    found = find_files([tmp_path / "a"])
    assert sorted(p.name for p in found.files) == ["five.zip", "four.pdf", "one.txt", "six.shtml", "three.docx",
                                                    "two.md"]
    assert found.skipped == {".xls": 2, ".gif": 1, "(no suffix)": 1}
    assert found.skipped_line() == "skipped 4 files of other types: .xls 2, (no suffix) 1, .gif 1"
    assert found.errors == []


def test_named_files_of_other_types_are_errors(tmp_path):
    (tmp_path / "table.xls").write_bytes(b"x")
    (tmp_path / "ok.txt").write_bytes(b"x")
    found = find_files([tmp_path / "table.xls", tmp_path / "ok.txt", tmp_path / "gone.pdf"])
    assert [p.name for p in found.files] == ["ok.txt"]
    assert [e.split(": ", 1)[0] for e in found.errors] == [str(tmp_path / "table.xls"), str(tmp_path / "gone.pdf")]
    assert "not a supported file type (.xls)" in found.errors[0]
    assert found.errors[1].endswith("no such file or folder")
    assert not found.skipped


def test_missing_path_is_a_read_error(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        list(iter_files([tmp_path / "missing"]))
