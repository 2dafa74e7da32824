"""The CLI end to end through click's CliRunner: output, JSON keys, exit codes, the default index."""

import json
import shutil

import pytest

from govsearch import cli as cli_module
from govsearch.cli import cli
from govsearch.render import HIT_KEYS
from govsearch.schema import PASSAGE_KEYS

from conftest import SEEDS


def run(runner, index, *args, **kwargs):
    return runner.invoke(cli, ["--index", str(index), *args], **kwargs)


def test_query_lists_both_districts_with_tags(runner, seed_index):
    result = run(runner, seed_index, "query", "营商环境", "--color", "never")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("5 hits for 营商环境")
    assert "钟楼区 · 人大 · 常州市钟楼区第十七届人民代表大会第三次会议" in result.output
    assert "天宁区 · 人大 · 常州市天宁区第十七届人民代表大会第三次会议" in result.output
    assert "\x1b[" not in result.output


def test_json_keys_and_offsets(runner, seed_index):
    result = run(runner, seed_index, "query", "政协委员", "--json", "--limit", "0")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"query", "total", "hits", "facets"}
    assert data["total"] == len(data["hits"]) > 0
    assert list(data["facets"]) == ["district", "province", "level", "body", "year", "meeting"]
    for hit in data["hits"]:
        assert list(hit) == ["id", "score", *PASSAGE_KEYS[1:], "snippet", "snippet_matches", "matches", "also_in"]
        assert set(HIT_KEYS) <= set(hit)
        assert all(hit["text"][s:e] == "政协委员" for s, e in hit["matches"])
        assert "政协委员" in hit["snippet"]


def test_filters_from_the_cli(runner, seed_index):
    def total(*options):
        out = run(runner, seed_index, "query", "营商环境 OR 政协委员", "--json", *options)
        return json.loads(out.output)["total"]

    everything = total()
    assert 0 < total("--district", "钟楼") < everything
    assert 0 < total("--district", "钟楼", "--body", "人大") < total("--district", "钟楼")
    assert 0 < total("--meeting", "十届政协三次") < everything
    assert 0 < total("--meeting", "17届3次") < everything
    assert total("--year", "2024") == everything


def test_nothing_found_exits_1_and_still_prints_json(runner, seed_index):
    result = run(runner, seed_index, "query", "量子引力", "--json")
    assert result.exit_code == 1
    assert json.loads(result.output) == {"query": "量子引力", "total": 0, "hits": [],
                                         "facets": {"district": {}, "province": {}, "level": {}, "body": {},
                                                    "year": {}, "meeting": {}}}
    assert run(runner, seed_index, "query", "量子引力").exit_code == 1


@pytest.mark.parametrize("args", [
    ["query", "营商环境", "--body", "国务院"],
    ["query", "营商环境", "--year", "24"],
    ["query", "营商环境", "--limit", "-1"],
    ["query", "营商环境", "--since", "2024-13-01"],
    ["query", "营商环境", "--until", "2024-02-30"],
    ["query", "OR"],
    ["query", "“”"],
    ["query", "-营商环境"],
    ["query"],
    ["show", "nope-0001"],
])
def test_errors_exit_2_with_one_line(runner, seed_index, args):
    result = run(runner, seed_index, *args)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_lone_or_says_what_it_is_for(runner, seed_index):
    result = run(runner, seed_index, "query", "OR")
    assert result.exit_code == 2 and "OR joins two terms" in result.output
    quoted = run(runner, seed_index, "query", '"OR"', "--json")
    assert quoted.exit_code in (0, 1) and json.loads(quoted.stdout)["query"] == '"OR"'


def test_explicit_folder_without_index_is_an_error(runner, tmp_path):
    result = run(runner, tmp_path / "empty", "query", "营商环境")
    assert result.exit_code == 2
    assert "no govsearch index" in result.output


def test_limit(runner, seed_index):
    few = json.loads(run(runner, seed_index, "query", "发展", "--json", "--limit", "3").output)
    every = json.loads(run(runner, seed_index, "query", "发展", "--json", "--limit", "0").output)
    assert len(few["hits"]) == 3
    assert len(every["hits"]) == every["total"] == few["total"] > 20


