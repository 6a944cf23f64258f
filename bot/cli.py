"""The `dalil` command: index, ask, chat, stats, eval, analyze and run the bot."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from bot import settings as config
from bot.engine import Engine, build_index
from bot.evaluation import Question, QuestionSetError, evaluate, read_questions
from bot.render import render_answer
from bot.settings import (
    DEFAULT_CORPUS_DIR,
    MAX_TOP_K,
    SettingsError,
    aliases_setting,
    db_setting,
    parse_flag,
    parse_top_k,
    project_path,
    read_environment,
)
from retrieval.analyzer import DEFAULT_ANALYZER
from retrieval.filters import SearchScope, parse_day
from storage.aliases_file import read_alias_groups
from storage.database import check, connect, discard
from storage.errors import DatabaseUnusable, NewerSchema, StorageError
from storage.metadata import read_meta
from storage.query_log import questions_today, recent_unanswered

if TYPE_CHECKING:  # a one-shot `dalil ask` loads neither the index writer nor the query log
    from bot.journal import QuestionLog
    from storage.index_writer import IndexReport

NO_TOKEN = (
    "No TELEGRAM_BOT_TOKEN set: starting the terminal chat. "
    "Put the token in .env to go live on Telegram."
)


class CommandError(Exception):
    """An expected failure that the command line reports in one line."""


def _top_k(args: argparse.Namespace) -> int:
    """--top-k if given (1 to 10), else DALIL_TOP_K from the settings, else 3."""
    if args.top_k is None:
        return parse_top_k((args.environ.get("DALIL_TOP_K") or "").strip())
    if not 1 <= args.top_k <= MAX_TOP_K:
        raise CommandError(f"--top-k must be from 1 to {MAX_TOP_K}, not {args.top_k}")
    return args.top_k


def _progress_printer() -> Callable[[str, int, int], None]:
    """A progress bar on a terminal, plain progress lines otherwise."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        bars: dict[str, tqdm] = {}

        def show_bar(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage)
            if bar is None:  # one bar per stage (setdefault would build a new one every call)
                bar = bars[stage] = tqdm(total=total, desc=stage, unit="doc", leave=False)
            bar.update(done - bar.n)
            if done >= total:
                bar.close()

        return show_bar
    last = {"at": 0.0}

    def show_line(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - last["at"] >= 2:
            last["at"] = now
            print(f"{stage}: {done}/{total}", file=sys.stderr, flush=True)

    return show_line


def format_report(report: IndexReport) -> str:
    """The English summary `dalil index` prints."""
    lines = [
        f"documents: {len(report.added)} added, {len(report.changed)} changed, "
        f"{len(report.removed)} removed, {report.unchanged} unchanged, "
        f"{len(report.skipped)} skipped",
    ]
    lines += [f"  skipped {s.path!r}: {s.reason}" for s in report.skipped]
    if report.skipped_records:
        lines.append(f"  skipped {report.skipped_records} archive records without text")
    lines.append(
        f"index: {report.documents} documents, {report.passages} passages "
        f"(version {report.version}), {report.seconds:.2f} s"
    )
    return "\n".join(lines)


def cmd_index(args: argparse.Namespace) -> int:
    """Build or refresh the index."""
    source = (
        Path(args.source)
        if args.source
        else project_path(args.environ.get("DALIL_CORPUS_DIR") or DEFAULT_CORPUS_DIR)
    )
    if args.rebuild and Path(args.db).exists():
        try:
            db = connect(args.db)
            try:
                check(db)
            finally:
                db.close()
        except (DatabaseUnusable, NewerSchema):
            discard(args.db)
            print(f"moved the unusable database aside to {args.db}.broken", file=sys.stderr)
    progress = None if args.quiet else _progress_printer()
    max_bytes = int(args.max_mb * 1024 * 1024) if args.max_mb else None
    max_total = int(args.max_total_mb * 1024 * 1024) if args.max_total_mb else None
    report = build_index(
        Path(args.db),
        source,
        rebuild=args.rebuild,
        workers=args.workers,
        progress=progress,
        max_bytes=max_bytes,
        max_total_bytes=max_total,
        allow_mass_removal=args.allow_mass_removal,
    )
    print(format_report(report))
    return 0


def _engine(args: argparse.Namespace) -> Engine:
    """Load the index named by --db."""
    if not Path(args.db).exists():
        raise CommandError(f"no index at {args.db}: run `dalil index` first")
    engine = Engine(Path(args.db), aliases_path=aliases_setting(args.environ))
    engine.load()
    return engine


def _json_value(value: object) -> object:
    """Days as ISO strings and sets as sorted lists, for JSON."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _answer_json(answer: object) -> str:
    """Serialize an answer as JSON."""
    return json.dumps(dataclasses.asdict(answer), ensure_ascii=False, indent=2, default=_json_value)


def _day_option(value: str) -> date:
    """An argparse type: a YYYY-MM-DD day."""
    try:
        return parse_day(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD day: {value!r}") from None


def _scope(args: argparse.Namespace, engine: Engine) -> SearchScope:
    """The sources and dates `dalil ask` was told to search."""
    slugs = set()
    for name in args.source or []:
        source = engine.sources.find(name)
        if source is None:
            known = "، ".join(s.name for s in engine.sources.sources)
            raise CommandError(f"unknown source {name!r} (known: {known})")
        slugs.add(source.slug)
    return SearchScope(frozenset(slugs), args.since, args.until, args.newest)


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one question."""
    engine = _engine(args)
    answer = engine.ask(args.question, top_k=_top_k(args), scope=_scope(args, engine)).answer
    print(_answer_json(answer) if args.json else render_answer(answer, markup=False))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    """A terminal conversation with the bot's answers, checks, «المزيد» and query log."""
    from bot.terminal import TerminalChat, converse

    top_k = _top_k(args)
    chat = TerminalChat(_engine(args), top_k, _question_log(args))
    if sys.stdin.isatty():
        import readline  # noqa: F401  (input() gains line editing and history)
    return converse(chat, input, print)


def _question_log(args: argparse.Namespace) -> QuestionLog:
    """The query log the bot writes, with the same settings."""
    from bot.journal import QuestionLog

    environ = args.environ
    enabled = parse_flag(
        "DALIL_LOG_QUESTIONS", (environ.get("DALIL_LOG_QUESTIONS") or "").strip(), True
    )
    salt = (environ.get("DALIL_HASH_SALT") or "").strip() or None
    return QuestionLog.open(Path(args.db), salt, enabled)


def cmd_stats(args: argparse.Namespace) -> int:
    """Documents, passages, vocabulary, last build, questions today, latest unanswered."""
    if not Path(args.db).exists():
        raise CommandError(f"no index at {args.db}: run `dalil index` first")
    db = connect(args.db)
    meta = read_meta(db)
    for key in (
        "documents",
        "passages",
        "vocabulary",
        "built_at",
        "index_version",
        "analyzer_version",
        "corpus",
    ):
        print(f"{key}: {meta.get(key, '-')}")
    print(f"questions_today: {questions_today(db)}")
    for asked_at, question in recent_unanswered(db):
        print(f"unanswered: {asked_at} {question!r}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    """Run a question set and print the metrics as one JSON line."""
    questions = question_set(Path(args.questions))
    top_k = _top_k(args)
    engine = _engine(args)

    def ask(question: str) -> tuple:
        timed = engine.ask(question, top_k=top_k)
        return timed.answer, timed.latency_ms

    run_out = Path(args.run_out) if args.run_out else None
    report = evaluate(questions, ask, run_out)
    print(json.dumps(report))
    return 0


def question_set(path: Path) -> list[Question]:
    """The questions of a JSONL file; CommandError for anything but a non-empty question set."""
    if path.is_dir():
        raise CommandError(f"{path} is a folder, not a JSONL question set")
    try:
        questions = read_questions(path)
    except FileNotFoundError:
        raise CommandError(f"no question set at {path}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None
    except QuestionSetError as error:
        raise CommandError(str(error)) from None
    if not questions:
        raise CommandError(f"{path} holds no questions")
    return questions


def cmd_analyze(args: argparse.Namespace) -> int:
    """Print the analyzed terms of a text (stem and exact form), with the word each came from."""
    forms = DEFAULT_ANALYZER.forms(args.text)
    if args.json:
        print(json.dumps([dataclasses.asdict(f) for f in forms], ensure_ascii=False))
    else:
        for f in forms:
            print(f"{f.term}\t{f.exact}\t{args.text[f.start : f.end]}\t{f.start}-{f.end}")
    return 0


def cmd_aliases(args: argparse.Namespace) -> int:
    """Report the names of the aliases file that occur nowhere in the index."""
    engine = _engine(args)
    path = Path(args.file) if args.file else aliases_setting(args.environ)
    groups = read_alias_groups(path)
    if not groups:
        raise CommandError(f"no alias groups in {path}")
    missing = [
        name for group in groups for name in group if engine.searcher.phrase_count(name) == 0
    ]
    names = sum(len(group) for group in groups)
    for name in missing:
        print(f"matches nothing: {name}")
    print(f"{len(groups)} groups, {names} names, {len(missing)} match nothing in the index")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Start the Telegram bot (long polling, or the webhook when DALIL_WEBHOOK_URL is set)."""
    from bot.main import run_bot

    return run_bot(db_path=args.db, environ=args.environ)


def cmd_start(args: argparse.Namespace) -> int:
    """What `make run` does: refresh the index, then the bot if a token is set, else the chat."""
    index_args = argparse.Namespace(
        **vars(args),
        source=None,
        rebuild=False,
        workers=None,
        quiet=True,
        max_mb=None,
        max_total_mb=None,
        allow_mass_removal=False,
    )
    cmd_index(index_args)
    if (args.environ.get("TELEGRAM_BOT_TOKEN") or "").strip():
        return cmd_run(args)
    print(NO_TOKEN, file=sys.stderr)
    return cmd_chat(argparse.Namespace(**vars(args), top_k=None))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="dalil", description="Arabic questions, cited answers.")
    parser.add_argument(
        "--db",
        help="SQLite index file (setting DALIL_DB, default data/dalil.db in the project)",
    )
    # --db may also follow the command (`dalil index --db x.db`); it then wins over the global one.
    db_after = argparse.ArgumentParser(add_help=False)
    db_after.add_argument("--db", default=argparse.SUPPRESS, help="SQLite index file")
    sub = parser.add_subparsers(dest="command", required=True)
    command = functools.partial(sub.add_parser, parents=[db_after])
    index = command("index", help="build or refresh the index")
    index.add_argument("--source", help="corpus folder (env DALIL_CORPUS_DIR, default seeds/)")
    index.add_argument(
        "--rebuild",
        action="store_true",
        help="re-analyze everything (and replace an unusable database)",
    )
    index.add_argument("--workers", type=int, help="analysis processes (default: all cores)")
    index.add_argument("--max-mb", type=float, help="skip files larger than this (default 20)")
    index.add_argument("--max-total-mb", type=float, help="text one build may read (default 1024)")
    index.add_argument(
        "--allow-mass-removal",
        action="store_true",
        help="index even if more than half the documents would go, or a folder is unreadable",
    )
    index.add_argument("--quiet", action="store_true", help="no progress output")
    index.set_defaults(func=cmd_index)
    ask = command("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--top-k", type=int, help="excerpts to show (env DALIL_TOP_K, default 3)")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument(
        "--source",
        action="append",
        help="search only this source (Arabic name or slug, e.g. عكاظ or okaz; repeatable)",
    )
    ask.add_argument("--since", type=_day_option, help="only documents dated on or after this day")
    ask.add_argument("--until", type=_day_option, help="only documents dated on or before this day")
    ask.add_argument("--newest", action="store_true", help="the latest documents first")
    ask.set_defaults(func=cmd_ask)
    chat = command("chat", help="ask questions in the terminal (Ctrl-D to leave)")
    chat.add_argument("--top-k", type=int)
    chat.set_defaults(func=cmd_chat)
    stats = command("stats", help="documents, passages, vocabulary, last build")
    stats.set_defaults(func=cmd_stats)
    evaluation = command("eval", help="score a JSONL question set")
    evaluation.add_argument("questions")
    evaluation.add_argument("--top-k", type=int, default=10, help="results per question (1-10)")
    evaluation.add_argument("--run-out", help="write one JSON line of results per question")
    evaluation.set_defaults(func=cmd_eval)
    analyze = command("analyze", help="show the stem and exact form of each word")
    analyze.add_argument("text")
    analyze.add_argument("--json", action="store_true")
    analyze.set_defaults(func=cmd_analyze)
    aliases = command("aliases", help="check the aliases file against the index")
    aliases.add_argument("action", choices=["check"])
    aliases.add_argument("--file", help="setting DALIL_ALIASES, default aliases.txt in the project")
    aliases.set_defaults(func=cmd_aliases)
    run = command("run", help="start the Telegram bot (long polling, or the webhook if set)")
    run.set_defaults(func=cmd_run)
    start = command("start", help="refresh the index, then the bot (or the chat without a token)")
    start.set_defaults(func=cmd_start)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `dalil` console script."""
    args = build_parser().parse_args(argv)
    args.environ = read_environment(env_file=config.env_file())  # .env is read here, once
    args.db = args.db or str(db_setting(args.environ))
    try:
        return args.func(args)
    except BrokenPipeError:  # `dalil ask … | head` closed the pipe: stop quietly
        _silence_stdout()
        return 1
    except (StorageError, CommandError, SettingsError) as error:
        print(f"dalil: {error}", file=sys.stderr)
        return 2


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit raises no second BrokenPipeError."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
