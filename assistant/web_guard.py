"""HTTP guards in front of the Gradio app, as one ASGI middleware (``WebGuard``):

- Loopback mode (no admin password, the app listens on 127.0.0.1): only a loopback ``Host``
  (localhost, 127.0.0.1, [::1], any port) is served. A page on another name that resolves to
  127.0.0.1 (DNS rebinding) gets 421 and cannot drive the app.
- Every mode: a state-changing request (POST, PUT, PATCH, DELETE: a queued call, an API call, an
  upload) that carries an ``Origin`` must come from the page's own origin (the ``Host``) or one
  listed in FACTCHECK_ALLOWED_ORIGINS; otherwise 403.
- Uploads (Gradio's upload route): at most ``request_limit`` bytes a request, and at most
  ``quota`` bytes in Gradio's upload folder (Gradio's ``delete_cache`` empties it); in password
  mode only from a browser that gave the admin password first (``POST /factcheck/unlock`` sets a
  short-lived cookie) or with the password in the ``X-Admin-Password`` header.

The checks are plain methods over headers (tested without a server)."""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.web_input import UserError

LOOPBACK = frozenset({"localhost", "127.0.0.1", "[::1]"})
CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
UPLOAD_PATH = "/gradio_api/upload"
UNLOCK_PATH = "/factcheck/unlock"
COOKIE = "factcheck-uploads"
PASSWORD_HEADER = "x-admin-password"
DEFAULT_PORTS = {"http": "80", "https": "443"}
MAX_PASSWORD_BYTES = 4096

Unlock = Callable[[str, str], None]  # (password, client) -> None, or raises UserError


def split_host(host: str) -> tuple[str, str]:
    """A Host header as (name, port), lower case: '[::1]:7860' -> ('[::1]', '7860')."""
    host = host.strip().lower()
    name, port = host, ""
    if host.startswith("["):
        end = host.find("]")
        name, rest = (host[: end + 1], host[end + 1 :]) if end > 0 else (host, "")
        port = rest[1:] if rest.startswith(":") else ""
    elif host.count(":") == 1:
        name, port = host.split(":")
    return name.rstrip("."), port


def host_name(host: str) -> str:
    return split_host(host)[0]


def origin_key(origin: str) -> str | None:
    """'HTTPS://Facts.Example.org:443' -> 'https://facts.example.org'; None for anything that
    is not an http(s) origin ('null', a path, garbage)."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, name = parts.scheme.lower(), (parts.hostname or "").rstrip(".")
    if scheme not in DEFAULT_PORTS or not name or parts.path not in ("", "/") or parts.query:
        return None
    name = f"[{name}]" if ":" in name else name
    shown_port = "" if port is None or str(port) == DEFAULT_PORTS[scheme] else f":{port}"
    return f"{scheme}://{name}{shown_port}"


def parse_origins(text: str) -> tuple[str, ...]:
    """FACTCHECK_ALLOWED_ORIGINS: origins separated by commas or spaces."""
    origins = []
    for item in text.replace(",", " ").split():
        key = origin_key(item)
        if key is None:
            raise ValueError(
                f"FACTCHECK_ALLOWED_ORIGINS: '{item}' is not an origin; write it as "
                "scheme://name[:port], e.g. https://facts.example.org"
            )
        origins.append(key)
    return tuple(origins)


def same_origin(origin: str, host: str, allowed: Iterable[str] = ()) -> bool:
    """Whether a request's ``Origin`` is the ``Host`` it was sent to, or an allowed origin."""
    key = origin_key(origin)
    if key is None:
        return False
    if key in allowed:
        return True
    scheme, _, netloc = key.partition("://")
    name, port = split_host(host)
    return netloc == (name if port in ("", DEFAULT_PORTS[scheme]) else f"{name}:{port}")


def folder_bytes(folder: Path) -> int:
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:  # removed meanwhile
                continue
    return total


@dataclass
class Tokens:
    """Short-lived upload tokens, held in memory (a restart asks for the password again)."""

    ttl: float = 3600.0
    clock: Callable[[], float] = time.monotonic
    most: int = 1000
    _expiry: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def issue(self) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = self.clock()
            self._expiry = {t: e for t, e in self._expiry.items() if e > now}
            while len(self._expiry) >= self.most:
                del self._expiry[next(iter(self._expiry))]
            self._expiry[token] = now + self.ttl
        return token

    def valid(self, token: str | None) -> bool:
        with self._lock:
            return bool(token) and self._expiry.get(token or "", 0.0) > self.clock()


