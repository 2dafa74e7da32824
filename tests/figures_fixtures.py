"""Reports written for ``figures``: a national report for each year 1998–2025 and a 2025 report of each province.

Every text is made here, in the shapes real reports take (the wording is ours):
the year's targets as a list after a lead-in, as a sentence of their own or in
a section of targets; the year before's results (去年…增长, 全年实现…、增长,
上年…); five-year reviews (年均); the world economy (世界经济增长); other measures
whose names hold the indicator's (人均…, 单位…能耗, 海洋生产总值, 占…比重); list
sentences with another indicator's figure after a clause without one; the
nation's target in a province's report; bounds
(以上, 以内), ranges, an aspiration (``6%以上、力争7%``); a year that set no
target (national 2020). ``REFERENCE`` is what a reader of these texts writes in
a place × year table of GDP growth targets, as ``figures`` prints it.

``write(folder)`` writes the reports as ``.txt`` and ``reference.tsv``.
"""

from pathlib import Path

from govsearch.tags import cn_numeral

# year: (target as the report writes it, the shown cell, last year's growth); None: no target set
NATIONAL = {
    1998: ("8%", "8%", 8.8), 1999: ("7%左右", "7%左右", 7.8), 2000: ("7%左右", "7%左右", 7.1),
    2001: ("7%左右", "7%左右", 8.0), 2002: ("7%左右", "7%左右", 7.3), 2003: ("7%左右", "7%左右", 8.0),
    2004: ("7%左右", "7%左右", 9.1), 2005: ("8%左右", "8%左右", 9.5), 2006: ("8%左右", "8%左右", 9.9),
    2007: ("8%左右", "8%左右", 10.7), 2008: ("8%左右", "8%左右", 11.4), 2009: ("8%左右", "8%左右", 9.0),
    2010: ("8%左右", "8%左右", 8.7), 2011: ("8%左右", "8%左右", 10.3), 2012: ("7.5%", "7.5%", 9.2),
    2013: ("7.5%左右", "7.5%左右", 7.8), 2014: ("7.5%左右", "7.5%左右", 7.7), 2015: ("7%左右", "7%左右", 7.4),
    2016: ("6.5%—7%", "6.5%—7%", 6.9), 2017: ("6.5%左右", "6.5%左右", 6.7), 2018: ("6.5%左右", "6.5%左右", 6.9),
    2019: ("6%—6.5%", "6%—6.5%", 6.6), 2020: None, 2021: ("6%以上", "≥ 6%", 2.3),
    2022: ("5.5%左右", "5.5%左右", 8.1), 2023: ("5%左右", "5%左右", 3.0), 2024: ("5%左右", "5%左右", 5.2),
    2025: ("5%左右", "5%左右", 5.0),
}
LAST_YEAR = {2020: 6.1}  # national 2020: last year's growth, the report setting no target
NPC = {1998: 9, 2003: 10, 2008: 11, 2013: 12, 2018: 13, 2023: 14}  # first year of each 届

# province: (target as written, shown cell, last year's growth, the shape its report takes)
PROVINCES = {
    "北京市": ("5%左右", "5%左右", 5.2, "list"), "天津市": ("5%左右", "5%左右", 5.1, "lead"),
    "河北省": ("5.5%左右", "5.5%左右", 5.4, "section"), "山西省": ("5%左右", "5%左右", 2.3, "explained"),
    "内蒙古自治区": ("6%左右", "6%左右", 5.8, "list"), "辽宁省": ("5%以上", "≥ 5%", 5.1, "lead"),
    "吉林省": ("5.5%左右", "5.5%左右", 4.3, "section"), "黑龙江省": ("5%左右", "5%左右", 3.2, "explained"),
    "上海市": ("5%左右", "5%左右", 5.0, "list"), "江苏省": ("5%以上", "≥ 5%", 5.8, "lead"),
    "浙江省": ("5.5%左右", "5.5%左右", 5.5, "section"), "安徽省": ("5.5%左右", "5.5%左右", 5.8, "explained"),
    "福建省": ("5.5%左右", "5.5%左右", 5.5, "list"), "江西省": ("5.5%以上", "≥ 5.5%", 5.1, "lead"),
    "山东省": ("5%以上", "≥ 5%", 5.7, "section"), "河南省": ("5.5%以上", "≥ 5.5%", 5.1, "explained"),
    "湖北省": ("6%以上、力争7%", "≥ 6%", 5.8, "list"), "湖南省": ("5.5%左右", "5.5%左右", 4.8, "lead"),
    "广东省": ("5%左右", "5%左右", 3.5, "section"), "广西壮族自治区": ("5.5%左右", "5.5%左右", 4.2, "explained"),
    "海南省": ("6%左右", "6%左右", 3.7, "list"), "重庆市": ("6%左右", "6%左右", 5.7, "lead"),
    "四川省": ("5.5%—6%", "5.5%—6%", 5.7, "section"), "贵州省": ("5.5%左右", "5.5%左右", 5.3, "explained"),
    "云南省": ("5%左右", "5%左右", 3.8, "list"), "西藏自治区": ("7%以上", "≥ 7%", 6.3, "lead"),
    "陕西省": ("5.5%左右", "5.5%左右", 5.3, "section"), "甘肃省": ("5.5%以上", "≥ 5.5%", 5.9, "explained"),
    "青海省": ("4.5%—5%", "4.5%—5%", 2.3, "list"), "宁夏回族自治区": ("5.5%左右", "5.5%左右", 5.4, "lead"),
    "新疆维吾尔自治区": ("5.5%左右", "5.5%左右", 6.1, "section"),
}


