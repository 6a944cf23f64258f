"""The error log's copy of an update names nobody: contact cards and hidden forwarders too."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from bot import texts
from bot.scrub import scrubbed
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import running_bot, settings_for


def contact_message() -> dict:
    """A private message from سلمى carrying خالد's contact card, forwarded by a hidden user."""
    return {
        "message_id": 3,
        "from": {"id": 48151623, "is_bot": False, "first_name": "سلمى"},
        "chat": {"id": 48151623, "type": "private", "first_name": "سلمى"},
        "contact": {"phone_number": "+216555000111", "first_name": "خالد", "user_id": 42424242},
        "forward_origin": {"type": "hidden_user", "sender_user_name": "منى", "date": 1},
    }


def test_a_contact_card_and_a_hidden_forwarder_leave_no_id_or_name() -> None:
    message = contact_message()
    message["contact"]["vcard"] = "BEGIN:VCARD\nFN:خالد\nEND:VCARD"
    update = {"update_id": 9, "message": message}
    logged = json.dumps(
        scrubbed(update, lambda n: f"h{n % 97}", keep_text=False), ensure_ascii=False
    )
    for secret in ("48151623", "42424242", "سلمى", "خالد", "منى", "+216555000111", "VCARD"):
        assert secret not in logged, secret
    assert '"user_id": "h' in logged and '"hidden_user"' in logged


def test_an_inline_query_leaves_neither_its_sender_nor_its_text_with_the_log_off() -> None:
    update = {
        "update_id": 10,
        "inline_query": {
            "id": "77",
            "from": {"id": 48151623, "is_bot": False, "first_name": "سلمى", "username": "salma"},
            "query": "أين تسكن سلمى؟",
            "offset": "",
        },
    }
    logged = json.dumps(
        scrubbed(update, lambda n: f"h{n % 97}", keep_text=False), ensure_ascii=False
    )
    for secret in ("48151623", "سلمى", "salma", "تسكن"):
        assert secret not in logged, secret
    assert '"query": "<14 characters>"' in logged


async def test_the_error_log_of_a_failed_contact_card_names_nobody(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, caplog
) -> None:
    """End to end: a forwarded contact card whose reply fails is logged by the error handler
    with the query log off: no raw id, no name, no phone."""
    caplog.set_level(logging.ERROR)
    settings = settings_for(standin, bot_db, corpus_dir, log_questions=False)
    standin.fail_next(
        "sendMessage", error_code=400, description="Bad Request: no", retry_after=None
    )
    async with running_bot(settings):
        standin.push_raw(message={**contact_message(), "date": 1})
        [apology] = await standin.wait_for("sendMessage")
    [record] = [r for r in caplog.records if "caused an error" in r.getMessage()]
    logged = record.getMessage()
    assert apology["text"] == texts.APOLOGY and '"contact"' in logged
    for secret in ("48151623", "42424242", "سلمى", "خالد", "منى", "+216555000111"):
        assert secret not in logged, secret
