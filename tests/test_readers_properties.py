"""Properties of the readers: paragraphs survive any PDF layout; GBK and Big5 text decode to what was written."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govsearch.readers import read
from govsearch.readers.text import decode

from pdf_fixtures import CLAUSES, Layout

def _both(char):
    try:
        char.encode("big5"), char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


# common characters; those written alike in simplified and traditional text can be encoded either way
COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理"
SHARED = "".join(c for c in COMMON if _both(c))
PUNCT = st.sampled_from(["，", "、", "；", "：", "。"])


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=SHARED, min_size=20, max_size=200), st.sampled_from(["gbk", "big5", "cp950"]),
       st.sampled_from(["", "，", "。\n"]))
def test_chinese_text_decodes_to_what_was_written(text, encoding, punct):
    text = punct.join(text[i:i + 7] for i in range(0, len(text), 7))
    assert decode(text.encode(encoding)) == text


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=COMMON, min_size=20, max_size=200))
def test_simplified_text_decodes_from_gbk_and_utf8(text):
    assert decode(text.encode("gbk")) == text
    assert decode(text.encode("utf-8")) == text


@st.composite
def paragraphs(draw, min_length):
    """Paragraphs of at least two lines: a block of one-line paragraphs shows neither indent nor margin."""
    count = draw(st.integers(min_value=3, max_value=30))
    out = []
    for n in range(count):
        parts = draw(st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=12))
        digits = draw(st.integers(min_value=0, max_value=99999))
        text = f"第{n + 1}条：" + "，".join(parts)
        while len(text) < min_length:
            text += "，" + CLAUSES[len(text) % len(CLAUSES)]
        out.append(text + f"，计{digits}项。")
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data(), st.integers(min_value=1, max_value=3), st.sampled_from([9, 10.5, 12]))
def test_paragraphs_come_out_whole_from_any_column_layout(tmp_path_factory, data, columns, size):
    path = tmp_path_factory.mktemp("prop") / "p.pdf"
    layout = Layout(path, columns=columns, size=size, lines_per_column=20, masthead="某某日报 第{n}版")
    texts = data.draw(paragraphs(min_length=layout.per_line + 1))
    for text in texts:
        layout.add(text)
    layout.save()
    source, = read(path)
    assert source.text.strip().split("\n\n") == texts
    assert len(source.pages) == layout.page
