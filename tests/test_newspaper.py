"""Newspaper pages of five and six columns (issue #20, shape 1): the story's reading order, boxes
apart, jumps followed, no character lost — on PDFs written by reportlab and fpdf2, and as a
property over layouts handed to ``layout`` directly."""

import re
from collections import Counter

import pytest
from hypothesis import example, given, settings, strategies as st

from govsearch.passages import split
from govsearch.readers import layout, read

import newspaper_fixtures as nf
from pdf_fixtures import NOTO

SHEETS = {"six columns, framed box, reportlab": (dict(columns=6, drawn=True), "reportlab"),
          "five columns, box set apart by space, fpdf2": (dict(columns=5, drawn=False), "fpdf2")}


@pytest.fixture(scope="module", params=list(SHEETS))
def paper(request, tmp_path_factory):
    options, engine = SHEETS[request.param]
    if engine == "fpdf2" and not NOTO.exists():
        pytest.skip("fonts-noto-cjk not installed")
    sheet = nf.sheet(**options)
    path = tmp_path_factory.mktemp("news") / "paper.pdf"
    nf.write(sheet, path, engine)
    source, = read(path)
    return sheet, source, source.text.strip().split("\n\n")


def squeezed(text):
    return re.sub(r"\s", "", text)


def test_the_sheets_have_what_the_rules_are_about(paper):
    """The premise of the tests below: sentences across column breaks and across the jump to page 2,
    a box and a caption set into story A's columns, a caption across two of C's, four stories."""
    sheet, _, _ = paper
    assert set(sheet.breaks.values()) == {"column", "page"}
    assert sum(kind == "column" for kind in sheet.breaks.values()) >= 5
    assert sheet.stories["box"][0].startswith("本报讯") and sheet.stories["caption"][0].startswith("图为")
    assert sheet.stories["wide caption"][0].startswith("图为")
    assert [len(sheet.stories[name]) >= 5 for name in "ABCD"] == [True] * 4


def test_every_paragraph_is_one_block_and_each_story_reads_in_order(paper):
    sheet, _, blocks = paper
    found = [squeezed(b) for b in blocks]
    for name in ("A", "B", "C", "D", "box", "caption", "wide caption"):
        where = [found.index(squeezed(text)) for text in sheet.stories[name]]
        assert where == sorted(where), name
    for headline in sheet.stories["heading"]:
        assert headline in blocks


def test_a_box_or_caption_is_never_inside_a_story_paragraph(paper):
    sheet, _, blocks = paper
    for item in sheet.stories["box"] + sheet.stories["caption"] + sheet.stories["wide caption"]:
        holding = [b for b in blocks if squeezed(item)[:8] in squeezed(b)]
        assert [squeezed(b) for b in holding] == [squeezed(item)]


def test_the_sentence_over_the_jump_continues_on_page_2_and_the_jump_lines_are_dropped(paper):
    sheet, source, blocks = paper
    cut, = [text for text, kind in sheet.breaks.items() if kind == "page"]
    assert squeezed(cut) in {squeezed(b) for b in blocks}
    for jump in (nf.JUMP_TO, nf.JUMP_FROM, "下转", "上接", "某某日报", "星期四"):
        assert jump not in source.text


def test_every_passage_knows_its_first_page(paper):
    sheet, source, _ = paper
    pages = {squeezed(p.text): p.page for p in split(source.text, "paper", pages=source.pages)}
    assert {squeezed(text): pages.get(squeezed(text)) for text in nf.whole(sheet)} == {
        squeezed(text): sheet.pages[text] for text in nf.whole(sheet)}


def test_every_body_character_is_in_the_text_once(paper):
    sheet, source, _ = paper
    assert Counter(squeezed(source.text)) == Counter(squeezed(nf.body(sheet)))


@settings(max_examples=40, deadline=None)
@example(columns=4, drawn=True, photo=False, box_lines=6, box_at=0.5, wide=True, alone=False, align="centre",
         jump_head=None)
@example(columns=5, drawn=False, photo=False, box_lines=3, box_at=0.5, wide=True, alone=False, align="centre",
         jump_head=None)
@example(columns=6, drawn=True, photo=True, box_lines=0, box_at=0.5, wide=False, alone=False, align="centre",
         jump_head=None)
@example(columns=6, drawn=True, photo=True, box_lines=4, box_at=0.5, wide=True, alone=False, align="right",
         jump_head=None)
@example(columns=6, drawn=True, photo=True, box_lines=4, box_at=0.5, wide=True, alone=False, align="centre",
         jump_head="under")
@example(columns=5, drawn=True, photo=True, box_lines=4, box_at=0.5, wide=True, alone=False, align="centre",
         jump_head="over")
@example(columns=5, drawn=False, photo=False, box_lines=3, box_at=0.515625, wide=False, alone=False, align="right",
         jump_head=None)
@example(columns=4, drawn=True, photo=False, box_lines=6, box_at=0.5, wide=False, alone=False, align="right",
         jump_head=None)
@given(columns=st.sampled_from([4, 5, 6]), drawn=st.booleans(), photo=st.booleans(),
       box_lines=st.sampled_from([0, 2, 3, 4, 6]), box_at=st.floats(0.1, 0.8), wide=st.booleans(), alone=st.booleans(),
       align=st.sampled_from(["left", "centre", "right"]), jump_head=st.sampled_from([None, "under", "over"]))