@pytest.mark.parametrize("terminal, no_color, choice, coloured", [
    (True, None, "auto", True),
    (True, "1", "auto", False),
    (True, "", "auto", True),  # no-color.org: an empty NO_COLOR is unset
    (False, None, "auto", False),
    (True, "1", "always", True),
    (False, "1", "always", True),
    (True, None, "never", False),
])
def test_colour(runner, seed_index, monkeypatch, terminal, no_color, choice, coloured):
    monkeypatch.setattr(cli_module, "_is_terminal", lambda stream: terminal)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    for args in (["query", "营商环境"], ["show", first_id(runner, seed_index)]):
        result = run(runner, seed_index, *args, "--color", choice)
        assert result.exit_code == 0
        assert ("\x1b[" in result.output) == coloured


def first_id(runner, index):
    return json.loads(run(runner, index, "query", "营商环境", "--json").output)["hits"][0]["id"]


def test_minus_term_is_not_taken_for_an_option(runner, seed_index):
    result = run(runner, seed_index, "query", "营商环境", "-钟楼", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.output)["hits"]
    assert hits and not any("钟楼" in h["text"] for h in hits)
    everything = json.loads(run(runner, seed_index, "query", "营商环境", "--json").output)
    assert len(hits) < everything["total"]


def test_export_every_passage(runner, seed_index):
    result = run(runner, seed_index, "export")
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert result.exit_code == 0
    assert all(set(row) == {*PASSAGE_KEYS, "provenance"} for row in rows)
    assert len({row["id"] for row in rows}) == len(rows) > 100


def test_stats(runner, seed_index):
    result = run(runner, seed_index, "stats", "--json")
    data = json.loads(result.output)
    assert data["documents"] == 2
    assert data["district"]["钟楼区"] + data["district"]["天宁区"] == data["passages"]
    assert set(data["body"]) == {"人大", "政协", "(none)"}
    assert list(data) == ["passages", "documents", "identical", "copies", "formats", "ocr", "district", "province",
                          "level", "body", "year", "meeting"]
    assert data["ocr"] == 0
    assert data["formats"] == {"text": 2}


def test_show_with_neighbours(runner, seed_index):
    first = json.loads(run(runner, seed_index, "query", "1+1+6+N", "--json").output)["hits"][0]
    result = run(runner, seed_index, "show", first["id"], "--json")
    data = json.loads(result.output)
    assert data["text"] == first["text"]
    assert data["before"]["text"].startswith("区人大代表杨江金")
    assert data["after"]["text"].startswith("政府工作报告多次提到")
    plain = run(runner, seed_index, "show", first["id"])
    assert "1+1+6+N" in plain.output and "钟楼区" in plain.output


def test_ids_are_stable_across_rebuilds(runner, tmp_path):
    ids = []
    for _ in range(2):
        run(runner, tmp_path / "ix", "index", str(SEEDS), "--rebuild")
        ids.append([json.loads(line)["id"] for line in run(runner, tmp_path / "ix", "export").output.splitlines()])
    assert ids[0] == ids[1]


def test_index_reports_a_summary(runner, tmp_path, seeds_copy):
    result = run(runner, tmp_path / "ix", "index", str(seeds_copy))
    assert result.exit_code == 0
    assert "2 files (2 new" in result.stderr
    assert "passages indexed in" in result.stderr


