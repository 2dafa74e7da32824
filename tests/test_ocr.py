"""Scans read by OCR (``readers.ocr``): image-only PDFs, page images, mixed PDFs, the cache, hostile files.

The scans are made here from the seeds (``scan_fixtures``): typeset 公文 pages,
turned, with dust and a red seal. Tests that run the engine skip, saying why, where
the extra ``govsearch[ocr]`` is not installed; they share one OCR cache so that each
page is read by the engine once in the run.
"""

import io
import json
import math
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from govsearch import readers, schema
from govsearch.cli import cli
from govsearch.errors import ReadError
from govsearch.readers import ocr

scan_fixtures = pytest.importorskip("scan_fixtures", reason="Pillow (from the OCR extra) is not installed")
rapidfuzz = pytest.importorskip("rapidfuzz", reason="rapidfuzz (the test extra) is not installed")

engine = pytest.mark.skipif(not ocr.available() or not scan_fixtures.available(),
                            reason="the OCR engine (pip install 'govsearch[ocr]') or fonts-noto-cjk is not installed")


def bare(text):
    return "".join(text.split())


def cer(read, typeset):
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(bare(read), bare(typeset)) / len(bare(typeset))


@pytest.fixture(scope="module")
def typeset():
    """Two pages of seed 000, the second paragraph of page 1 running on to page 2."""
    paragraphs = scan_fixtures.seed_paragraphs("000")
    return scan_fixtures.Typeset(paragraphs[0], paragraphs[1:5], lines_per_page=16)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("ocr-cache")


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory, typeset):
    pages = [scan_fixtures.scan(p, angle=a, seed=n) for n, (p, a) in enumerate(zip(typeset.pages, (1.5, -1.2)))]
    return scan_fixtures.save_pdf(pages[:2], tmp_path_factory.mktemp("pdf") / "报告.pdf")


@pytest.fixture(scope="module")
def read_pdf(scanned_pdf, cache):
    return readers.read(scanned_pdf, ocr_cache=cache)[0]


# -- what the engine reads ------------------------------------------------------------

@engine
def test_an_image_only_pdf_is_read_as_its_typeset_text(read_pdf, typeset):
    assert read_pdf.format == "pdf"
    assert cer(read_pdf.text, "".join(typeset.texts[:2])) <= 0.02
    assert [page for page, _ in read_pdf.ocr] == [1, 2]
    assert all(0.9 < score <= 1 for _, score in read_pdf.ocr)
    assert len(read_pdf.pages) == 2 and read_pdf.text[read_pdf.pages[1]:].startswith(typeset.texts[1][:2])


@engine
def test_page_numbers_dropped_and_a_paragraph_joined_across_pages(read_pdf, typeset):
    assert "— 1 —" not in read_pdf.text and "—1—" not in bare(read_pdf.text)
    last = typeset.texts[0][-6:]  # page 1 ends inside a paragraph that page 2 goes on with
    assert "\n" not in last
    first = typeset.texts[1][:6]
    joined = [p for p in read_pdf.text.split("\n\n") if last[-3:] in p]
    assert joined and first[:3] in joined[0]


@engine
def test_every_passage_of_a_scan_has_its_page_and_ocr_provenance(read_pdf):
    records = list(schema.records(read_pdf))
    pages = [r["page"] for r in records]
    assert pages[0] == 1 and set(pages) <= {1, 2} and pages == sorted(pages)
    assert all(r["provenance"]["ocr"]["engine"] == ocr.ENGINE for r in records)
    assert all(r["provenance"]["ocr"]["version"] == ocr.version() != "" for r in records)


