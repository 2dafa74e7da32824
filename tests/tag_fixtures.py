"""Documents written here with the tags a reader of them would give (issue #20, shapes 3–6).

Each ``Fixture`` is a file name, how to write it (``write(path)``) and its reference tags:
district, year, body, meeting — what the document itself states, "" where it states
none. Used by tests/test_tag_authors.py and by ``scripts/tags_audit.py --fixtures``.

* reposted reports: a national report and a provincial report and bulletin inside a
  county portal's furniture (site title, 信息公开 block naming the county's 发布机构,
  menus, breadcrumbs, footer), and a county's own bulletin that names no place but its site;
* national reports of many years without a meeting line that name earlier sessions in
  their body (first sessions of a new 届 among them), and one of every session year
  1954–2025 reviewing its term from an earlier first session;
* meeting lines and dates with spaces, full-width spaces and line breaks inside;
* documents that are not work reports (考试大纲, 说明, 通知, 公示) as .txt, .docx and .pdf;
* a provincial report whose cited session disagrees with its year.
"""

from dataclasses import dataclass
from typing import Callable

NPC = "人大"

# The NPC session each year's government work report was given at, from the public record
# (npc.gov.cn), written out here by hand to check data/sessions.tsv against; None: no session.
NATIONAL_SESSIONS = {
    1954: (1, 1), 1955: (1, 2), 1956: (1, 3), 1957: (1, 4), 1958: (1, 5), 1959: (2, 1), 1960: (2, 2),
    1961: None, 1962: (2, 3), 1963: (2, 4), 1964: (3, 1), **{y: None for y in range(1965, 1975)},
    1975: (4, 1), 1976: None, 1977: None,
    **{1978 + i: (5 + i // 5, 1 + i % 5) for i in range(2026 - 1978)},
}


def national_meeting(year):
    term, session = NATIONAL_SESSIONS[year]
    from govsearch.tags import cn_numeral
    return f"第{cn_numeral(term)}届全国人民代表大会第{cn_numeral(session)}次会议"


@dataclass(frozen=True)
class Fixture:
    name: str
    write: Callable
    district: str
    year: str
    body: str = ""
    meeting: str = ""

    @property
    def expected(self):
        return {"district": self.district, "year": self.year, "body": self.body, "meeting": self.meeting}


def _text(content):
    def write(path):
        path.write_text(content, encoding="utf-8")
    return write


BODY = ("各位代表：\n现在，我代表{who}，向大会报告政府工作，请予审议。\n一、过去一年工作回顾\n"
        "过去一年，我们坚持稳中求进，地区生产总值增长5%左右，城乡居民收入稳步增长。\n"
        "二、今年的主要任务\n今年，我们将着力扩大内需，推动高质量发展，扎实办好民生实事。\n")


def county_page(site, issuer, h1, lines, date="2024-03-06"):
    """A county portal's page: site title, menus, breadcrumbs, 信息公开 block, the article, a footer."""
    paragraphs = "\n".join(f"<p>{line}</p>" for line in lines if line)
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{h1}_{site}</title></head>
<body>
<div class="top"><a href="/">{site}</a> <a href="/gk">{site[:-4]}概况</a> <a href="/xw">{site[:-4]}新闻</a>
<a href="/zwgk">政务公开</a> <a href="/bs">办事服务</a> <a href="/hd">互动交流</a></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; {site[:-4]}政府信息公开</div>
<table class="xxgk">
<tr><td>索引号：</td><td>01408429X/2024-00012</td><td>发布机构：</td><td>{issuer}</td></tr>
<tr><td>发文日期：</td><td>{date}</td><td>公开方式：</td><td>主动公开</td></tr>
</table>
<div class="article"><h1>{h1}</h1>
<div class="tool">【字体：大 中 小】 打印本页 关闭窗口</div>
{paragraphs}
</div>
<div class="links">相关链接：<a href="/a">{site[:-4]}召开常务会议</a> <a href="/b">{site[:-4]}开展安全检查</a></div>
<div class="footer">主办单位：{site} 地址：{site[:-4]}政务中心 苏ICP备05001234号 网站标识码：3204040001</div>
</body></html>
"""


def _html(site, issuer, h1, lines, date="2024-03-06"):
    def write(path):
        path.write_text(county_page(site, issuer, h1, lines, date), encoding="utf-8")
    return write


ZHONGLOU_SITE, ZHONGLOU_OFFICE = "常州市钟楼区人民政府", "常州市钟楼区人民政府办公室"

REPOSTED = [
    Fixture("2024年政府工作报告_常州市钟楼区人民政府.html", _html(
        ZHONGLOU_SITE, ZHONGLOU_OFFICE, "政府工作报告",
        ["——2024年3月5日在第十四届全国人民代表大会第二次会议上", "国务院总理 李强",
         *BODY.format(who="国务院").split("\n")]),
        "全国", "2024", NPC, "第十四届全国人民代表大会第二次会议"),
    Fixture("2013年政府工作报告_常州市钟楼区人民政府.html", _html(
        ZHONGLOU_SITE, ZHONGLOU_OFFICE, "2013年政府工作报告",
        ["国务院总理 温家宝", "各位代表：", "现在，我代表国务院，向大会报告政府工作，请予审议。",
         "十一届全国人大一次会议以来的五年，我国经济实力显著增强，钟楼区等地的发展也很快。",
         "十一届全国人大一次会议以来，政府工作坚持以人为本。"], date="2013-03-18"),
        "全国", "2013", NPC, "第十二届全国人民代表大会第一次会议"),
    Fixture("2019年政府工作报告_常州市钟楼区人民政府.html", _html(
        ZHONGLOU_SITE, ZHONGLOU_OFFICE, "2019年政府工作报告",
        ["国务院总理 李克强", *BODY.format(who="国务院").split("\n")], date="2019-03-16"),
        "全国", "2019", NPC, "第十三届全国人民代表大会第二次会议"),
    Fixture("2025年政府工作报告_常州市钟楼区人民政府.html", _html(
        ZHONGLOU_SITE, ZHONGLOU_OFFICE, "政府工作报告",
        ["——2025年1月19日在江苏省第十四届人民代表大会第三次会议上", "江苏省省长 许昆林",
         *BODY.format(who="省人民政府").split("\n")], date="2025-01-27"),
        "江苏省", "2025", NPC, "江苏省第十四届人民代表大会第三次会议"),
    Fixture("政府工作报告_万载县人民政府.html", _html(
        "万载县人民政府", "万载县人民政府办公室", "政府工作报告",
        ["——2024年1月24日在省十四届人大二次会议上", "省长 叶建春", *BODY.format(who="省人民政府").split("\n"),
         "全省上下团结一心，全省经济持续回升向好。"], date="2024-01-30"),
        "江西省", "2024", NPC, "江西省第十四届人民代表大会第二次会议"),
    Fixture("2022年国民经济和社会发展统计公报_万载县人民政府.html", _html(
        "万载县人民政府", "万载县统计局", "2022年国民经济和社会发展统计公报",
        ["2022年，全省上下坚持稳中求进工作总基调，全省地区生产总值32074.7亿元，比上年增长4.7%。",
         "一、综合", "年末全省常住人口4527.98万人。全省城镇化率62.07%。"], date="2023-03-28"),
        "江西省", "2022"),
    Fixture("江西省2023年国民经济和社会发展统计公报_万载县人民政府.html", _html(
        "万载县人民政府", "万载县统计局", "江西省2023年国民经济和社会发展统计公报",
        ["江西省统计局", "国家统计局江西调查总队", "2024年3月20日",
         "2023年，全省上下坚持稳中求进工作总基调，全省地区生产总值32200.1亿元，比上年增长4.1%。",
         "一、综合", "年末全省常住人口4515.01万人，比上年末减少12.97万人。"], date="2024-03-25"),
        "江西省", "2023"),
    Fixture("2024年国民经济和社会发展统计公报_常州市钟楼区人民政府.html", _html(
        ZHONGLOU_SITE, "区统计局", "2024年国民经济和社会发展统计公报",
        ["2024年，全区上下坚持稳中求进，全年实现地区生产总值1205.3亿元，比上年增长5.2%。",
         "一、综合", "年末全区常住人口53.2万人，比上年末增加0.4万人。"], date="2025-03-20"),
        "钟楼区", "2024"),
]


def national_report(year, cited, name="{year}年政府工作报告.txt"):
    """A national report of ``year`` with no meeting line, reviewing the sessions ``cited``."""
    lines = [f"{meeting}确定的目标任务全面完成，{meeting}以来各项工作取得新进展。" for meeting in cited]
    return Fixture(name.format(year=year), _text(
        "政府工作报告\n国务院总理\n各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议，"
        "并请全国政协委员提出意见。\n" + "\n".join(lines) + "\n今年，我们将继续推进改革开放。\n"),
        "全国", str(year), NPC, national_meeting(year))


NATIONAL = [
    national_report(1979, ["五届人大一次会议"]),
    national_report(1983, ["五届人大一次会议", "五届人大四次会议"]),
    national_report(1988, ["六届人大一次会议", "六届全国人大三次会议"]),
    national_report(1993, ["七届人大一次会议"]),
    national_report(1998, ["八届全国人大一次会议", "八届全国人大四次会议"]),
    national_report(2003, ["九届全国人大一次会议"]),
    national_report(2008, ["十届全国人大一次会议", "十届全国人大三次会议"]),
    national_report(2013, ["十一届全国人大一次会议"]),
    national_report(2014, ["十二届全国人大一次会议", "十一届全国人大一次会议"]),
    national_report(2018, ["十二届全国人大一次会议", "十二届全国人大二次会议"]),
    national_report(2020, ["十三届全国人大一次会议"]),
    national_report(2023, ["十三届全国人大一次会议"]),
]



def reviewing_the_term(year):
    """A national report of ``year`` reviewing its term from the first session of the one before it
    ("X届人大一次会议以来"), the way the first session of a new 届 is usually missed."""
    earlier = [y for y in range(year - 1, 1953, -1) if NATIONAL_SESSIONS[y]]
    term = NATIONAL_SESSIONS[earlier[0]][0] if earlier else 0
    first = [y for y in earlier if NATIONAL_SESSIONS[y] == (term, 1)]
    return national_report(year, [national_meeting(first[0])] if first else [], "{year}年政府工作报告（回顾）.txt")


EVERY_YEAR = [reviewing_the_term(year) for year, session in NATIONAL_SESSIONS.items() if session and year <= 2025]

GAPS = [
    Fixture("江苏省2025年政府工作报告（空格）.txt", _text(
        "政府工作报告\n——2025年1月 19日在江苏省第十四届 人民代表大会第三次会议上\n" + BODY.format(who="省人民政府")),
        "江苏省", "2025", NPC, "江苏省第十四届人民代表大会第三次会议"),
    Fixture("江苏省2025年政府工作报告（全角空格）.txt", _text(
        "政府工作报告\n——２０２５年１月１９日在江苏省第十四届\u3000人民代表大会第三次会议上\n"
        + BODY.format(who="省人民政府")),
        "江苏省", "2025", NPC, "江苏省第十四届人民代表大会第三次会议"),
    Fixture("政府工作报告（断行）.txt", _text(
        "政府工作报告\n——2025年3月\n5日在第十四届全国人民代表大会第三次会议上\n" + BODY.format(who="国务院")),
        "全国", "2025", NPC, "第十四届全国人民代表大会第三次会议"),
    Fixture("政府工作报告（会议名中空格）.txt", _text(
        "政府工作报告\n——2024年3月5日 在 第十四届 全国人民代表大会 第二次会议上\n" + BODY.format(who="国务院")),
        "全国", "2024", NPC, "第十四届全国人民代表大会第二次会议"),
]


def _docx(lines):
    def write(path):
        import docx

        document = docx.Document()
        for line in lines:
            document.add_paragraph(line)
        document.save(str(path))
    return write


def _pdf(lines):
    def write(path):
        import pdf_fixtures

        pdf_fixtures.report(path, [("heading", line) if len(line) < 30 else ("para", line) for line in lines])
    return write


PAPERS = [
    Fixture("湖北省2023年度考试录用公务员专业科目笔试考试大纲.txt", _text(
        "湖北省2023年度考试录用公务员专业科目笔试考试大纲\n一、考试性质\n"
        "本考试是为省、市、县人大机关和政协机关等单位招录公务员而设置的专业科目考试。\n"
        "二、考试内容\n主要测查宪法、人民代表大会制度等知识，包括十四届全国人大一次会议通过的决定。\n"),
        "湖北省", "2023"),
    Fixture("钟楼区乡镇机关2024年考试录用公务员职位说明.docx", _docx([
        "钟楼区乡镇机关2024年考试录用公务员职位说明",
        "一、招录职位",
        "本次招录职位主要面向区人大机关、区政协机关和街道，具体见职位表。",
        "二、报考条件",
        "报考人员应当具有大学本科及以上学历，政治素质好。"]),
        "钟楼区", "2024"),
    Fixture("关于做好2024年防汛工作的通知.pdf", _pdf([
        "关于做好2024年防汛工作的通知",
        "常州市钟楼区人民政府办公室",
        "各街道办事处，区各委办局：根据区人大常委会和区政协的意见建议，现就做好防汛工作通知如下。",
        "一、落实防汛责任。各单位要压实责任，确保安全度汛，按照市十七届人大三次会议部署推进工作。"]),
        "钟楼区", "2024"),
]

DISAGREEING = [
    Fixture("2027年北京市政府工作报告.txt", _text(
        "各位代表：\n现在，我代表市人民政府，向大会报告政府工作，请予审议。\n一、过去五年工作回顾\n"
        "市十六届人大一次会议以来的五年，各项事业取得新进展。\n二、今年的主要任务\n今年，我们将着力扩大内需。\n"),
        "北京市", "2027", NPC),
]

ALL = [*REPOSTED, *NATIONAL, *EVERY_YEAR, *GAPS, *PAPERS, *DISAGREEING]


def write_all(folder):
    """Write every fixture into ``folder``; ``{file name: reference tags}``."""
    folder.mkdir(parents=True, exist_ok=True)
    for fixture in ALL:
        fixture.write(folder / fixture.name)
    return {fixture.name: fixture.expected for fixture in ALL}
