"""The admin password check, with a lock-out: after ``max_failures`` wrong passwords from one
client within ``window`` seconds, that client is refused for ``lock_for`` seconds, the right
password included, and told when to try again. The clock is injectable (tests need no sleeps)."""

from __future__ import annotations

import hashlib
import hmac
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from assistant.web_input import UserError

WRONG = "Wrong or missing admin password: adding, removing and rebuilding need it."
MAX_CLIENTS = 10_000  # clients remembered at most; the oldest are forgotten first


@dataclass
class PasswordGate:
    max_failures: int = 5
    window: float = 60.0
    lock_for: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _locked: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def check(self, given: str, expected: str, client: str = "") -> None:
        """Return if ``given`` is the password (or none is set); raise UserError otherwise.
        ``client``: who is asking (an IP address); "" counts for everyone unnamed."""
        if not expected:
            return
        # compared as digests: the time taken says nothing about the length or the prefix
        right = hmac.compare_digest(
            hashlib.sha256((given or "").encode("utf-8", "surrogatepass")).digest(),
            hashlib.sha256(expected.encode("utf-8", "surrogatepass")).digest(),
        )
        with self._lock:
            now = self.clock()
            until = self._locked.get(client, 0.0)
            if until > now:
                raise UserError(self._locked_message(until - now))
            self._locked.pop(client, None)
            if right:
                self._failures.pop(client, None)
                return
            recent = [t for t in self._failures.get(client, []) if now - t < self.window]
            recent.append(now)
            if len(recent) >= self.max_failures:
                self._failures.pop(client, None)
                self._locked[client] = now + self.lock_for
                raise UserError(
                    f"{WRONG} That is {len(recent)} wrong in {self.window:.0f} s: "
                    + self._locked_message(self.lock_for)
                )
            self._failures[client] = recent
            self._forget_old(now)
        raise UserError(WRONG)

    def _locked_message(self, left: float) -> str:
        return f"Admin actions are locked for this address: try again in {math.ceil(left)} s."

    def _forget_old(self, now: float) -> None:
        """Bounded memory: clients with no recent failure go, then the oldest."""
        if len(self._failures) + len(self._locked) <= MAX_CLIENTS:
            return
        self._locked = {c: t for c, t in self._locked.items() if t > now}
        self._failures = {c: f for c, f in self._failures.items() if now - f[-1] < self.window}
        while len(self._failures) > MAX_CLIENTS // 2:
            del self._failures[next(iter(self._failures))]