class WebGuard:
    """The ASGI middleware; ``refusal`` holds the decisions, ``__call__`` only applies them."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        loopback_only: bool,
        allowed_origins: Iterable[str] = (),
        unlock: Unlock | None = None,
        request_limit: int = 100 * 1024 * 1024,
        upload_dir: Path | None = None,
        quota: int = 500 * 1024 * 1024,
        tokens: Tokens | None = None,
    ) -> None:
        self.app = app
        self.loopback_only = loopback_only
        self.allowed = frozenset(allowed_origins)
        self.unlock = unlock  # None: uploads need no password (loopback mode)
        self.request_limit = request_limit
        self.upload_dir = upload_dir
        self.quota = quota
        self.tokens = tokens or Tokens()

    def refusal(
        self, method: str, path: str, headers: Headers, client: str = ""
    ) -> tuple[int, str] | None:
        """(HTTP status, message) for a request to refuse; None to let it through."""
        host = headers.get("host", "")
        if self.loopback_only and host_name(host) not in LOOPBACK:
            return 421, (
                f"This app answers on localhost / 127.0.0.1 only, not on '{host_name(host)}'; "
                "open it at http://127.0.0.1 with its port."
            )
        origin = headers.get("origin")
        if method in CHANGES and origin is not None and not same_origin(origin, host, self.allowed):
            return 403, (
                f"Refused: a request from the page at '{origin[:100]}' to this app. Pages on "
                "other sites cannot use it (an app behind a proxy lists its public address in "
                "FACTCHECK_ALLOWED_ORIGINS)."
            )
        if method == "POST" and path == UPLOAD_PATH:
            return self._upload_refusal(headers, client)
        return None

    def _upload_refusal(self, headers: Headers, client: str) -> tuple[int, str] | None:
        if self.unlock is not None and not self.tokens.valid(_cookie(headers, COOKIE)):
            given = headers.get(PASSWORD_HEADER)
            if given is None:
                return 403, (
                    "Uploads need the admin password: type it in the Admin password box "
                    "(and leave the box) before choosing files."
                )
            try:
                self.unlock(given, client)
            except UserError as exc:
                return 403, str(exc)
        length = headers.get("content-length", "")
        if not length.isdigit():
            return 411, "An upload must say its size (a Content-Length header)."
        mb = 1024 * 1024
        if int(length) > self.request_limit:
            return 413, f"An upload may hold at most {self.request_limit // mb} MB at once."
        if self.upload_dir is not None:
            held = folder_bytes(self.upload_dir)
            if held + int(length) > self.quota:
                return 507, (
                    f"The upload space is full ({held // mb} MB of {self.quota // mb} MB); "
                    "uploads are cleared after an hour: try again later."
                )
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :] or "/"
        method = scope.get("method", "POST")  # a websocket changes state: checked like a POST
        client = (scope.get("client") or ("", 0))[0]
        headers = Headers(scope=scope)
        refused = self.refusal(method, path, headers, client)
        if refused is None and method == "POST" and path == UNLOCK_PATH:
            await self._unlock(scope, receive, send, client)
            return
        if refused is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        else:
            status, text = refused
            await PlainTextResponse(text, status_code=status)(scope, receive, send)

    async def _unlock(self, scope: Scope, receive: Receive, send: Send, client: str) -> None:
        """POST /factcheck/unlock with the admin password as the body: a cookie that lets this
        browser upload for ``tokens.ttl`` seconds."""
        body = b""
        more = True
        while more and len(body) <= MAX_PASSWORD_BYTES:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        if self.unlock is None:
            response = PlainTextResponse("No admin password is set: uploads need none.")
        elif len(body) > MAX_PASSWORD_BYTES:
            response = PlainTextResponse("That is not a password.", status_code=413)
        else:
            try:
                self.unlock(body.decode("utf-8", "replace"), client)
            except UserError as exc:
                response = PlainTextResponse(str(exc), status_code=403)
            else:
                minutes = round(self.tokens.ttl / 60)
                response = PlainTextResponse(f"Uploads are open for {minutes} min.")
                response.set_cookie(
                    COOKIE,
                    self.tokens.issue(),
                    max_age=int(self.tokens.ttl),
                    httponly=True,
                    samesite="strict",
                    secure=scope.get("scheme") == "https",
                )
        await response(scope, receive, send)


def _cookie(headers: Headers, name: str) -> str | None:
    for part in headers.get("cookie", "").split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None
