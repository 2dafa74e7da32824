"""Real report shapes, on fixtures written here: .docx, a scraped web page, archive text, traditional characters."""

import docx
import pytest

import govsearch
from govsearch.passages import split
from govsearch.readers import read
from govsearch.schema import records as schema_records

from conftest import build


def records(path):
    return list(schema_records(read(path)[0]))


def by_start(rows, start):
    return next(r for r in rows if r["text"].startswith(start))


@pytest.fixture
def docx_report(tmp_path):
    document = docx.Document()
    for text in [
        "2025年某某省政府工作报告",
        "来源：某某日报",
        "——2025年1月19日在某某省第十四届人民代表大会第三次会议上",
        "省长 张三",
        "各位代表：",
        "现在，我代表省人民政府，向大会报告工作，请予审议，并请各位政协委员提出意见。",
        "一、2024年工作回顾",
        "（一）经济运行稳进提质。健全高质量发展工作机制，持续优化营商环境。",
        "推动托育服务扩容提质。",
        "二、2025年重点工作",
        "（一）统筹消费和投资，加快释放",
        "内需潜力",
        "大力提振消费。",
        "名词解释",
        "1.“两新”：大规模设备更新和消费品以旧换新。",
    ]:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "地区生产总值"
    table.rows[0].cells[1].text = "增长5%左右"
    path = tmp_path / "2025年某某省政府工作报告.docx"
    document.save(path)
    return path


def test_docx_report_tags(docx_report):
    rows = records(docx_report)
    assert {(r["district"], r["body"], r["meeting"], r["date"], r["speaker"]) for r in rows} == {
        ("某某省", "人大", "某某省第十四届人民代表大会第三次会议", "2025-01-19", "省长 张三")}
    assert {r["title"] for r in rows} == {"2025年某某省政府工作报告"}


def test_docx_report_sections(docx_report):
    rows = records(docx_report)
    assert by_start(rows, "各位代表")["section"] == ""
    assert by_start(rows, "（一）经济运行")["section"] == "一、2024年工作回顾 › （一）经济运行稳进提质"
    assert by_start(rows, "推动托育")["section"] == "一、2024年工作回顾 › （一）经济运行稳进提质"
    assert by_start(rows, "大力提振消费")["section"] == "二、2025年重点工作 › （一）统筹消费和投资，加快释放内需潜力"
    assert by_start(rows, "1.“两新”")["section"] == "名词解释"
    assert by_start(rows, "增长5%左右")["section"] == "名词解释"


WEB_PAGE = """首页 > 政务公开 > 政府工作报告
【字体：大 中 小】
下载
打印
全屏
收藏
【字号：
加大
还原
减小
】
2026年某某市政府工作报告
——2026年2月3日在某某市第十六届人民代表大会第四次会议上
来源：某某日报
时间：2026-02-09
某某市市长 李 四
李四作政府工作报告。本报记者 王五摄
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
过去一年，我们坚持稳中求进，
全市经济持续回升向好。
（一）全力促进经济平稳健康发展
稳增长政策措施加快落地见效。
相关报道：
【打印本页】【关闭窗口】
扫一扫在手机打开当前页
版权所有：某某市人民政府办公室
"""


def test_web_page(tmp_path):
    path = tmp_path / "2026年某某市政府工作报告.txt"
    path.write_text(WEB_PAGE, encoding="utf-8")
    rows = records(path)
    texts = [r["text"] for r in rows]
    for furniture in ("首页", "【字体", "下载", "打印", "加大", "相关报道：", "【字号：", "【打印本页】", "扫一扫", "版权所有"):
        assert not any(t.startswith(furniture) for t in texts)
    assert {r["title"] for r in rows} == {"2026年某某市政府工作报告"}
    assert "来源：某某日报" in texts and "时间：2026-02-09" in texts
    assert "李四作政府工作报告。本报记者 王五摄" in texts
    assert "过去一年，我们坚持稳中求进，全市经济持续回升向好。" in texts
    assert by_start(rows, "稳增长")["section"] == "一、2025年工作回顾 › （一）全力促进经济平稳健康发展"
    first = rows[0]
    assert (first["district"], first["meeting"], first["date"], first["speaker"]) == (
        "某某市", "某某市第十六届人民代表大会第四次会议", "2026-02-03", "市长 李四")


ARCHIVE = """政府工作报告



——2024年3月5日在第十四届全国人民代表大会第二次会议上


国务院总理\u3000
李\u3000强


各位代表：

\u3000\u3000现在，我代表国务院，向大会报告政府工作，请予审议。

一、2023年工作回顾

\u3000\u3000过去一年，我们加快推进
新型工业化
，大力发展数字经济。

本作品是中华人民共和国的
法律
、
法规
，属于
公有领域
。

Public domain
false
"""


