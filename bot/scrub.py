"""Describe a Telegram update for the log without who sent it (and, if asked, what they wrote)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Fields of a User or a private Chat that name a person.
PERSONAL = frozenset(
    {"first_name", "last_name", "username", "language_code", "bio", "phone_number"}
)
# Fields that name a person wherever they appear (a contact card, a hidden forwarder, a
# channel post's signature).
NAMING = frozenset({"sender_user_name", "author_signature", "vcard", "phone_number"})
# Fields that hold someone's Telegram id outside a User (a contact card's user_id).
PERSON_IDS = frozenset({"user_id"})
# Fields that hold what a person wrote or sent.
WRITTEN = frozenset({"text", "caption", "query"})


def scrubbed(value: Any, hash_id: Callable[[int], str], keep_text: bool) -> Any:
    """A copy of an update's dict with people's ids hashed and names dropped (texts too unless
    keep_text): a user, or a private chat, is any dict with a first_name or is_bot."""
    if isinstance(value, list):
        return [scrubbed(item, hash_id, keep_text) for item in value]
    if not isinstance(value, dict):
        return value
    is_person = "first_name" in value or "is_bot" in value
    result = {}
    for key, item in value.items():
        if (is_person and key in PERSONAL) or key in NAMING:
            continue
        if ((is_person and key == "id") or key in PERSON_IDS) and isinstance(item, int):
            result[key] = hash_id(item)
        elif key in WRITTEN and isinstance(item, str) and not keep_text:
            result[key] = f"<{len(item)} characters>"
        else:
            result[key] = scrubbed(item, hash_id, keep_text)
    return result
