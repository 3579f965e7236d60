"""What the web chat and its API accept: the question, the conversation so far and the number
of passages, checked before anything runs, so a value of the wrong kind gets a message naming
the field and what it takes (never "something went wrong", never a silent default). Dates and
sources are checked where they become filters (``assistant.retrieval.Filters.typed``); what a
question may hold, in ``Assistant._clean``."""

from __future__ import annotations

import math
from typing import Any

from assistant.retrieval import MAX_PASSAGES, described

ROLES = ("user", "assistant")
MESSAGE = "{'role': 'user' or 'assistant', 'content': text}"


class UserError(Exception):
    """A message for the person (shown with gr.Error), never a traceback."""


def question_text(value: Any) -> str:
    if not isinstance(value, str):
        raise UserError(f"the question must be text, not {described(value)}")
    return value


def passages_count(value: Any) -> int:
    """The number of passages to retrieve: a whole number from 1 to MAX_PASSAGES (a float
    such as 8.0, as a slider sends it, is read as 8)."""
    allowed = f"passages must be a whole number from 1 to {MAX_PASSAGES}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise UserError(f"{allowed}, not {described(value)}")
    if not (math.isfinite(value) and value == int(value) and 1 <= value <= MAX_PASSAGES):
        raise UserError(f"{allowed}, not {value!r}")
    return int(value)


def history_messages(value: Any) -> list[dict[str, Any]]:
    """The conversation so far: a list of messages, oldest first (None or [] for none)."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise UserError(f"the history must be a list of messages {MESSAGE}, not {described(value)}")
    for number, message in enumerate(value, 1):
        if not (
            isinstance(message, dict) and message.get("role") in ROLES and "content" in message
        ):
            raise UserError(
                f"the history must be a list of messages {MESSAGE}; message {number} is "
                f"{described(message)}"
            )
    return list(value)