@engine
def test_page_images_named_by_page_are_one_document_in_page_order(tmp_path, typeset, cache):
    pages = [scan_fixtures.scan(p, angle=-0.6, seed=5) for p in typeset.pages[:2]]
    pages[1].save(tmp_path / "报告.p2.jpg", quality=88)
    pages[0].save(tmp_path / "报告.p1.png")
    (tmp_path / "报告.p10.txt").write_text("不是页", encoding="utf-8")
    found = readers.find_files([tmp_path])
    assert [p.name for p in found.files] == ["报告.p1.png", "报告.p10.txt"]
    source = readers.read(tmp_path / "报告.p2.jpg", ocr_cache=cache)[0]
    assert Path(source.path).name == "报告.p1.png" and source.format == "png"
    assert cer(source.text, "".join(typeset.texts[:2])) <= 0.02
    assert [page for page, _ in source.ocr] == [1, 2]



@engine
def test_the_web_page_serves_each_page_image_of_a_scanned_report(tmp_path, typeset):
    import govsearch
    from govsearch.web.app import App

    folder = tmp_path / "scans"
    folder.mkdir()
    pages = [scan_fixtures.scan(p, angle=0.4, seed=7) for p in typeset.pages[:2]]
    pages[0].save(folder / "报告.p1.png")
    pages[1].save(folder / "报告.p2.jpg", quality=88)
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "index"), "index", str(folder)])
    assert result.exit_code == 0, result.output
    with govsearch.Index(tmp_path / "index") as ix:
        doc = next(iter(ix.passages())).id.rpartition("-")[0]
        second = App(ix)(f"/file/{doc}", "page=2")
        assert (second.status, second.content_type) == (200, "image/jpeg")
        assert second.body == (folder / "报告.p2.jpg").read_bytes()
        assert App(ix)(f"/file/{doc}", "page=3").status == 404