def test_default_index_is_built_from_the_seeds(runner, tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GOVSEARCH_INDEX", raising=False)
    result = runner.invoke(cli, ["query", "营商环境", "--json"])
    assert result.exit_code == 0
    assert "building it from" in result.stderr
    assert json.loads(result.stdout)["total"] == 5
    again = runner.invoke(cli, ["query", "营商环境", "--json"])
    assert "building" not in again.stderr


def test_environment_variable_names_the_index(runner, tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "quantum.md").write_text("# 某区报告\n\n研究量子纠缠。\n", encoding="utf-8")
    run(runner, tmp_path / "named", "index", str(docs))
    monkeypatch.chdir(tmp_path)  # no ./index here: ignoring the variable would build one from the seeds
    monkeypatch.setenv("GOVSEARCH_INDEX", str(tmp_path / "named"))
    result = runner.invoke(cli, ["query", "量子纠缠", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["hits"][0]["source"] == str(docs / "quantum.md")
    assert "building" not in result.stderr and not (tmp_path / "index").exists()
    monkeypatch.setenv("GOVSEARCH_INDEX", str(tmp_path / "nothing"))
    missing = runner.invoke(cli, ["query", "量子纠缠"])
    assert missing.exit_code == 2 and f"no govsearch index in {tmp_path / 'nothing'}" in missing.output


def test_index_without_a_path_indexes_the_seeds_here(runner, tmp_path, monkeypatch):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["--index", "ix", "index"])
    assert result.exit_code == 0
    assert "2 files (2 new" in result.stderr
    sources = {json.loads(line)["source"] for line in runner.invoke(cli, ["--index", "ix", "export"]).stdout.splitlines()}
    assert sources == {str(tmp_path / "seeds" / seed.name) for seed in SEEDS.iterdir()}


# each command with the arguments it needs, to see which index it opens
COMMANDS = [["query", "营商环境"], ["compare", "营商环境", "--by", "year"], ["figures", "地区生产总值"],
            ["similar", "x-0000"], ["terms"], ["export"], ["stats"], ["show", "x-0000"], ["serve", "--port", "0"]]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: a[0])
def test_index_after_the_command_is_the_index_to_open(runner, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)  # an explicit folder is never built from the seeds, unlike ./index
    monkeypatch.delenv("GOVSEARCH_INDEX", raising=False)
    result = runner.invoke(cli, [*argv, "--index", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert result.stderr == f"Error: no govsearch index in {tmp_path / 'nothing'} " \
                            "(build one with: govsearch index [PATH ...])\n"
    assert not (tmp_path / "index").exists()


def test_index_after_the_command_wins_over_the_one_before_and_the_environment(runner, tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "quantum.md").write_text("# 某区报告\n\n研究量子纠缠。\n", encoding="utf-8")
    built = runner.invoke(cli, ["index", str(docs), "--index", str(tmp_path / "named")])
    assert built.exit_code == 0 and (tmp_path / "named" / "CURRENT").exists()
    monkeypatch.setenv("GOVSEARCH_INDEX", str(tmp_path / "nothing"))
    for before in ([], ["--index", str(tmp_path / "other")]):
        result = runner.invoke(cli, [*before, "query", "量子纠缠", "--index", str(tmp_path / "named"), "--json"])
        assert result.exit_code == 0, result.output
        assert [h["source"] for h in json.loads(result.stdout)["hits"]] == [str(docs / "quantum.md")]


@pytest.mark.parametrize("command", [["query"], ["compare", "--by", "year"]], ids=lambda c: c[0])
def test_an_unknown_long_option_among_the_words_is_a_usage_error(runner, seed_index, command):
    result = run(runner, seed_index, *command, "营商环境", "--limt", "3")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "No such option '--limt'" in result.stderr
    assert result.stderr.endswith(f" {command[0]} --help)\n")
    equals = run(runner, seed_index, *command, "营商环境", "--colour=never")
    assert equals.exit_code == 2 and "No such option '--colour'" in equals.stderr


def test_one_dash_still_negates_and_two_dashes_end_the_options(runner, seed_index, ix):
    negated = run(runner, seed_index, "query", "发展", "-经济", "--json", "--limit", "0")
    assert negated.exit_code == 0
    assert json.loads(negated.stdout)["total"] == ix.search("发展 -经济").total < ix.search("发展").total
    literal = run(runner, seed_index, "query", "--json", "--", "营商环境", "--limt")
    assert literal.exit_code == 0 and json.loads(literal.stdout)["query"] == "营商环境 --limt"
