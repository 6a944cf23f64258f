"""Telegram HTML validation for tests, copied from the Bot API stand-in (/work/standin)."""

from __future__ import annotations

import re

# Tags Telegram HTML allows; span needs class="tg-spoiler", tg-emoji needs emoji-id="<digits>".
_ALLOWED_TAG_RE = re.compile(
    r"b|strong|i|em|u|ins|s|strike|del|a|code|pre|tg-spoiler|span|blockquote|tg-emoji"
)
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:([a-zA-Z]+)|#([0-9]{1,8})|#[xX]([0-9a-fA-F]{1,7}));")
_TAG_NAME_RE = re.compile(r"<([^\s>/]*)")
_ATTR = r"""[^\s=>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?"""
_START_TAG_RE = re.compile(rf"<([^\s>/]+)((?:\s+{_ATTR})*)\s*>")
_ATTR_RE = re.compile(r"""([^\s=>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_END_TAG_RE = re.compile(r"</([^\s>]*)\s*>")


def utf16_len(text: str) -> int:
    """Return the length of text in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


def _decode_entities(text: str, base: int, whole: str) -> tuple[str | None, str]:
    """Decode HTML entities in text (starting at index base of whole); return (problem, decoded)."""
    out: list[str] = []
    pos = 0
    while (amp := text.find("&", pos)) >= 0:
        out.append(text[pos:amp])
        m = _ENTITY_RE.match(text, amp)
        offset = len(whole[: base + amp].encode())
        if m is None:
            return f'Character "&" at byte offset {offset} does not start an HTML entity', ""
        if m[1] is not None and m[1].lower() not in _NAMED_ENTITIES:
            return f'Unsupported HTML entity "{m[0]}" at byte offset {offset}', ""
        if m[1] is not None:
            out.append(_NAMED_ENTITIES[m[1].lower()])
        else:
            code = int(m[2], 10) if m[2] is not None else int(m[3], 16)
            if not 0 < code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
                return f"Invalid numeric HTML entity at byte offset {offset}", ""
            out.append(chr(code))
        pos = m.end()
    out.append(text[pos:])
    return None, "".join(out)


def parse_html(text: str) -> tuple[str | None, str]:
    """Parse Telegram-flavoured HTML; return (problem or None, visible text)."""
    visible: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        lt = text.find("<", i)
        chunk = text[i:] if lt < 0 else text[i:lt]
        problem, decoded = _decode_entities(chunk, i, text)
        if problem:
            return problem, ""
        visible.append(decoded)
        if lt < 0:
            break
        offset = len(text[:lt].encode())
        if text.startswith("</", lt):
            m = _END_TAG_RE.match(text, lt)
            if m is None:
                return f"Unclosed end tag at byte offset {offset}", ""
            if not stack:
                return f"Unexpected end tag at byte offset {offset}", ""
            name = m[1].lower()
            if name != stack[-1]:
                return (
                    f'Unmatched end tag at byte offset {offset}, expected "</{stack[-1]}>", '
                    f'found "</{name}>"'
                ), ""
            stack.pop()
            i = m.end()
            continue
        name_match = _TAG_NAME_RE.match(text, lt)
        name = name_match[1].lower() if name_match else ""
        if not _ALLOWED_TAG_RE.fullmatch(name):
            return f'Unsupported start tag "{name}" at byte offset {offset}', ""
        m = _START_TAG_RE.match(text, lt)
        if m is None:
            return f'Unclosed start tag "{name}" at byte offset {offset}', ""
        attrs: dict[str, str] = {}
        for am in _ATTR_RE.finditer(m[2]):
            g = next((k for k in (2, 3, 4) if am[k] is not None), 0)
            value, start = (am[g], m.start(2) + am.start(g)) if g else ("", 0)
            problem, attrs[am[1].lower()] = _decode_entities(value, start, text)
            if problem:
                return problem, ""
        if name == "span" and attrs.get("class") != "tg-spoiler":
            return f'Tag "span" must have class "tg-spoiler" at byte offset {offset}', ""
        if name == "tg-emoji" and not attrs.get("emoji-id", "").isdigit():
            return f'Tag "tg-emoji" must have a numeric "emoji-id" at byte offset {offset}', ""
        stack.append(name)
        i = m.end()
    if stack:
        return f'Can\'t find end tag corresponding to start tag "{stack[-1]}"', ""
    return None, "".join(visible)


def telegram_html_problem(text: str) -> str | None:
    """Return why Telegram would reject text sent with parse_mode HTML, or None if valid."""
    # Stricter than Telegram in one way: a bare "&" that starts no entity is rejected (Telegram
    # keeps it literally), since it usually means the bot forgot to escape user-supplied text.
    return parse_html(text)[0]


def visible_text(text: str) -> str:
    """Return the text Telegram shows for valid HTML (tags removed, entities decoded)."""
    problem, visible = parse_html(text)
    if problem:
        raise ValueError(problem)
    return visible
