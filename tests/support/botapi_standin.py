"""A local stand-in for the Telegram Bot API that a real python-telegram-bot Application can use."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import re
import time
from collections.abc import Callable
from typing import Any, Self

from aiohttp import web

from tests.support.telegram_html import parse_html, telegram_html_problem, utf16_len

__all__ = ["BotApiStandIn", "telegram_html_problem", "utf16_len"]

MAX_TEXT = 4096
MAX_CAPTION = 1024
# Parameters whose form value is a plain string and must never be JSON-decoded ("123" stays str).
_STR_KEY_RE = re.compile(
    r"text|caption|parse_mode|callback_query_id|file_id|inline_message_id|url|data|query|title"
    r"|(short_)?description|name|emoji|language_code|business_connection_id|action"
    r"|secret_token|ip_address|inline_query_id"
)


class _Failure(Exception):
    """A Bot API error answer (ok=false) raised inside a method handler."""

    def __init__(self, code: int, description: str, params: dict[str, Any] | None = None):
        super().__init__(description)
        self.payload: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if params:
            self.payload["parameters"] = params


def _bad(description: str) -> _Failure:
    """Build a 400 Bad Request failure."""
    return _Failure(400, f"Bad Request: {description}")


def _chat_type_for(chat_id: int | None) -> str:
    """Guess a chat type from a chat id: positive private, -100... supergroup, else group."""
    if chat_id is None or chat_id > 0:
        return "private"
    return "supergroup" if chat_id <= -(10**12) else "group"


def _decode_value(key: str, value: str) -> Any:
    """JSON-decode a form value unless it is a plain-text parameter or not JSON."""
    if _STR_KEY_RE.fullmatch(key):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class BotApiStandIn:
    """An aiohttp app on 127.0.0.1 that answers Bot API calls and records what the bot did."""

    def __init__(
        self,
        token: str = "123456789:TEST_token_for_the_stand_in_only",
        bot_id: int = 123456789,
        bot_username: str = "dalil_test_bot",
    ) -> None:
        """Set up empty state; call start() (or use `async with`) to serve."""
        self.token = token
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Dalil Test Bot",
            "username": bot_username,
        }
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.responses: list[dict[str, Any]] = []  # parallel to calls: the JSON answered
        self.requested_tokens: set[str] = set()
        self.bot_messages: dict[int, dict[str, Any]] = {}
        self.chats: dict[int, dict[str, Any]] = {}
        self.commands: list[dict[str, Any]] = []  # the default scope's menu
        self.scoped_commands: dict[str, list[dict[str, Any]]] = {}  # JSON of a scope -> menu
        self.descriptions: dict[str, str] = {}  # "description" / "short_description" -> text
        self.files: dict[str, dict[str, Any]] = {}  # file_id -> File dict plus "content"
        self.updates: list[dict[str, Any]] = []  # pending (not yet confirmed) updates
        self.webhook: dict[str, Any] | None = None  # what setWebhook registered
        # With deliver_to set, updates are POSTed to these worker URLs in turn (as Telegram
        # posts to the webhook and a proxy spreads the requests), not queued for getUpdates.
        self.deliver_to: list[str] = []
        self.deliveries: list[tuple[str, int]] = []  # (worker URL, HTTP status) per update
        self._client: Any = None
        self._deliveries_done: set[asyncio.Task] = set()
        self.port = 0
        self._failures: dict[str, list[_Failure]] = {}
        self._callback_ids: set[str] = set()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(100_000)
        self._new_update = asyncio.Event()
        self._new_call = asyncio.Event()
        self._stopping = False
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        """Value for ApplicationBuilder.base_url (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ApplicationBuilder.base_file_url (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        """Serve on 127.0.0.1 at a free port and record it in self.port."""
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._stopping = False
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Release pending long polls and shut the server down."""
        self._stopping = True
        self._wake("_new_update")
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        """Start serving."""
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Stop serving."""
        await self.stop()

    # ------------------------------------------------------------------ pushing updates
    def _wake(self, attr: str) -> None:
        """Set the event stored in attr and replace it with a fresh one."""
        getattr(self, attr).set()
        setattr(self, attr, asyncio.Event())

    def _push_update(self, **payload: Any) -> None:
        """Queue an update with the next update_id and wake long polls (or deliver it)."""
        update = {"update_id": next(self._update_ids), **payload}
        if self.deliver_to:
            url = self.deliver_to[len(self.deliveries) % len(self.deliver_to)]
            self.deliveries.append((url, 0))
            task = asyncio.get_running_loop().create_task(
                self._deliver(len(self.deliveries) - 1, url, update)
            )
            self._deliveries_done.add(task)
            task.add_done_callback(self._deliveries_done.discard)
            return
        self.updates.append(update)
        self._wake("_new_update")

    async def post_update(self, url: str, update: dict[str, Any], secret: str | None) -> int:
        """POST one update to a webhook URL as Telegram does; return the HTTP status."""
        from aiohttp import ClientSession

        if self._client is None:
            self._client = ClientSession()
        headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with self._client.post(url, json=update, headers=headers) as response:
            return response.status

    async def _deliver(self, number: int, url: str, update: dict[str, Any]) -> None:
        """Deliver a pushed update to a worker, with the registered secret, noting the status."""
        secret = (self.webhook or {}).get("secret_token")
        self.deliveries[number] = (url, await self.post_update(url, update, secret))
        self._wake("_new_call")

    def _user(self, user_id: int, first_name: str = "مستخدم", username: str | None = None) -> dict:
        """Build a (human) User dict."""
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        return user

    def _chat(self, chat_id: int | None, user: dict[str, Any], chat_type: str) -> dict[str, Any]:
        """Build and remember a Chat dict (private chats default to the user's id)."""
        if chat_type == "private":
            chat_id = user["id"] if chat_id is None else chat_id
            chat = {k: v for k, v in user.items() if k in ("first_name", "username")}
            chat.update(id=chat_id, type="private")
        else:
            if chat_id is None:
                chat_id = -user["id"] if chat_type == "group" else -(10**12 + user["id"])
            if chat_id >= 0:
                raise ValueError(f"{chat_type} chats need a negative chat id, got {chat_id}")
            chat = {"id": chat_id, "type": chat_type, "title": f"Test {chat_type} {chat_id}"}
        return self.chats.setdefault(chat_id, chat)

    def _user_message(
        self, user_id: int, chat_id: int | None, chat_type: str, **user_kw: Any
    ) -> dict[str, Any]:
        """Build the common part of a message a user sends."""
        user = self._user(user_id, **user_kw)
        return {
            "message_id": next(self._ids),
            "from": user,
            "chat": self._chat(chat_id, user, chat_type),
            "date": int(time.time()),
        }

    def push_text(
        self,
        text: str,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str = "مستخدم",
        username: str | None = None,
        reply_to_bot_message_id: int | None = None,
        entities: list[dict] | None = None,
        forward_from_user_id: int | None = None,
        sender_chat: dict | None = None,
    ) -> dict:
        """Queue a text message from a user; commands get a bot_command entity automatically."""
        msg = self._user_message(
            user_id, chat_id, chat_type, first_name=first_name, username=username
        )
        msg["text"] = text
        ents = list(entities or [])
        if re.match(r"/\w", text) and not any(e.get("offset") == 0 for e in ents):
            ents.insert(
                0, {"type": "bot_command", "offset": 0, "length": utf16_len(text.split()[0])}
            )
        if ents:
            msg["entities"] = ents
        if reply_to_bot_message_id is not None:
            replied = self.bot_messages.get(reply_to_bot_message_id) or {
                "message_id": reply_to_bot_message_id,
                "from": self.bot_user,
                "chat": msg["chat"],
                "date": msg["date"],
            }
            msg["reply_to_message"] = copy.deepcopy(replied)
        if forward_from_user_id is not None:
            msg["forward_origin"] = {
                "type": "user",
                "date": msg["date"] - 60,
                "sender_user": self._user(forward_from_user_id, "Forwarded"),
            }
        if sender_chat is not None:
            msg["sender_chat"] = sender_chat
        self._push_update(message=msg)
        return msg

    def _store_file(self, content: bytes, file_name: str, mime_type: str | None) -> dict:
        """Remember a file so getFile and the download route can serve it."""
        n = next(self._ids)
        ext = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        doc = {"file_id": f"BQACAgQAAxk-doc-{n}", "file_unique_id": f"AgAD{n}"}
        doc.update(file_name=file_name, mime_type=mime_type, file_size=len(content))
        doc = {k: v for k, v in doc.items() if v is not None}
        self.files[doc["file_id"]] = {**doc, "file_path": f"documents/file_{n}.{ext}"}
        self.files[doc["file_id"]]["content"] = content
        return doc

    def push_document(
        self,
        content: bytes,
        file_name: str,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        mime_type: str = "text/plain",
        caption: str | None = None,
    ) -> dict:
        """Queue a document message from a user; the file is downloadable via getFile."""
        msg = self._user_message(user_id, chat_id, _chat_type_for(chat_id))
        msg["document"] = self._store_file(content, file_name, mime_type)
        if caption is not None:
            msg["caption"] = caption
        self._push_update(message=msg)
        return msg

    def push_inline_query(self, query: str, *, user_id: int = 1001) -> dict:
        """Queue an inline query (`@bot query` typed in any chat)."""
        inline = {
            "id": str(next(self._ids) * 104729),
            "from": self._user(user_id),
            "query": query,
            "offset": "",
            "chat_type": "sender",
        }
        self._push_update(inline_query=inline)
        return inline

    def push_raw(self, **payload: Any) -> int:
        """Queue an update exactly as given (after its update_id); return the update_id."""
        self._push_update(**payload)
        return self.updates[-1]["update_id"]

    def push_sticker(self, *, user_id: int = 1001, chat_id: int | None = None) -> dict:
        """Queue a sticker message from a user."""
        msg = self._user_message(user_id, chat_id, _chat_type_for(chat_id))
        msg["sticker"] = {
            "file_id": f"sticker{msg['message_id']}",
            "file_unique_id": f"u{msg['message_id']}",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        self._push_update(message=msg)
        return msg

    def push_callback(
        self, data: str, *, message_id: int, user_id: int = 1001, chat_id: int | None = None
    ) -> dict:
        """Queue a callback_query from a button on a message the bot sent earlier."""
        message = copy.deepcopy(self.bot_messages.get(message_id))
        if message is None:  # unknown message: send it as an InaccessibleMessage (date 0)
            user = self._user(user_id)
            cid = user_id if chat_id is None else chat_id
            chat = self._chat(cid, user, _chat_type_for(cid))
            message = {"message_id": message_id, "chat": chat, "date": 0}
        query = {
            "id": str(next(self._ids) * 7919),
            "from": self._user(user_id),
            "chat_instance": f"ci{message['chat']['id']}",
            "message": message,
            "data": data,
        }
        self._callback_ids.add(query["id"])
        self._push_update(callback_query=query)
        return query

    # ------------------------------------------------------------------ inspecting the bot
    def fail_next(
        self,
        method: str,
        *,
        error_code: int = 429,
        description: str = "Too Many Requests: retry after 1",
        retry_after: int | None = 1,
        times: int = 1,
    ) -> None:
        """Make the next `times` calls of method answer with an error."""
        params = {"retry_after": retry_after} if retry_after is not None else None
        self._failures.setdefault(method.lower(), []).extend(
            _Failure(error_code, description, params) for _ in range(times)
        )

    def sent(self, method: str = "sendMessage") -> list[dict]:
        """Return params of the successful calls of method, in order."""
        return [
            params
            for (name, params), resp in zip(self.calls, self.responses, strict=True)
            if name.lower() == method.lower() and resp.get("ok")
        ]

    def rejected(self, method: str = "sendMessage") -> list[tuple[dict, dict]]:
        """Return (params, error answer) of the failed calls of method, in order."""
        return [
            (params, resp)
            for (name, params), resp in zip(self.calls, self.responses, strict=True)
            if name.lower() == method.lower() and not resp.get("ok")
        ]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[dict], bool] | None = None,
        timeout: float = 5.0,
        count: int = 1,
    ) -> list[dict]:
        """Wait until `count` successful calls of method match predicate; return all matches."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            event = self._new_call
            found = [p for p in self.sent(method) if predicate is None or predicate(p)]
            if len(found) >= count:
                return found
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                dump = "\n".join(
                    f"  {name} -> {'ok' if resp.get('ok') else resp.get('description')}: "
                    f"{json.dumps(params, ensure_ascii=False, default=repr)[:300]}"
                    for (name, params), resp in zip(self.calls, self.responses, strict=True)
                    if name != "getUpdates"
                )
                raise AssertionError(
                    f"timed out after {timeout}s waiting for {count} matching {method} call(s), "
                    f"got {len(found)}; calls so far:\n{dump or '  (none)'}"
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    # ------------------------------------------------------------------ HTTP handlers
    async def _read_params(self, request: web.Request) -> dict[str, Any]:
        """Decode query, form, multipart or JSON parameters."""
        raw: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            raw.update(await request.json())
        elif request.content_type == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if part.name is None or not hasattr(part, "filename"):
                    continue
                if part.filename is not None:
                    raw[part.name] = {
                        "file_name": part.filename,
                        "mime_type": part.headers.get("Content-Type"),
                        "content": bytes(await part.read()),
                    }
                else:
                    raw[part.name] = await part.text()
        elif request.can_read_body:
            raw.update(await request.post())
        return {k: _decode_value(k, v) if isinstance(v, str) else v for k, v in raw.items()}

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        """Serve a stored file's bytes at /file/bot<TOKEN>/<file_path>."""
        self.requested_tokens.add(request.match_info["token"])
        path = request.match_info["path"]
        for info in self.files.values():
            if info["file_path"] == path and request.match_info["token"] == self.token:
                return web.Response(body=info["content"], content_type="application/octet-stream")
        return web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )

    async def _handle_method(self, request: web.Request) -> web.Response:
        """Record a Bot API call and answer it like Telegram would."""
        token, method = request.match_info["token"], request.match_info["method"]
        self.requested_tokens.add(token)
        params = await self._read_params(request)
        try:
            if token != self.token:
                raise _Failure(401, "Unauthorized")
            handler = getattr(self, f"_m_{method.lower()}", None)
            if handler is None:
                raise _Failure(404, f"Not Found: method {method}")
            failures = self._failures.get(method.lower())
            if failures:
                raise failures.pop(0)
            if method.lower() == "getupdates":  # not recorded before: may wait a long time
                payload = {"ok": True, "result": await handler(params)}
            else:
                payload = {"ok": True, "result": handler(params)}
        except _Failure as failure:
            payload = failure.payload
        self.calls.append((method, params))
        self.responses.append(payload)
        self._wake("_new_call")
        return web.json_response(payload, status=200 if payload["ok"] else payload["error_code"])

    # ------------------------------------------------------------------ Bot API methods
    async def _m_getupdates(self, params: dict[str, Any]) -> list[dict]:
        """Confirm updates below offset, then long-poll up to `timeout` seconds for new ones."""
        if self.webhook is not None:
            raise _Failure(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset, limit = int(params.get("offset") or 0), int(params.get("limit") or 100)
        if offset < 0:
            self.updates = self.updates[offset:]
        elif offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        event = self._new_update
        if not self.updates and not self._stopping and float(params.get("timeout") or 0) > 0:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), float(params["timeout"]))
        return copy.deepcopy(self.updates[: max(1, min(limit, 100))])

    def _m_getme(self, params: dict[str, Any]) -> dict:
        """Return the bot user."""
        extra = {"can_join_groups": True, "can_read_all_group_messages": False}
        return {**self.bot_user, **extra, "supports_inline_queries": True}

    def _m_deletewebhook(self, params: dict[str, Any]) -> bool:
        """Forget the webhook; drop pending updates if asked."""
        self.webhook = None
        if params.get("drop_pending_updates"):
            self.updates.clear()
        return True

    def _m_setwebhook(self, params: dict[str, Any]) -> bool:
        """Register a webhook (its URL, secret token and allowed updates)."""
        if not str(params.get("url") or "").startswith(("https://", "http://")):
            raise _bad("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook = dict(params)
        return True

    def _m_getwebhookinfo(self, params: dict[str, Any]) -> dict:
        """Report the registered webhook, if any."""
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.updates),
        }

    def _m_setmycommands(self, params: dict[str, Any]) -> bool:
        """Store the command list of a scope (a chat scope needs a chat Telegram knows)."""
        scope = params.get("scope") or {"type": "default"}
        commands = list(params.get("commands") or [])
        if scope.get("type") == "default":
            self.commands = commands
        elif scope.get("type") == "chat" and scope.get("chat_id") not in self.chats:
            raise _bad("chat not found")
        self.scoped_commands[json.dumps(scope, sort_keys=True)] = commands
        return True

    def _m_getmycommands(self, params: dict[str, Any]) -> list[dict]:
        """Return the stored command list of a scope."""
        scope = params.get("scope") or {"type": "default"}
        return self.scoped_commands.get(json.dumps(scope, sort_keys=True), self.commands)

    def _m_setmydescription(self, params: dict[str, Any]) -> bool:
        """Store the description (at most 512 characters)."""
        if len(str(params.get("description") or "")) > 512:
            raise _bad("description is too long")
        self.descriptions["description"] = str(params.get("description") or "")
        return True

    def _m_setmyshortdescription(self, params: dict[str, Any]) -> bool:
        """Store the short description (at most 120 characters)."""
        if len(str(params.get("short_description") or "")) > 120:
            raise _bad("short description is too long")
        self.descriptions["short_description"] = str(params.get("short_description") or "")
        return True

    def _m_answerinlinequery(self, params: dict[str, Any]) -> bool:
        """Check an inline answer like Telegram (at most 50 results, valid message texts)."""
        results = params.get("results") or []
        if len(results) > 50:
            raise _bad("too many inline query results specified")
        for result in results:
            content = result.get("input_message_content") or {}
            self._check_text(
                {"text": content.get("message_text"), "parse_mode": content.get("parse_mode")},
                "text",
                MAX_TEXT,
            )
            if len(str(result.get("id", "")).encode()) > 64:
                raise _bad("RESULT_ID_INVALID")
        return True

    def _acknowledge(self, params: dict[str, Any]) -> bool:
        """Answer true for methods that only acknowledge."""
        return True

    _m_sendchataction = _m_deletemessage = _m_close = _m_logout = _acknowledge
    _m_deletemycommands = _acknowledge

    def _m_answercallbackquery(self, params: dict[str, Any]) -> bool:
        """Acknowledge a callback query that was pushed earlier."""
        if params.get("callback_query_id") not in self._callback_ids:
            raise _bad("query is too old and response timeout expired or query ID is invalid")
        return True

    def _check_text(self, params: dict[str, Any], key: str, limit: int) -> str:
        """Validate text/caption like Telegram and return its visible text."""
        text = str(params.get(key) or "")
        visible = text
        if str(params.get("parse_mode") or "").upper() == "HTML":
            problem, visible = parse_html(text)
            if problem:
                raise _bad(f"can't parse entities: {problem}")
        if key == "text" and not visible.strip():
            raise _bad("message text is empty")
        if utf16_len(visible) > limit:  # Telegram counts UTF-16 units of the parsed text
            raise _bad("message is too long" if key == "text" else "message caption is too long")
        return visible

    def _new_bot_message(self, params: dict[str, Any], **content: Any) -> dict:
        """Create, remember and return a message sent by the bot."""
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise _bad("chat not found")
        chat = self.chats.get(chat_id) or (
            {"id": chat_id, "type": "private", "first_name": "User"}
            if chat_id > 0
            else {"id": chat_id, "type": "supergroup", "title": f"Chat {chat_id}"}
        )
        msg = {"message_id": next(self._ids), "from": self.bot_user, "chat": chat}
        msg.update(date=int(time.time()), **content)
        markup = params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:  # only inline ones come back
            msg["reply_markup"] = markup
        self.bot_messages[msg["message_id"]] = msg
        return copy.deepcopy(msg)

    def _m_sendmessage(self, params: dict[str, Any]) -> dict:
        """Send a text message (text becomes the visible text, as Telegram returns it)."""
        return self._new_bot_message(params, text=self._check_text(params, "text", MAX_TEXT))

    def _m_senddocument(self, params: dict[str, Any]) -> dict:
        """Send a document given as upload or as a known file_id."""
        document = params.get("document")
        if isinstance(document, dict) and "content" in document:
            doc = self._store_file(
                document["content"], document["file_name"], document["mime_type"]
            )
        elif isinstance(document, str) and document in self.files:
            doc = {
                k: v for k, v in self.files[document].items() if k not in ("content", "file_path")
            }
        else:
            raise _bad("wrong file identifier/HTTP URL specified")
        content: dict[str, Any] = {"document": doc}
        if params.get("caption"):
            content["caption"] = self._check_text(params, "caption", MAX_CAPTION)
        return self._new_bot_message(params, **content)

    def _find_bot_message(self, params: dict[str, Any]) -> dict:
        """Look up the bot message addressed by chat_id + message_id."""
        msg = self.bot_messages.get(params.get("message_id"))  # type: ignore[arg-type]
        if msg is None or msg["chat"]["id"] != params.get("chat_id"):
            raise _bad("message to edit not found")
        return msg

    def _apply_edit(self, msg: dict, changes: dict[str, Any]) -> dict:
        """Apply changes to a stored message, refusing no-op edits like Telegram."""
        new = {**msg, **changes}
        if new.get("reply_markup") is None:
            new.pop("reply_markup", None)
        if new == msg:
            raise _bad(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        new["edit_date"] = int(time.time())
        msg.clear()
        msg.update(new)
        return copy.deepcopy(msg)

    def _m_editmessagetext(self, params: dict[str, Any]) -> dict | bool:
        """Edit the text (and reply markup) of a bot message."""
        text = self._check_text(params, "text", MAX_TEXT)
        if params.get("inline_message_id"):
            return True  # inline messages are not tracked; Telegram answers true for them
        msg = self._find_bot_message(params)
        if "text" not in msg:
            raise _bad("there is no text in the message to edit")
        return self._apply_edit(msg, {"text": text, "reply_markup": params.get("reply_markup")})

    def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> dict | bool:
        """Replace the reply markup of a bot message."""
        if params.get("inline_message_id"):
            return True
        msg = self._find_bot_message(params)
        return self._apply_edit(msg, {"reply_markup": params.get("reply_markup")})

    def _m_getfile(self, params: dict[str, Any]) -> dict:
        """Return a File for a known file_id."""
        info = self.files.get(str(params.get("file_id")))
        if info is None:
            raise _bad("invalid file_id")
        keys = ("file_id", "file_unique_id", "file_size", "file_path")
        return {k: info[k] for k in keys}
