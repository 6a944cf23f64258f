"""The error log's copy of an update names nobody: contact cards and hidden forwarders too."""

from __future__ import annotations

import json

from bot.scrub import scrubbed


def test_a_contact_card_and_a_hidden_forwarder_leave_no_id_or_name() -> None:
    update = {
        "update_id": 9,
        "message": {
            "message_id": 3,
            "from": {"id": 48151623, "is_bot": False, "first_name": "سلمى"},
            "chat": {"id": 48151623, "type": "private", "first_name": "سلمى"},
            "contact": {
                "phone_number": "+216555000111",
                "first_name": "خالد",
                "user_id": 42424242,
                "vcard": "BEGIN:VCARD\nFN:خالد\nEND:VCARD",
            },
            "forward_origin": {"type": "hidden_user", "sender_user_name": "منى", "date": 1},
        },
    }
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