def national_meeting(year):
    """The meeting line of the national report of ``year``, its session from ``NPC``."""
    first = max(y for y in NPC if y <= year)
    return f"——{year}年3月5日在第{cn_numeral(NPC[first])}届全国人民代表大会第{cn_numeral(year - first + 1)}次会议上"


def national_report(year):
    """The text of the national report of ``year``: its targets, last year's results, traps around them."""
    meeting = national_meeting(year)
    stated = NATIONAL[year]
    growth = stated[2] if stated else LAST_YEAR[year]
    review = [
        f"一、{year - 1}年工作回顾",
        f"过去一年，面对复杂严峻的国际环境，全国各族人民攻坚克难，国内生产总值达到{90 + year - 1998}万亿元，"
        f"比上年增长{growth}%，城镇调查失业率5.2%，居民消费价格上涨2%。",
        f"世界经济增长{1.5 + (year % 3) / 2:g}%，国际贸易增长放缓，外部环境更趋复杂。",
        f"人均国内生产总值增长{growth - 0.4:.1f}%，单位国内生产总值能耗下降3.1%。",
        f"去年经济增长{growth}%，主要预期目标较好完成。",
    ]
    if year in NPC:
        review.append(f"五年来，国内生产总值年均增长{growth + 0.3:.1f}%，经济实力明显增强。")
    if stated is None:
        plan = [f"二、{year}年政府工作任务",
                "今年我们没有提出全年经济增长具体目标，主要是外部形势不确定性很大。",
                "今年发展的其他预期目标是：城镇新增就业900万人以上，城镇调查失业率6%左右；居民消费价格涨幅3.5%左右。"]
    elif year < 2005:
        plan = [f"二、{year}年国民经济和社会发展的主要任务",
                f"今年国民经济宏观调控的主要目标是：经济增长速度预期为{stated[0]}，商品零售价格涨幅控制在3%以内。",
                f"确定{stated[0]}的增长速度，主要考虑是保持就业稳定。"]
    else:
        plan = [f"二、{year}年经济社会发展总体要求和政策取向",
                f"今年发展主要预期目标是：国内生产总值增长{stated[0]}；城镇新增就业1100万人以上，城镇调查失业率5.5%左右；"
                "居民消费价格涨幅3%左右；居民收入增长和经济增长基本同步；单位国内生产总值能耗降低2.5%左右。",
                f"经济增长预期目标为{stated[0]}，在去年增长{growth}%的基础上，兼顾了需要和可能。"]
    return "\n\n".join(["政府工作报告", meeting, "国务院总理", "各位代表：", *review, *plan, "各位代表！让我们团结奋斗。"])


def province_report(province, stated, growth, shape):
    """The 2025 report of ``province``, its target stated in one of four shapes, with traps around it."""
    short = "全区" if province.endswith("自治区") else "全市" if province.endswith("市") else "全省"
    meeting = f"——2025年1月20日在{province}第十四届人民代表大会第三次会议上"
    review = [
        "一、2024年工作回顾",
        f"过去一年，主要目标任务较好完成，全年实现地区生产总值{2 + len(province)}.1万亿元、增长{growth}%。",
        f"海洋生产总值增长{growth + 1:.1f}%，人均地区生产总值增长{growth + 0.2:.1f}%。",
        "第三产业增加值占地区生产总值比重达到52.3%，研发经费投入占GDP比重2.4%以上。",
    ]
    rest = "一般公共预算收入增长3%，城镇调查失业率5.5%左右，居民人均可支配收入增长5%。"
    if shape == "list":
        plan = ["二、2025年工作安排",
                f"今年经济社会发展主要预期目标是：地区生产总值增长{stated}，粮食产量稳定在500亿斤以上，{rest}"]
    elif shape == "lead":
        plan = ["二、2025年工作安排", "综合考虑各方面因素，今年经济社会发展的主要预期目标是：",
                f"{short}生产总值增长{stated}，{rest}"]
    elif shape == "section":
        plan = ["二、2025年经济社会发展主要预期目标", f"地区生产总值增长{stated}。", rest]
    else:
        plan = ["二、2025年工作安排",
                f"今年预期目标为地区生产总值增长{stated}，主要考虑是：{short}生产总值去年增长{growth}%，"
                "经济增长与全国同步，居民收入增长3.5%左右。", rest]
    nation = "全国经济增长预期目标为5%左右，我们要为全国大局多作贡献。"  # the nation's target, not the province's
    return "\n\n".join([f"2025年{province}政府工作报告", meeting, "各位代表：", *review, *plan, nation,
                        "各位代表！让我们团结奋斗。"])


REFERENCE = ({("全国", year): stated[1] for year, stated in NATIONAL.items() if stated}
             | {(province, 2025): row[1] for province, row in PROVINCES.items()})


def write(folder):
    """Write every report as ``.txt`` and the reference as ``reference.tsv`` (district, year, cell)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for year in NATIONAL:
        (folder / f"{year}年政府工作报告.txt").write_text(national_report(year), encoding="utf-8")
    for province, (stated, _shown, growth, shape) in PROVINCES.items():
        (folder / f"2025年{province}政府工作报告.txt").write_text(
            province_report(province, stated, growth, shape), encoding="utf-8")
    lines = ["district\tyear\ttarget"] + [f"{d}\t{y}\t{cell}" for (d, y), cell in sorted(REFERENCE.items())]
    (folder / "reference.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "reference.tsv"