def test_archive_text(tmp_path):
    path = tmp_path / "2024年中华人民共和国国务院政府工作报告.txt"
    path.write_text(ARCHIVE, encoding="utf-8")
    rows = records(path)
    texts = [r["text"] for r in rows]
    assert "过去一年，我们加快推进新型工业化，大力发展数字经济。" in texts
    assert not any("公有领域" in t or t in ("Public domain", "false") for t in texts)
    assert {(r["district"], r["body"], r["meeting"], r["date"]) for r in rows} == {
        ("全国", "人大", "第十四届全国人民代表大会第二次会议", "2024-03-05")}
    assert rows[0]["speaker"] == "总理 李强"
    assert by_start(rows, "过去一年")["section"] == "一、2023年工作回顾"


TRADITIONAL = """政府工作報告

——一九五四年九月二十三日在第一屆全國人民代表大會第一次會議上

各位代表：

一、過去五年的工作

我們發展了國營經濟，改善了人民生活。

名詞解釋

1.過渡時期總路線：逐步實現國家的社會主義工業化。
"""


def test_traditional_report_tags_and_search(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "1954年政府工作報告.txt").write_text(TRADITIONAL, encoding="utf-8")
    (docs / "simplified.md").write_text("# 某区两会\n\n我们发展了国营经济。\n", encoding="utf-8")
    rows = records(docs / "1954年政府工作報告.txt")
    assert {(r["district"], r["body"], r["meeting"], r["date"]) for r in rows} == {
        ("全国", "人大", "第一届全国人民代表大会第一次会议", "1954-09-23")}
    assert by_start(rows, "1.過渡")["section"] == "名詞解釋"
    build(tmp_path / "ix", [docs])
    with govsearch.Index(tmp_path / "ix") as ix:
        simplified = {h.id for h in ix.search("发展了国营经济", limit=0).hits}
        traditional = {h.id for h in ix.search("發展了國營經濟", limit=0).hits}
        assert simplified == traditional and len(simplified) == 2
        hit = ix.search("过渡时期总路线", limit=0).hits[0]
        assert hit.text[slice(*hit.matches[0])] == "過渡時期總路線"


def test_resolution_title_from_file_name(tmp_path):
    path = tmp_path / "第十四届全国人民代表大会第三次会议关于政府工作报告的决议.txt"
    path.write_text("第十四届全国人民代表大会第三次会议听取和审议了国务院总理所作的\n政府工作报告\n"
                    "。会议同意报告提出的2025年经济社会发展的总体要求。\n", encoding="utf-8")
    rows = records(path)
    assert rows[0]["title"] == path.stem
    assert rows[0]["text"].startswith("第十四届全国人民代表大会第三次会议听取和审议了国务院总理所作的政府工作报告。")
    assert (rows[0]["district"], rows[0]["body"], rows[0]["meeting"], rows[0]["date"]) == (
        "全国", "人大", "第十四届全国人民代表大会第三次会议", "2025")


def test_chinese_numeral_meeting_line_without_di(tmp_path):
    path = tmp_path / "gansu.txt"
    path.write_text("2026年甘肃省政府工作报告\n\n二〇二六年一月二十七日在甘肃省十四届人民代表大会第四次会议上\n\n"
                    "各位代表：\n\n一、工作回顾\n\n我们推进了乡村振兴。\n", encoding="utf-8")
    row = records(path)[-1]
    assert (row["district"], row["meeting"], row["date"]) == (
        "甘肃省", "甘肃省第十四届人民代表大会第四次会议", "2026-01-27")


def test_title_line_above_the_meeting_line_and_a_bare_speaker_name(tmp_path):
    path = tmp_path / "1978.txt"
    path.write_text("团结起来，为建设社会主义的现代化强国而奋斗\n\n"
                    "——一九七八年二月二十六日在第五届全国人民代表大会第一次会议上的政府工作报告\n\n华国锋\n\n"
                    "各位代表：\n\n现在，我代表国务院向大会作政府工作报告。\n", encoding="utf-8")
    rows = records(path)
    assert {(r["title"], r["district"], r["meeting"], r["date"], r["speaker"]) for r in rows} == {
        ("团结起来，为建设社会主义的现代化强国而奋斗", "全国", "第五届全国人民代表大会第一次会议", "1978-02-26", "华国锋")}


def test_resolution_dated_in_brackets_names_no_speaker(tmp_path):
    path = tmp_path / "决议.txt"
    path.write_text("第十四届全国人民代表大会第二次会议关于政府工作报告的决议\n\n"
                    "（2024年3月11日第十四届全国人民代表大会第二次会议通过）\n\n"
                    "第十四届全国人民代表大会第二次会议听取和审议了国务院总理李强所作的政府工作报告。"
                    "会议充分肯定国务院过去一年的工作，决定批准这个报告。\n", encoding="utf-8")
    rows = records(path)
    assert [r["text"][:4] for r in rows] == ["（202", "第十四届"]
    assert {(r["meeting"], r["date"], r["speaker"]) for r in rows} == {
        ("第十四届全国人民代表大会第二次会议", "2024-03-11", "")}


