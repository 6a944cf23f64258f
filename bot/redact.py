"""Keep secrets (the bot token, the hash salt) out of every line the bot's log handlers write."""

from __future__ import annotations

import logging
from collections.abc import Iterable

REDACTED = "[redacted]"


def secret_forms(token: str, salt: str | None = None) -> tuple[str, ...]:
    """The strings a log line must not hold: the token (also URL-encoded), its secret, the salt."""
    secret = token.partition(":")[2]
    forms = (token, token.replace(":", "%3A"), token.replace(":", "%3a"), secret, salt or "")
    return tuple(form for form in forms if form)


class RedactSecrets(logging.Filter):
    """A handler filter that rewrites any record holding a secret (message, args, traceback)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        """Redact these strings (longest first, so a token goes before its secret half)."""
        super().__init__()
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """Replace every secret in text."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place when it holds a secret; never drop it."""
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            record.msg, record.args = self.redact(message), None
        if record.exc_info and record.exc_text is None:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def install(secrets: Iterable[str], logger: logging.Logger | None = None) -> RedactSecrets:
    """Add one redacting filter to every handler of logger (the root logger by default)."""
    redactor = RedactSecrets(secrets)
    for handler in (logger or logging.getLogger()).handlers:
        handler.addFilter(redactor)
    return redactor
