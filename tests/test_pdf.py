"""PDF: reading order over columns and pages, furniture dropped, paragraphs whole, pages right, bad PDFs named."""

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from govsearch.errors import ReadError
from govsearch.passages import split
from govsearch.readers import layout, pdf, read

from conftest import SAMPLES
from pdf_fixtures import NOTO, Layout, newspaper, paragraph, report, scanned
import pdf_fixtures

PARAGRAPHS = [paragraph(n, clauses=4 + n % 5) for n in range(1, 40)]


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "paper.pdf"
    layout = newspaper(path, PARAGRAPHS)
    return read(path)[0], layout


def test_newspaper_paragraphs_come_out_whole_and_in_order(paper):
    source, _ = paper
    assert source.format == "pdf"
    assert source.text.strip().split("\n\n") == ["某区政府工作报告全文", *PARAGRAPHS]


def test_the_fixture_has_sentences_across_columns_and_pages(paper):
    """The premise of the test above: some paragraphs are laid across a column break, some across a page break."""
    _, layout = paper
    assert layout.breaks == {"column", "page"}
    assert layout.page == 3


def test_masthead_running_header_and_page_numbers_are_dropped(paper):
    text = paper[0].text
    for furniture in ("某某日报", "星期四", "要闻", "—", "第1版"):
        assert furniture not in text


def test_every_passage_knows_its_first_page(paper):
    source, layout = paper
    passages = split(source.text, "paper", pages=source.pages)
    by_text = {p.text: p.page for p in passages}
    assert [by_text[t] for t in PARAGRAPHS] == layout.starts


@pytest.mark.parametrize("style", ["— {n} —", "- {n} -", "·{n}·", "第{n}页", "{n}/40", "第{n}页 共40页", "{n}",
                                   "Page {n} of 40"])
def test_page_numbers_of_every_usual_shape_are_dropped(tmp_path, style):
    # one page: the number is recognised by its shape alone, not by repeating on every page
    items = [("heading", "一、过去一年工作回顾")] + [("para", paragraph(n, 9)) for n in range(1, 9)]
    report(tmp_path / "r.pdf", items, page_number=style)
    source = read(tmp_path / "r.pdf")[0]
    assert source.pages == (0,)
    assert source.text.strip().split("\n\n") == [text for _, text in items]


def test_outline_headings_open_sections(tmp_path):
    items = [("heading", "一、2024年工作回顾"), ("para", paragraph(1)), ("heading", "（一）经济运行稳中有进"),
             ("para", paragraph(2)), ("heading", "二、2025年工作安排"), ("para", paragraph(3))]
    report(tmp_path / "r.pdf", items)
    passages = split(read(tmp_path / "r.pdf")[0].text, "某区政府工作报告")
    assert [(p.section, p.text) for p in passages] == [
        ("一、2024年工作回顾", paragraph(1)),
        ("一、2024年工作回顾 › （一）经济运行稳中有进", paragraph(2)),
        ("二、2025年工作安排", paragraph(3)),
    ]


def test_a_scan_without_text_is_named(tmp_path):
    scanned(tmp_path / "scan.pdf")
    with pytest.raises(ReadError, match=r"scan.pdf: no text layer \(scanned\?\), skipped"):
        read(tmp_path / "scan.pdf")


def test_an_empty_user_password_opens(tmp_path):
    encrypted = tmp_path / "owner.pdf"
    layout = Layout(encrypted, columns=1, page_number=None,
                    encrypt=StandardEncryption("", ownerPassword="owner", canPrint=0))
    layout.add(paragraph(1))
    layout.save()
    assert b"/Encrypt" in encrypted.read_bytes()
    assert read(encrypted)[0].text == paragraph(1) + "\n"


def test_a_real_password_is_a_clear_message(tmp_path):
    path = tmp_path / "secret.pdf"
    layout = Layout(path, columns=1, page_number=None, encrypt=StandardEncryption("secret", ownerPassword="o"))
    layout.add(paragraph(1))
    layout.save()
    with pytest.raises(ReadError, match="secret.pdf: encrypted PDF that needs a password, skipped"):
        read(path)


def test_damaged_pdf_is_a_read_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\nnothing else")
    with pytest.raises(ReadError, match="broken.pdf: not a readable PDF"):
        read(path)


def test_junk_text_layers_are_recognised():
    good = paragraph(1) * 3
    assert not pdf.unreadable(good)
    assert pdf.unreadable("(cid:12)(cid:345)(cid:6) 一 (cid:78)(cid:90)")
    assert pdf.unreadable("\ue001\ue002\ue003\ue004政府")
    assert not pdf.unreadable(good + "(cid:1)")  # one stray code in a page of text is not a broken font