def test_abbreviated_meeting_line_takes_its_place_from_the_title(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("杭州市西湖区2024年政府工作报告\n\n——二○二四年一月十日在区十七届人大四次会议上\n\n"
                    "各位代表：\n\n一、工作回顾\n\n全区实现地区生产总值2400亿元。\n", encoding="utf-8")
    row = records(path)[-1]
    assert (row["district"], row["body"], row["meeting"], row["date"]) == (
        "西湖区", "人大", "杭州市西湖区第十七届人民代表大会第四次会议", "2024-01-10")


def test_cppcc_work_report(tmp_path):
    path = tmp_path / "cppcc.txt"
    path.write_text("政协江苏省委员会常务委员会工作报告\n\n——2025年1月18日在政协江苏省第十三届委员会第三次会议上\n\n"
                    "各位委员：\n\n一、2024年主要工作\n\n过去一年，全省各级政协组织积极建言资政。\n", encoding="utf-8")
    row = records(path)[-1]
    assert (row["district"], row["body"], row["meeting"], row["date"], row["section"]) == (
        "江苏省", "政协", "政协江苏省第十三届委员会第三次会议", "2025-01-18", "一、2024年主要工作")


def test_headings_without_a_blank_line_under_them(tmp_path):
    document = docx.Document()
    document.add_paragraph("2024年某某县政府工作报告")
    soft = document.add_paragraph("各位代表：")
    for line in ["现在，我代表县人民政府向大会报告工作。", "一、2023年工作回顾", "过去一年，全县经济稳中有进，"]:
        soft.add_run().add_break()
        soft.add_run(line)
    document.add_paragraph("营商环境持续优化。")
    document.save(tmp_path / "soft.docx")
    (tmp_path / "archive.txt").write_text(
        "政府工作报告\n\n各位代表：\n\n（一）稳住经济大盘\n\u3000\u3000我们加大宏观政策\n实施力度。\n", encoding="utf-8")
    rows = records(tmp_path / "soft.docx")
    assert by_start(rows, "过去一年")["text"] == "过去一年，全县经济稳中有进，营商环境持续优化。"
    assert by_start(rows, "过去一年")["section"] == "一、2023年工作回顾"
    row = records(tmp_path / "archive.txt")[-1]
    assert (row["section"], row["text"]) == ("（一）稳住经济大盘", "我们加大宏观政策实施力度。")


def test_a_report_written_in_markdown_is_read_as_a_report(tmp_path):
    path = tmp_path / "report.md"
    path.write_text("# 2024年无锡市政府工作报告\n\n——2024年1月18日在无锡市第十七届人民代表大会第三次会议上\n\n"
                    "无锡市市长 赵建军\n\n各位代表：\n\n## 一、2023年工作回顾\n\n过去一年，经济增长6%左右。\n\n"
                    "### （一）产业强市取得新进展\n\n营商环境持续优化。\n\n## 二、2024年工作安排\n\n"
                    "**1. 大力推进科技创新。**加快建设太湖湾科技创新带。\n", encoding="utf-8")
    rows = records(path)
    assert {(r["title"], r["district"], r["body"], r["meeting"], r["date"], r["speaker"]) for r in rows} == {
        ("2024年无锡市政府工作报告", "无锡市", "人大", "无锡市第十七届人民代表大会第三次会议", "2024-01-18", "市长 赵建军")}
    assert by_start(rows, "营商环境")["section"] == "一、2023年工作回顾 › （一）产业强市取得新进展"
    assert by_start(rows, "1. 大力推进")["text"] == "1. 大力推进科技创新。加快建设太湖湾科技创新带。"
    assert "各位代表：" in [r["text"] for r in rows]


def test_unnumbered_top_headings_nest_numbered_ones():
    text = ("2024年某县政府工作报告\n\n各位代表：\n\n2023年工作回顾\n\n一、经济发展\n\n经济增长5%。\n\n"
            "2024年工作安排\n\n一、稳增长\n\n扩大有效投资。\n\n附件\n\n2024年民生实事\n\n一、就业\n\n新增就业1万人。\n")
    sections = {p.text: p.section for p in split(text)}
    assert sections["经济增长5%。"] == "2023年工作回顾 › 一、经济发展"
    assert sections["扩大有效投资。"] == "2024年工作安排 › 一、稳增长"
    assert sections["新增就业1万人。"] == "附件 › 2024年民生实事 › 一、就业"


def test_date_filters_on_reports(tmp_path, docx_report):
    build(tmp_path / "ix", [docx_report.parent])
    with govsearch.Index(tmp_path / "ix") as ix:
        def total(**filters):
            return ix.search("营商环境", limit=0, **filters).total
        assert total() == 1
        assert total(since="2025-01-01") == total(since="2025-01-19") == total(until="2025-01-19") == 1
        assert total(since="2025-01-20") == total(until="2025-01-18") == total(year="2024") == 0
        assert total(district="某某") == total(district="某某省") == 1