def test_any_such_sheet_keeps_every_character_once_and_every_paragraph_whole(columns, drawn, photo, box_lines,
                                                                             box_at, wide, alone, align, jump_head):
    # with four columns the box stands in a single column: only its frame tells it from the column's text
    sheet = nf.sheet(columns, drawn=drawn or columns == 4, photo=photo, box_lines=box_lines, box_at=box_at,
                     wide_photo=wide, align=align, jump_head=jump_head)
    pages = nf.pages(sheet)[:1] if alone else nf.pages(sheet)  # alone: page 1 without the page its jump names
    text, _, _ = layout.text_of(pages)
    assert Counter(squeezed(text)) == Counter(squeezed(nf.body(sheet, pages=[p.number for p in pages])))
    blocks = {squeezed(b) for b in text.split("\n\n")}
    cut = [t for t, kind in sheet.breaks.items() if kind == "page"] if alone else []
    assert [t for t in nf.whole(sheet) if sheet.pages[t] in [p.number for p in pages]
            and squeezed(t) not in blocks and t not in cut] == []


@pytest.mark.parametrize("mark,direction,edition", [
    ("（下转第2版）", "to", 2), ("(转第12版)", "to", 12), ("下转第二版", "to", 2), ("（上接第1版）", "from", 1),
    ("（接第一版）", "from", 1), ("（紧接第３版）", "from", 3), ("（上接第十一版）", "from", 11)])
def test_jump_lines_of_the_usual_shapes(mark, direction, edition):
    found = layout._JUMP_LINE.match(mark)
    assert ("to" if found.group(1) in layout._JUMPS_TO else "from", layout._number(found.group(2))) == (
        direction, edition)


def test_a_run_of_numerals_that_is_no_number_names_no_edition():
    assert [layout._number(t) for t in ("一二", "十十", "二十三", "十")] == [0, 0, 23, 10]


def test_a_jump_mark_at_the_end_of_a_line_of_text_is_found_but_words_in_a_sentence_are_not():
    assert layout._JUMP_MARK.search("全年完成投资10亿元。（下转第2版）").group(2) == "2"
    assert not layout._JUMP_LINE.match("会议转第二版块讨论")
    assert not layout._JUMP_MARK.search("项目接第1版规划推进")


@pytest.mark.parametrize("at,as_pdf", [(0.2, False), (0.3, True), (0.6, False)])
def test_a_framed_box_inside_one_column_stands_apart(tmp_path, at, as_pdf):
    sheet = nf.sheet(4, drawn=True, box_at=at)
    if as_pdf:  # the frame as PDFium gives a drawn rectangle
        nf.write(sheet, tmp_path / "four.pdf")
        text = read(tmp_path / "four.pdf")[0].text
    else:
        text = layout.text_of(nf.pages(sheet))[0]
    blocks = [squeezed(b) for b in text.split("\n\n")]
    assert squeezed(sheet.stories["box"][0]) in blocks
    assert [t for t in sheet.stories["A"] if squeezed(t) not in blocks] == []


def test_a_box_waiting_for_a_sentence_that_never_ends_is_still_read():
    """A page cut off mid-sentence (its jump names a page that is not in the file) keeps the box it holds."""
    story = "第1项工作：坚持稳中求进工作总基调，持续优化营商环境，加快发展新质生产力，推进城乡融合发展，扎实办好"
    box = ["本报讯　记者从区发改局获悉，", "全区重点项目开工率达九成。"]
    lines = [story[i:i + 15] for i in range(0, len(story), 15)]
    fragments = [layout.Fragment(text, 100, 100 + 10 * len(text), 200 + 15 * n, 210 + 15 * n, 1, size=10)
                 for n, text in enumerate(lines[:2])]
    fragments += [layout.Fragment(text, 110, 110 + 10 * len(text), 250 + 15 * n, 260 + 15 * n, 1, size=10)
                  for n, text in enumerate(box)]
    fragments += [layout.Fragment(text, 100, 100 + 10 * len(text), 300 + 15 * n, 310 + 15 * n, 1, size=10)
                  for n, text in enumerate(lines[2:])]
    page = layout.Page(1, 1000, fragments, frames=[(105, 245, 260 + 10 * 15, 285)])
    text, _, _ = layout.text_of([page])
    assert text.strip().split("\n\n") == [story, "".join(box)]


def lines_at(x, top, texts, size=10):
    return [layout.Fragment(t, x, x + size * len(t), top + 15 * n, top + 15 * n + size, 1, size=size)
            for n, t in enumerate(texts)]


@pytest.mark.parametrize("inset,order", [(0, "band"), (8, "set in")])
def test_text_across_the_gutter_is_set_in_only_when_set_in_from_the_edges(inset, order):
    """Two columns, running text across both, two columns again. Flush with the columns' edges it is a
    band the columns stop for (a magazine's full-width paragraph): both columns above are read, then
    the band, then the columns below. Set in from both edges it is a box: each column reads on under it."""
    left = ["第一栏上部第一行文字，", "第一栏上部第二行文字。", "第一栏下部第一行文字，", "第一栏下部第二行文字。"]
    right = ["第二栏上部第一行文字，", "第二栏上部第二行文字。", "第二栏下部第一行文字，", "第二栏下部第二行文字。"]
    width = (260 - 2 * inset) // 10  # characters from edge to edge of the two columns, less the inset
    middle = [("横跨两栏的文字，" * 4)[:width - 1] + "，", ("横跨两栏的文字，" * 4)[:width - 1] + "。"]
    fragments = (lines_at(100, 100, left[:2]) + lines_at(250, 100, right[:2])
                 + lines_at(100 + inset, 145, middle)
                 + lines_at(100, 190, left[2:]) + lines_at(250, 190, right[2:]))
    leaves = [[f.text for f in leaf] for leaf in layout._reading_order(fragments)]
    if order == "band":
        assert leaves == [left[:2], right[:2], middle, left[2:], right[2:]]
    else:
        assert leaves == [left[:2], left[2:], right[:2], right[2:], middle]
        assert isinstance(layout._reading_order(fragments)[-1], layout._Apart)
