"""The dalil command, run in-process: index, ask, stats, analyze, eval, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot import settings as config
from bot.cli import NO_TOKEN, main
from retrieval.analyzer import analyze
from tests.helpers import ROOT, SEEDS

SEED_000 = "000_fb920527ced1f061.txt"
EVAL_KEYS = {
    "n",
    "answerable",
    "hit@1",
    "hit@3",
    "hit@5",
    "mrr@10",
    "abstain_ok",
    "false_abstain",
    "mean_chars",
    "p50_ms",
    "p95_ms",
}


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run every command from an empty folder with no Dalil settings in the environment."""
    for name in ("DALIL_DB", "DALIL_CORPUS_DIR", "DALIL_TOP_K", "DALIL_ALIASES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("DALIL_ENV_FILE", raising=False)
    monkeypatch.setattr(config, "ENV_FILE", tmp_path / ".env")  # the project's .env stays out
    monkeypatch.chdir(tmp_path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `dalil argv...` and return its exit code, stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _assert_one_line_error(code: int, err: str, *fragments: str) -> None:
    """Exit code 2 and one 'dalil: ...' line, with no traceback."""
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("dalil: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


def test_index_prints_what_it_added(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "dalil.db")
    code, out, _ = _run(capsys, "--db", db, "index", "--source", str(SEEDS), "--quiet")
    assert code == 0
    assert "5 added, 0 changed, 0 removed, 0 unchanged, 0 skipped" in out
    assert "5 documents" in out and "(version 1)" in out
    code, out, _ = _run(capsys, "--db", db, "index", "--source", str(SEEDS), "--quiet")
    assert code == 0
    assert "0 added, 0 changed, 0 removed, 5 unchanged" in out
    assert "(version 1)" in out, "nothing changed, so the version stays"


def test_index_names_the_files_it_skipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("قتل 25 مدنيا في غارات على إدلب", encoding="utf-8")
    (corpus / "old.txt").write_bytes("Résumé".encode("latin-1"))
    code, out, _ = _run(
        capsys, "--db", str(tmp_path / "d.db"), "index", "--source", str(corpus), "--quiet"
    )
    assert code == 0
    assert "1 added" in out and "1 skipped" in out
    assert "'old.txt'" in out and "UTF-8" in out


def test_ask_prints_an_excerpt_and_its_file(
    capsys: pytest.CaptureFixture[str], seed_db: Path
) -> None:
    code, out, err = _run(capsys, "--db", str(seed_db), "ask", "من هو بلال الشواش؟")
    assert code == 0, err
    assert "أبو ذر التونسي" in out
    assert SEED_000 in out


def test_ask_json_has_hits(capsys: pytest.CaptureFixture[str], seed_db: Path) -> None:
    code, out, _ = _run(capsys, "--db", str(seed_db), "ask", "من هو بلال الشواش؟", "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["abstained"] is False
    assert 1 <= len(answer["hits"]) <= 3
    top = answer["hits"][0]
    assert top["document"]["path"] == SEED_000
    assert "أبو ذر التونسي" in top["passage_text"]
    assert top["excerpt"]["text"] in top["passage_text"]


def test_ask_top_k_limits_the_hits(capsys: pytest.CaptureFixture[str], seed_db: Path) -> None:
    code, out, _ = _run(
        capsys, "--db", str(seed_db), "ask", "هجوم تنظيم الدولة", "--json", "--top-k", "5"
    )
    assert code == 0
    assert len(json.loads(out)["hits"]) == 5


def test_ask_without_an_answer_says_so(capsys: pytest.CaptureFixture[str], seed_db: Path) -> None:
    code, out, _ = _run(capsys, "--db", str(seed_db), "ask", "كيف أطبخ الأرز بالدجاج؟", "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["abstained"] is True and answer["hits"] == []


def test_stats_prints_the_index_figures(capsys: pytest.CaptureFixture[str], seed_db: Path) -> None:
    code, out, _ = _run(capsys, "--db", str(seed_db), "stats")
    assert code == 0
    figures = dict(line.split(": ", 1) for line in out.strip().splitlines())
    assert figures["documents"] == "5"
    assert int(figures["passages"]) > 5
    assert int(figures["vocabulary"]) > 100
    assert int(figures["index_version"]) >= 1
    assert figures["questions_today"] == "0"
    assert figures["built_at"] != "-"


def test_analyze_shows_each_term_with_its_exact_form_and_raw_word(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = "من هو بِلال الشوّاش؟"
    code, out, _ = _run(capsys, "analyze", text)
    assert code == 0
    rows = [line.split("\t") for line in out.strip().splitlines()]
    assert [term for term, _, _, _ in rows] == analyze(text)
    for _term, _exact, word, span in rows:
        start, end = (int(x) for x in span.split("-"))
        assert text[start:end] == word
    assert [word for _, _, word, _ in rows] == ["بِلال", "الشوّاش"]
    assert [exact for _, exact, _, _ in rows] == ["بلال", "الشواش"]


def test_analyze_keeps_city_names_whole_with_or_without_clitics(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = _run(capsys, "analyze", "أبها بأبها جدة وبجدة نجران الباحة")
    assert code == 0
    rows = [line.split("\t") for line in out.strip().splitlines()]
    assert [(term, exact) for term, exact, _, _ in rows] == [
        ("ابها", "ابها"),
        ("ابها", "بابها"),
        ("جده", "جده"),
        ("جده", "وبجده"),
        ("نجران", "نجران"),
        ("باحه", "الباحه"),
    ]


def test_analyze_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "analyze", "فارس ایر قشم", "--json")
    assert code == 0
    spans = json.loads(out)
    assert [s["term"] for s in spans] == analyze("فارس اير قشم")
    assert {"exact", "term", "start", "end"} == set(spans[0])


def test_eval_prints_one_json_line_and_writes_a_run_file(
    capsys: pytest.CaptureFixture[str], seed_db: Path, seeds_dev: Path, tmp_path: Path
) -> None:
    run = tmp_path / "run.jsonl"
    code, out, _ = _run(capsys, "--db", str(seed_db), "eval", str(seeds_dev), "--run-out", str(run))
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 1
    report = json.loads(lines[0])
    assert set(report) >= EVAL_KEYS
    questions = [json.loads(line) for line in seeds_dev.read_text(encoding="utf-8").splitlines()]
    assert report["n"] == len(questions) == 33
    assert report["answerable"] == sum(1 for q in questions if q["answers"]) == 30
    for key in ("hit@1", "hit@3", "hit@5", "mrr@10", "abstain_ok", "false_abstain"):
        assert 0 <= report[key] <= 1
    assert report["hit@1"] <= report["hit@3"] <= report["hit@5"]
    assert 0 < report["p50_ms"] <= report["p95_ms"]
    runs = [json.loads(line) for line in run.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in runs] == [q["id"] for q in questions]
    for r in runs:
        assert set(r) >= {"id", "abstained", "results"}
        assert r["abstained"] == (r["results"] == [])
        for result in r["results"]:
            assert set(result) >= {"doc", "passage", "text", "score"}
            assert (SEEDS / result["doc"]).is_file()
            assert result["text"] in (SEEDS / result["doc"]).read_text(encoding="utf-8")


def test_a_missing_corpus_folder_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(
        capsys, "--db", str(tmp_path / "d.db"), "index", "--source", str(tmp_path / "nowhere")
    )
    _assert_one_line_error(code, err, "nowhere", "does not exist")


def test_asking_before_indexing_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "--db", str(tmp_path / "none.db"), "ask", "من هو بلال الشواش؟")
    _assert_one_line_error(code, err, "dalil index")


@pytest.fixture
def garbage_db(tmp_path: Path) -> Path:
    """A file that is not a database at all."""
    path = tmp_path / "garbage.db"
    path.write_bytes(b"\x89 not a database \x00" * 512)
    return path


@pytest.mark.parametrize(
    "command",
    [["ask", "من هو بلال الشواش؟"], ["stats"], ["eval", "QUESTIONS"], ["index", "--quiet"]],
)
def test_a_garbage_database_is_one_line(
    capsys: pytest.CaptureFixture[str], garbage_db: Path, tmp_path: Path, command: list[str]
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text('{"id": "q", "question": "من هو بلال الشواش؟"}\n', encoding="utf-8")
    argv = [str(questions) if arg == "QUESTIONS" else arg for arg in command]
    if command[0] == "index":
        argv += ["--source", str(SEEDS)]
    code, _, err = _run(capsys, "--db", str(garbage_db), *argv)
    _assert_one_line_error(code, err, "dalil index --rebuild")
    assert garbage_db.read_bytes().startswith(b"\x89 not a database")


def test_index_rebuild_moves_a_garbage_database_aside(
    capsys: pytest.CaptureFixture[str], garbage_db: Path
) -> None:
    garbage = garbage_db.read_bytes()
    db = str(garbage_db)
    code, out, err = _run(
        capsys, "--db", db, "index", "--rebuild", "--source", str(SEEDS), "--quiet"
    )
    assert code == 0
    assert "5 added" in out
    assert "moved" in err and f"{db}.broken" in err
    assert Path(f"{db}.broken").read_bytes() == garbage
    code, out, _ = _run(capsys, "--db", db, "ask", "من هو بلال الشواش؟")
    assert code == 0 and "أبو ذر التونسي" in out


def test_index_rebuild_replaces_a_database_with_a_damaged_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "dalil.db"
    assert _run(capsys, "--db", str(db), "index", "--source", str(SEEDS), "--quiet")[0] == 0
    data = bytearray(db.read_bytes())
    page = data.find("بلال الشواش".encode()) // 4096 * 4096
    assert page > 0
    data[page : page + 100] = b"\xff" * 100
    db.write_bytes(bytes(data))
    code, _, err = _run(capsys, "--db", str(db), "ask", "من هو بلال الشواش؟")
    _assert_one_line_error(code, err, "dalil index --rebuild")
    code, out, _ = _run(capsys, "--db", str(db), "index", "--rebuild", "--source", str(SEEDS))
    assert code == 0 and "5 added" in out
    code, out, _ = _run(capsys, "--db", str(db), "ask", "من هو بلال الشواش؟")
    assert code == 0 and "أبو ذر التونسي" in out


def test_db_may_follow_the_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = str(tmp_path / "after.db")
    code, out, _ = _run(capsys, "index", "--source", str(SEEDS), "--db", db, "--quiet")
    assert code == 0 and "5 added" in out
    assert (tmp_path / "after.db").exists()
    code, out, _ = _run(
        capsys, "--db", str(tmp_path / "other.db"), "ask", "من هو بلال الشواش؟", "--db", db
    )
    assert code == 0 and "أبو ذر التونسي" in out


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (b'{"id": "q1", "question": "\xd9\x85\xd9\x86"}\n{"id": "q2", ', ("q.jsonl:2", "not JSON")),
        (b'["q1", "question"]\n', ("q.jsonl:1", "list", "not a JSON object")),
        ('{"question": "من هو؟"}\n'.encode(), ("q.jsonl:1", "no 'id'")),
        (b'{"id": "q1"}\n', ("q.jsonl:1", "no 'question'")),
        (b"\n  \n", ("holds no questions",)),
        ('{"id": "q1", "question": "من"}\n'.encode("utf-16"), ("not UTF-8",)),
    ],
)
def test_a_bad_question_set_is_one_line(
    capsys: pytest.CaptureFixture[str],
    seed_db: Path,
    tmp_path: Path,
    content: bytes,
    fragments: tuple[str, ...],
) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_bytes(content)
    code, out, err = _run(capsys, "--db", str(seed_db), "eval", str(questions))
    _assert_one_line_error(code, err, *fragments)
    assert out == ""


def test_a_missing_question_set_or_a_folder_is_one_line(
    capsys: pytest.CaptureFixture[str], seed_db: Path, tmp_path: Path
) -> None:
    code, _, err = _run(capsys, "--db", str(seed_db), "eval", str(tmp_path / "none.jsonl"))
    _assert_one_line_error(code, err, "no question set at", "none.jsonl")
    code, _, err = _run(capsys, "--db", str(seed_db), "eval", str(tmp_path))
    _assert_one_line_error(code, err, "is a folder")


@pytest.mark.parametrize(
    "command", [["ask", "من هو بلال الشواش؟"], ["eval", "QUESTIONS"], ["chat"]]
)
@pytest.mark.parametrize("top_k", ["0", "11", "-3"])
def test_top_k_out_of_range_is_one_line(
    capsys: pytest.CaptureFixture[str], seed_db: Path, seeds_dev: Path, command: list, top_k: str
) -> None:
    argv = [str(seeds_dev) if arg == "QUESTIONS" else arg for arg in command]
    code, _, err = _run(capsys, "--db", str(seed_db), *argv, "--top-k", top_k)
    _assert_one_line_error(code, err, "--top-k must be from 1 to 10", top_k)


def test_ask_into_a_closed_pipe_ends_quietly(seed_db: Path) -> None:
    """`dalil ask … | head`: no BrokenPipeError traceback once the reader is gone (`true`
    exits at once, before the answer is written)."""
    command = f"{sys.executable} -m bot.cli --db {seed_db} ask 'هجوم تنظيم الدولة'"
    result = subprocess.run(f"{command} | true", shell=True, capture_output=True, timeout=60)
    assert result.stderr == b""


def test_aliases_are_found_from_any_folder(
    capsys: pytest.CaptureFixture[str], seed_db: Path, tmp_path: Path
) -> None:
    """Run from an empty folder, the aliases check reads the project's aliases.txt."""
    code, out, err = _run(capsys, "--db", str(seed_db), "aliases", "check")
    assert code == 0, err
    project_groups = sum(
        1
        for line in (ROOT / "aliases.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    assert out.strip().splitlines()[-1].startswith(f"{project_groups} groups")


def test_the_aliases_file_is_a_setting_read_from_env(
    capsys: pytest.CaptureFixture[str], seed_db: Path, tmp_path: Path
) -> None:
    names = tmp_path / "names.txt"
    names.write_text("بلال الشواش | أبو ذر التونسي\n", encoding="utf-8")
    (tmp_path / ".env").write_text(f"export DALIL_ALIASES = {names}\n", encoding="utf-8")
    code, out, err = _run(capsys, "--db", str(seed_db), "aliases", "check")
    assert code == 0, err
    assert out.strip().splitlines()[-1].startswith("1 groups, 2 names")


@pytest.mark.parametrize(
    "line", ["export TELEGRAM_BOT_TOKEN=123:abc", "TELEGRAM_BOT_TOKEN = 123:abc"]
)
def test_start_runs_the_bot_when_env_has_a_token(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    corpus_dir: Path,
    line: str,
) -> None:
    """`make run` (`dalil start`) reads .env once and chooses the bot with either spelling."""
    import bot.main

    started = []
    monkeypatch.setattr(bot.main, "run_bot", lambda **kw: started.append(kw) or 0)
    (tmp_path / ".env").write_text(f"{line}\nDALIL_CORPUS_DIR={corpus_dir}\n", encoding="utf-8")
    code, out, _ = _run(capsys, "--db", str(tmp_path / "d.db"), "start")
    assert code == 0 and "5 added" in out
    assert [kw["environ"]["TELEGRAM_BOT_TOKEN"] for kw in started] == ["123:abc"]


def test_start_without_a_token_opens_the_chat(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("من هو بلال الشواش؟\n"))
    (tmp_path / ".env").write_text(f"DALIL_CORPUS_DIR={SEEDS}\n", encoding="utf-8")
    code, out, err = _run(capsys, "--db", str(tmp_path / "d.db"), "start")
    assert code == 0
    assert NO_TOKEN in err
    assert "أبو ذر التونسي" in out
