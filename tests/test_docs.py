"""The README documents every `dalil` subcommand and every setting of .env.example."""

from __future__ import annotations

import argparse
import re

from bot.cli import build_parser
from tests.helpers import ROOT


def test_every_subcommand_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    missing = [name for name in commands.choices if f"dalil {name}" not in readme]
    assert not missing, f"README.md does not document: {missing}"


def test_every_setting_of_env_example_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    names = set(re.findall(r"^#?\s*([A-Z][A-Z_]+)=", example, flags=re.MULTILINE))
    assert names, "the example lists settings"
    assert not [n for n in sorted(names) if f"`{n}`" not in readme]