def _mixed_pdf(path, scan):
    """A PDF whose page 1 has a text layer and page 2 is the image ``scan``."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from pdf_fixtures import FONT

    page = canvas.Canvas(str(path))
    text = page.beginText(72, 760)
    text.setFont(FONT, 12)
    text.textLine("第一页是文字层：坚持稳中求进工作总基调，持续优化营商环境。")
    page.drawText(text)
    page.showPage()
    image = io.BytesIO()
    scan.save(image, "JPEG", quality=88)
    image.seek(0)
    page.drawImage(ImageReader(image), 0, 0, width=595, height=842)
    page.showPage()
    page.save()
    return path


@engine
def test_a_multi_page_tiff_is_one_document_a_page_a_frame(tmp_path, typeset, cache):
    top = [page.crop((0, 0, page.width, page.height // 3)) for page in typeset.pages[:2]]  # fewer lines to read
    top[0].save(tmp_path / "报告.tif", save_all=True, append_images=top[1:], compression="tiff_lzw")
    source, = readers.read(tmp_path / "报告.tif", ocr_cache=cache)
    assert source.format == "tiff" and [page for page, _ in source.ocr] == [1, 2]
    second = bare(source.text[source.pages[1]:])
    assert bare(source.text).startswith(typeset.texts[0][:10]) and second.startswith(bare(typeset.texts[1])[:10])


@engine
def test_a_mixed_pdf_keeps_its_text_page_and_reads_the_scanned_one(tmp_path, typeset, cache):
    path = _mixed_pdf(tmp_path / "mixed.pdf", scan_fixtures.scan(typeset.pages[1], angle=0.5, seed=7))
    source = readers.read(path, ocr_cache=cache)[0]
    assert source.text.startswith("第一页是文字层：坚持稳中求进工作总基调，持续优化营商环境。")
    assert [p for p, _ in source.ocr] == [2]
    assert cer(source.text[source.pages[1]:], typeset.texts[1]) <= 0.02
    read = {r["page"]: "ocr" in r["provenance"] for r in schema.records(source)}
    assert read == {1: False, 2: True}


@engine
def test_index_reads_scans_once_then_from_the_cache(tmp_path, scanned_pdf, monkeypatch):
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "报告.pdf").write_bytes(scanned_pdf.read_bytes())
    (folder / "说明.txt").write_text("常州市钟楼区政府工作报告\n\n坚持稳中求进工作总基调。", encoding="utf-8")
    index = tmp_path / "index"
    runner = CliRunner()
    first = runner.invoke(cli, ["--index", str(index), "index", str(folder)])
    assert first.exit_code == 0, first.output
    assert (index / ocr.CACHE).is_dir()

    def no_ocr(image):
        raise AssertionError("OCR ran again")

    monkeypatch.setattr(ocr, "recognize", no_ocr)  # the build's workers are forked: they inherit it
    again = runner.invoke(cli, ["--index", str(index), "index", "--rebuild", str(folder)])
    assert again.exit_code == 0, again.output
    stats = json.loads(runner.invoke(cli, ["--index", str(index), "stats", "--json"]).output)
    assert stats["formats"] == {"pdf": 1, "text": 1} and stats["ocr"] == 1
    hit = json.loads(runner.invoke(cli, ["--index", str(index), "query", "钟楼", "--json"]).output)["hits"][0]
    shown = runner.invoke(cli, ["--index", str(index), "show", hit["id"]]).output
    score = json.loads(runner.invoke(cli, ["--index", str(index), "show", hit["id"], "--json"]).output)[
        "provenance"]["ocr"]["score"]
    assert 0.9 < score <= 1
    assert f"read by:  OCR, {ocr.ENGINE} {ocr.version()}, mean line score {score:.2f}\n" in shown


# -- hostile files: one line each, nothing else lost ----------------------------------------

def _png(width, height):
    """A PNG whose header claims ``width`` × ``height`` pixels, with one tiny block of data."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def _many_pages(path, count):
    """An image-only PDF of ``count`` pages, one small image drawn on each (written once in the file)."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = io.BytesIO()
    Image.new("L", (8, 8), 200).save(image, "PNG")
    image.seek(0)
    reader, pdf = ImageReader(image), canvas.Canvas(str(path))
    for _ in range(count):
        pdf.drawImage(reader, 0, 0, width=595, height=842)
        pdf.showPage()
    pdf.save()


@pytest.mark.skipif(not ocr.available(), reason="the OCR engine (pip install 'govsearch[ocr]') is not installed")
def test_hostile_scans_each_cost_one_line_and_nothing_else(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.png").write_bytes(b"")
    (folder / "bomb.png").write_bytes(_png(40_000, 40_000))
    good = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (64, 64), "white").save(good, "JPEG")
    (folder / "corrupt.jpg").write_bytes(good.getvalue()[:200])
    (folder / "not-an-image.jpg").write_bytes(b"x")
    _many_pages(folder / "huge.pdf", 10_000)
    (folder / "报告.txt").write_text("常州市钟楼区政府工作报告\n\n坚持稳中求进工作总基调。", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "index"), "index", str(folder)])
    lines = result.output.splitlines()
    said = {name: [line for line in lines if f"{name}:" in line] for name in
            ("empty.png", "bomb.png", "corrupt.jpg", "not-an-image.jpg", "huge.pdf")}
    assert all(len(found) == 1 for found in said.values()), said
    assert "empty file" in said["empty.png"][0]
    assert "40000 × 40000 pixels, over the limit" in said["bomb.png"][0]
    assert "not a readable image" in said["corrupt.jpg"][0]
    assert said["not-an-image.jpg"][0].endswith("not-an-image.jpg: not a readable image (not a format Pillow knows), "
                                                 "skipped")
    assert "10000 pages to read by OCR, over the limit of 500 (raise it with --max-pages)" in said["huge.pdf"][0]
    assert result.exit_code == 0  # none of them was named
    stats = json.loads(CliRunner().invoke(cli, ["--index", str(tmp_path / "index"), "stats", "--json"]).output)
    assert stats["documents"] == 1 and stats["formats"] == {"text": 1}


@pytest.mark.skipif(not ocr.available(), reason="the OCR engine (pip install 'govsearch[ocr]') is not installed")
def test_max_pages_is_the_users_to_lower(tmp_path):
    _many_pages(tmp_path / "scan.pdf", 3)
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "index"), "index", "--max-pages", "2",
                                      str(tmp_path / "scan.pdf")])
    assert result.exit_code == 2
    assert "scan.pdf: 3 pages to read by OCR, over the limit of 2 (raise it with --max-pages), skipped" in result.output


# -- without the engine ----------------------------------------------------------------------

def test_without_the_engine_a_named_image_is_an_error_naming_the_extra(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    (tmp_path / "报告.png").write_bytes(_png(10, 10))
    (tmp_path / "other.txt").write_text("坚持稳中求进工作总基调。", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "index"), "index", str(tmp_path / "报告.png"),
                                      str(tmp_path / "other.txt")])
    assert result.exit_code == 2
    assert "报告.png: an image: reading it needs OCR: pip install 'govsearch[ocr]', skipped" in result.output
    assert "Traceback" not in result.output


def test_without_the_engine_walked_images_are_counted_as_needing_it(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    for name in ("a_1.jpg", "a_2.jpg", "b.png"):
        (tmp_path / name).write_bytes(_png(10, 10))
    (tmp_path / "x.xls").write_bytes(b"")
    (tmp_path / "other.txt").write_text("坚持稳中求进工作总基调。", encoding="utf-8")
    found = readers.find_files([tmp_path])
    assert [p.name for p in found.files] == ["other.txt"]
    assert found.skipped_line() == ("skipped 1 file of other types: .xls 1; "
                                    "skipped 3 images: reading them needs OCR: pip install 'govsearch[ocr]'")


def test_without_the_engine_an_image_only_pdf_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    _many_pages(tmp_path / "scan.pdf", 2)
    with pytest.raises(ReadError, match=r"scan.pdf: a scan without a text layer: reading it needs OCR: "
                                        r"pip install 'govsearch\[ocr\]', skipped"):
        readers.read(tmp_path / "scan.pdf")


def test_without_the_engine_a_mixed_pdf_keeps_its_text_and_says_what_it_left_out(tmp_path, monkeypatch):
    from PIL import Image

    monkeypatch.setattr(ocr, "available", lambda: False)
    path = _mixed_pdf(tmp_path / "mixed.pdf", Image.new("RGB", (200, 280), "white"))
    problems = []
    source, = readers.read(path, problems=problems)
    assert source.text == "第一页是文字层：坚持稳中求进工作总基调，持续优化营商环境。\n" and source.ocr == ()
    assert problems == [f"{path}: scanned page 2 left out: reading it needs OCR: pip install 'govsearch[ocr]'"]


# -- the parts, without the engine -----------------------------------------------------------

stems = st.text(st.characters(whitelist_categories=("Lo", "Lu", "Ll")), min_size=1, max_size=8)


@given(stems, st.integers(1, 999), st.sampled_from(["{s}.p{n}", "{s}_{n}", "{s}（{n}）", "{s}-{n}", "{s} page{n}",
                                                     "{s}({n})", "{s}第{n}页"]),
       st.sampled_from(sorted(ocr.IMAGE_SUFFIXES)))
def test_a_page_number_in_an_image_name_is_read_back(stem, number, shape, suffix):
    assert ocr.page_group(shape.format(s=stem, n=number) + suffix) == (stem, number)


def test_names_without_a_page_number_are_documents_of_their_own():
    assert ocr.page_group("2024.png") is None
    assert ocr.page_group("报告.png") is None
    assert ocr.page_group("报告_1.pdf") is None
    assert ocr.page_group("附件1.png") is None and ocr.page_group("map1.png") is None


@given(st.floats(-1.5, 1.5), st.integers(0, 3))
@settings(max_examples=30)
def test_skew_is_taken_out_of_the_boxes(degrees, indented):
    """Lines of a page turned by ``degrees``: their left edges line up again, an indent stays an indent."""
    angle = math.radians(degrees)
    cos, sin = math.cos(angle), math.sin(angle)

    def turned(x, y):
        return [x * cos - y * sin, x * sin + y * cos]

    lines = []
    for row in range(20):
        x0, y0 = 200 + (88 if row == indented else 0), 300 + row * 78
        quad = [turned(x0, y0), turned(1440, y0), turned(1440, y0 + 50), turned(x0, y0 + 50)]
        lines.append([quad, "坚持稳中求进工作总基调，持续优化营商环境，加快发展新质生产力", 0.99])
    page, score = ocr.page_of({"width": 1654, "height": 2339, "lines": lines}, 1)
    lefts = [f.x0 for f in page.fragments]
    plain = [x for n, x in enumerate(lefts) if n != indented]
    assert max(plain) - min(plain) < 3
    assert lefts[indented] - min(plain) > 80
    assert score == pytest.approx(0.99)


def test_specks_read_as_punctuation_are_dropped():
    box = [[100, 100], [400, 100], [400, 140], [100, 140]]
    lines = [[box, "。", 0.6], [box, "·，", 0.7], [box, "-坚持稳中求进", 0.9], [box, "— 3 —", 0.95]]
    page, _ = ocr.page_of({"width": 1000, "height": 1400, "lines": lines}, 1)
    assert [f.text for f in page.fragments] == ["坚持稳中求进", "— 3 —"]


def test_red_is_made_light_and_what_is_printed_under_it_stays_dark():
    from PIL import Image

    image = Image.new("RGB", (4, 1))
    for x, colour in enumerate([(255, 255, 255), (215, 35, 40), (20, 3, 4), (0, 0, 0)]):
        image.putpixel((x, 0), colour)
    assert ocr.grey(image)[0].tolist() == [255, 215, 8, 0]


def test_lines_of_one_size_are_one_size_and_a_title_is_not():
    """Measured on their widths, body lines with digits and quotes come out one size: ``layout``
    takes a change of size for a caption or a box, which once moved a line under the title."""
    texts = ["深入推进“532”发展战略和区“3511”工作部署，", "坚持稳中求进工作总基调，持续优化营商环境。",
             "2024年主要工作安排两部分组成。"]
    em, lines, y = 44, [], 300
    for n, (text, cells) in enumerate(zip(texts, (23, 22, 14.5))):
        width = cells * em * (1.08 if n == 0 else 0.95)  # what the engine's boxes do
        lines.append([[[200, y], [200 + width, y], [200 + width, y + 50], [200, y + 50]], text, 0.99])
        y += 78
    title = 14 * 61  # 14 characters at 22 pt against 16 pt
    lines.insert(0, [[[300, 150], [300 + title, 150], [300 + title, 220], [300, 220]], "天宁区两会闭幕万亿之城再出发", 0.99])
    page, _ = ocr.page_of({"width": 1654, "height": 2339, "lines": lines}, 1)
    sizes = [f.size for f in page.fragments]
    assert sizes[1] == sizes[2] == sizes[3] and sizes[0] > 1.3 * sizes[1]


def test_a_poster_sized_page_is_rendered_no_larger_than_an_a4_page_at_twice_the_resolution(tmp_path):
    import pypdfium2 as pdfium
    from reportlab.pdfgen import canvas

    pytest.importorskip("PIL", reason="Pillow is not installed")
    pdf = canvas.Canvas(str(tmp_path / "poster.pdf"), pagesize=(14_400, 7_200))  # 200 × 100 inches
    pdf.showPage()
    pdf.save()
    document = pdfium.PdfDocument(str(tmp_path / "poster.pdf"))
    assert ocr.render(document[0]).size == (round(2 * ocr.DPI * 11.7), round(2 * ocr.DPI * 11.7) // 2)
    a4 = canvas.Canvas(str(tmp_path / "a4.pdf"))
    a4.showPage()
    a4.save()
    assert ocr.render(pdfium.PdfDocument(str(tmp_path / "a4.pdf"))[0]).size == (1654, 2339)  # 200 dpi