@pytest.mark.skipif(not (SAMPLES / "pdf").is_dir(), reason="samples not present")
def test_sample_pdf_paragraphs_end_sentences():
    for path in sorted((SAMPLES / "pdf").glob("*.pdf")):
        source = read(path)[0]
        blocks = source.text.strip().split("\n\n")
        passages = split(source.text, path.stem, pages=source.pages)
        cut = [b for b in blocks if not layout.ends_sentence(b) and len(b) > 40]
        assert cut == [], path.name
        assert [p.page for p in passages] == sorted(p.page for p in passages)
        assert passages[-1].page == len(source.pages)


def test_a_photo_caption_inside_a_paragraph_stands_apart(tmp_path):
    path = tmp_path / "photo.pdf"
    layout = Layout(path, columns=2, headline="城市书房遍布街巷", page_number="第{n}版")
    first, rest = paragraph(1, 9)[:57], paragraph(1, 9)[57:]  # three full lines, then the photo
    layout.add_lines(first)
    layout.figure("图为新建成的城市书房。记者 王明 摄")
    layout.add_lines(rest, first_indent=0)
    for n in range(2, 12):
        layout.add(paragraph(n, 6))
    layout.save()
    blocks = read(path)[0].text.strip().split("\n\n")
    assert blocks == ["城市书房遍布街巷", paragraph(1, 9), "图为新建成的城市书房。记者 王明 摄",
                      *[paragraph(n, 6) for n in range(2, 12)]]


def test_a_boxed_side_story_is_read_whole_after_the_article(tmp_path):
    from pdf_fixtures import boxed

    main = [paragraph(n, 6) for n in range(1, 9)]
    side = ["记者从区发改局获悉，全区重点项目开工率达到百分之九十五。", "下一步将继续优化营商环境。"]
    layout = boxed(tmp_path / "box.pdf", main, "重点项目提速", side)
    assert layout.column == 1  # the article reached its second column
    blocks = read(tmp_path / "box.pdf")[0].text.strip().split("\n\n")
    assert blocks == ["全力推动高质量发展", *main, "重点项目提速", *side]


@pytest.mark.skipif(not NOTO.exists(), reason="fonts-noto-cjk not installed")
def test_four_columns_in_an_embedded_font(tmp_path):
    from pdf_fixtures import embedded_newspaper

    embedded_newspaper(tmp_path / "four.pdf", 3, 4)
    source, = read(tmp_path / "four.pdf")
    blocks = source.text.strip().split("\n\n")
    expected = [paragraph(n, 3 + n % 7) for n in range(1, len(blocks) + 1)]
    assert len(blocks) > 100
    assert blocks[:-1] == expected[:-1]
    assert expected[-1].startswith(blocks[-1])  # the last page ends inside a paragraph
    assert len(source.pages) == 3


def test_a_list_of_one_line_sentences_stays_apart(tmp_path):
    items = [("para", f"第{n}条：{text}。") for n, text in enumerate(["坚持稳中求进", "优化营商环境", "发展新质生产力"], 1)]
    report(tmp_path / "list.pdf", items)
    assert read(tmp_path / "list.pdf")[0].text.strip().split("\n\n") == [text for _, text in items]


def test_a_table_is_read_row_by_row_each_row_a_passage(tmp_path):
    rows = [("指标", "单位", "2023年", "增长"), ("地区生产总值", "亿元", "4412", "5.2%"),
            ("一般公共预算收入", "亿元", "6181", "8.2%"), ("城镇调查失业率", "%", "4.4", "—")]
    before, after = [paragraph(n, 6) for n in range(1, 4)], [paragraph(n, 6) for n in range(4, 7)]
    path = tmp_path / "table.pdf"
    pdf_fixtures.table(path, before, rows, after)
    source, = read(path)
    assert [p.text for p in split(source.text, cells=source.cells)] == before + ["　".join(r) for r in rows] + after


def test_columns_of_running_text_are_no_table(tmp_path):
    paragraphs = [paragraph(n, 2 + n % 9) for n in range(1, 60)]
    path = tmp_path / "four.pdf"
    layout = pdf_fixtures.Layout(path, columns=4, size=9, lines_per_column=40)
    for text in paragraphs:
        layout.add(text)
    layout.save()
    source, = read(path)
    assert source.cells == frozenset()
    assert [p.text for p in split(source.text)] == paragraphs
