"""The sample reports in ../shared/samples (other people's; read, never committed). Skipped when absent."""

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import govsearch
from govsearch import analysis
from govsearch.cli import cli
from govsearch.readers import read
from govsearch.schema import records

from conftest import SAMPLES, SEEDS, build

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is absent")

EXPECTED = {
    "docx-2025/2025年云南省政府工作报告.docx": ("云南省", "云南省第十四届人民代表大会第三次会议", "2025-01-18", "省长 王予波"),
    "docx-2025/2025年内蒙古自治区政府工作报告.docx": (
        "内蒙古自治区", "内蒙古自治区第十四届人民代表大会第三次会议", "2025-01-14", "主席 王莉霞"),
    "docx-2025/2025年江苏省政府工作报告.docx": ("江苏省", "江苏省第十四届人民代表大会第三次会议", "2025-01-19", "省长 许昆林"),
    "docx-2025/2025年湖南省政府工作报告.docx": ("湖南省", "湖南省第十四届人民代表大会第三次会议", "2025-01-14", "省长 毛伟明"),
    "web-2026/2026年上海市政府工作报告.txt": ("上海市", "上海市第十六届人民代表大会第四次会议", "2026-02-03", "市长 龚正"),
    "web-2026/2026年河北省政府工作报告.txt": ("河北省", "河北省第十四届人民代表大会第四次会议", "2026-01-26", "省长 王正谱"),
    "national/2024年中华人民共和国国务院政府工作报告.txt": ("全国", "第十四届全国人民代表大会第二次会议", "2024-03-05", "总理 李强"),
    "national/第十四届全国人民代表大会第三次会议关于政府工作报告的决议.txt": (
        "全国", "第十四届全国人民代表大会第三次会议", "2025", None),
}


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample-index")
    build(path, [SEEDS, SAMPLES])
    return path


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_passage_is_tagged(name):
    district, meeting, date, speaker = EXPECTED[name]
    rows = list(records(read(SAMPLES / name)[0]))
    assert rows
    for row in rows:
        assert (row["district"], row["body"], row["meeting"], row["date"]) == (district, "人大", meeting, date)
        if speaker:
            assert row["speaker"] == speaker


@pytest.mark.parametrize("name", sorted(n for n in EXPECTED if "决议" not in n))
def test_reports_have_outline_sections(name):
    rows = list(records(read(SAMPLES / name)[0]))
    sectioned = [r for r in rows if r["section"]]
    assert len(sectioned) > 0.8 * len(rows)
    assert all(r["section"].split(" › ")[0][:2] in ("一、", "二、", "三、", "四、", "五、", "名词", "附件")
               for r in sectioned)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_content_is_lost(name):
    source = read(SAMPLES / name)[0]
    rows = list(records(source))
    everything = analysis.normalize("".join(r["text"] + r["title"] + r["section"] for r in rows))
    furniture = {"下载", "打印", "全屏", "收藏", "【字号：", "加大", "还原", "减小", "】", "相关报道：",
                 "Public domain", "false"}
    for line in source.text.splitlines():
        line = line.strip()
        if analysis.normalize(line) and line not in furniture and not _licence(source.text, line):
            assert analysis.normalize(line) in everything, line


def _licence(text, line):
    tail = text[text.find("本作品"):] if "本作品" in text else ""
    return bool(tail) and line in tail


def test_cli_filters_on_samples(runner, sample_index):
    def hits(*args):
        result = runner.invoke(cli, ["--index", str(sample_index), "query", *args, "--json", "--limit", "0"])
        return json.loads(result.stdout)["hits"]

    jiangsu = hits("新质生产力", "--district", "江苏", "--year", "2025")
    assert jiangsu and {h["district"] for h in jiangsu} == {"江苏省"}
    national = hits("新质生产力", "--district", "全国")
    assert national and {h["meeting"] for h in national} <= {
        "第十四届全国人民代表大会第二次会议", "第十四届全国人民代表大会第三次会议"}
    since = hits("新质生产力", "--since", "2026-01-01")
    assert since and {h["district"] for h in since} <= {"上海市", "河北省"}
    assert hits("新质生产力", "--meeting", "十四届人大二次", "--district", "全国")


@given(data=st.data())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_grep_parity_on_samples(sample_index, data):
    with govsearch.Index(sample_index) as ix:
        passages = {p.id: p.text for p in ix.passages()}
        text = passages[data.draw(st.sampled_from(sorted(passages)))]
        start = data.draw(st.integers(0, len(text) - 1))
        piece = text[start:start + data.draw(st.integers(1, 8))]
        assume(analysis.normalize(piece) and '"' not in piece)
        wanted = analysis.normalize(piece)
        expected = {pid for pid, t in passages.items() if wanted in analysis.normalize(t)}
        assert {h.id for h in ix.search(f'"{piece}"', limit=0).hits} == expected
