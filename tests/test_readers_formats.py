"""Readers of .docx extras, Big5 text, .zip collections and legacy .doc."""

import stat
import zipfile

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml

from govsearch.errors import ReadError
from govsearch.readers import doc, read

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TEXT_BOX = (f'<w:r {W} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            '<w:p><w:r><w:t>专栏：十件民生实事全部完成。</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
FOOTNOTES = (f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:t>注：新质生产力指创新起主导作用的先进生产力。</w:t></w:r></w:p></w:footnote>'
             '</w:footnotes>')


def _docx_with_extras(path):
    document = docx.Document()
    paragraph = document.add_paragraph("一、2024年工作回顾")
    paragraph._p.append(parse_xml(TEXT_BOX))
    document.add_paragraph("持续优化营商环境。")
    document.sections[0].header.paragraphs[0].text = "某某县人民政府文件"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    part = Part(PackURI("/word/footnotes.xml"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                FOOTNOTES.encode(), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    document.save(path)


def test_docx_text_boxes_footnotes_and_headers_are_kept(tmp_path):
    path = tmp_path / "report.docx"
    _docx_with_extras(path)
    assert read(path)[0].text.split("\n\n") == [
        "一、2024年工作回顾", "专栏：十件民生实事全部完成。", "持续优化营商环境。",
        "注：新质生产力指创新起主导作用的先进生产力。", "某某县人民政府文件"]


def test_docx_cells_of_merged_and_nested_tables(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "主要指标"
    table.cell(1, 0).text = "地区生产总值"
    table.cell(1, 1).text = "增长5%左右"
    table.cell(1, 2).add_table(rows=1, cols=1).cell(0, 0).text = "内表"
    path = tmp_path / "t.docx"
    document.save(path)
    source, = read(path)
    assert source.text.split("\n\n") == ["主要指标", "地区生产总值", "增长5%左右", "内表"]
    assert source.cells == {"主要指标", "地区生产总值", "增长5%左右", "内表"}


BIG5 = "各位代表：現在，我代表市人民政府，向大會報告政府工作，請予審議。優化營商環境，發展新質生產力。\n"


@pytest.mark.parametrize("encoding", ["big5", "cp950"])
def test_big5_text_is_detected(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(BIG5.encode(encoding))
    assert read(path)[0].text == BIG5


def test_gbk_text_is_not_taken_for_big5(tmp_path):
    text = "各位代表：现在，我代表市人民政府，向大会报告政府工作，请予审议。优化营商环境。\n"
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("gbk"))
    assert read(path)[0].text == text


def _zip(path, members, utf8_names=True):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name if utf8_names else _placeholder(name), data)
    if not utf8_names:  # as Chinese Windows tools write them: GBK bytes, no UTF-8 flag
        data = path.read_bytes()
        for name in members:
            data = data.replace(_placeholder(name).encode(), name.encode("gbk"))
        path.write_bytes(data)


def _placeholder(name):
    return "x" * len(name.encode("gbk"))


def test_zip_members_are_documents(tmp_path):
    path = tmp_path / "reports.zip"
    _zip(path, {"2024/北京.txt": "北京市政府工作报告。".encode(), "2024/说明.md": b"# notes\n",
                "2023/": b"", "images/logo.gif": b"GIF89a"})
    problems = []
    sources = read(path, problems=problems)
    assert [(s.path, s.text, s.format) for s in sources] == [
        (f"{path}/2024/北京.txt", "北京市政府工作报告。", "text"), (f"{path}/2024/说明.md", "# notes\n", "markdown")]
    assert problems == [f"{path}/images/logo.gif: not a supported file type (.gif), skipped; "
                        "govsearch reads .txt .md .docx .doc .pdf .html .htm .shtml .zip, and scans "
                        ".png .jpg .jpeg .tif .tiff .bmp .webp with OCR"]


def test_zip_names_written_as_gbk_without_the_utf8_flag(tmp_path):
    path = tmp_path / "win.zip"
    _zip(path, {"2024年报告/天宁区.txt": "天宁区。".encode()}, utf8_names=False)
    assert [s.path for s in read(path)] == [f"{path}/2024年报告/天宁区.txt"]


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.zip"
    _zip(path, {"a.txt": b"0" * 3_000_000, "b.txt": b"1" * 3_000_000})
    assert path.stat().st_size < 100_000
    with pytest.raises(ReadError, match=r"bomb.zip: member a.txt unpacks to 3.0 MB, over the 2 MB limit \(zip bomb\?\)"):
        read(path, max_bytes=2_000_000)
    with pytest.raises(ReadError, match=r"bomb.zip: unpacks to 6.0 MB, over the 5 MB limit"):
        read(path, max_bytes=5_000_000)
    assert len(read(path, max_bytes=7_000_000)) == 2


def test_a_damaged_zip_is_a_read_error(tmp_path):
    path = tmp_path / "bad.zip"
    path.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(ReadError, match="bad.zip: not a readable .zip"):
        read(path)


def test_doc_without_a_converter_says_how_to_get_one(tmp_path, monkeypatch):
    monkeypatch.setattr(doc.shutil, "which", lambda name: None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(ReadError) as raised:
        read(path)
    assert str(raised.value) == (f"{path}: cannot read .doc without antiword or catdoc (apt-get install antiword), "
                                 "or save it as .docx")


def test_doc_goes_through_the_converter(tmp_path, monkeypatch):
    # no .doc writer exists for Python: a stand-in converter checks it is handed the file's bytes
    fake = tmp_path / "antiword"
    fake.write_text('#!/bin/sh\nlast=""; for a in "$@"; do last="$a"; done\n'
                    'head -c 8 "$last" | od -An -tx1 | tr -d " \\n"; printf "\\n\\n一、工作回顾\\n\\n营商环境持续优化。\\n"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setattr(doc.shutil, "which", lambda name: str(fake) if name == "antiword" else None)
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    source, = read(path)
    assert source.format == "doc"
    assert source.text == "d0cf11e0a1b11ae1\n\n一、工作回顾\n\n营商环境持续优化。\n"


def test_doc_that_is_not_ole2_is_named(tmp_path):
    path = tmp_path / "fake.doc"
    path.write_bytes(b"{\\rtf1 not a doc}")
    if not doc.converters():
        pytest.skip("no converter here")
    with pytest.raises(ReadError, match="fake.doc: not a Word .doc file"):
        read(path)


@pytest.mark.skipif(not doc.converters(), reason="antiword/catdoc not installed")
def test_the_real_converter_runs_on_a_damaged_doc(tmp_path):
    path = tmp_path / "damaged.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(ReadError, match="damaged.doc: .doc not readable"):
        read(path)
