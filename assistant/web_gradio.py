"""The Gradio side of errors: a handler's UserError becomes a short gr.Error for the person and
one line in the log; only a real bug gets a traceback. ``Blocks`` does the same for what Gradio
itself refuses before a handler runs (too few values, a history of the wrong shape), which it
would otherwise answer with an error with no message and a traceback in the log."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

import gradio as gr
from gradio.components.api_component import Api

from assistant.web_input import MESSAGE, UserError

log = logging.getLogger(__name__)

FILLED_BY_GRADIO = ("request", "event", "progress")  # parameters that are not sent values


def guard(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Errors become a short gr.Error for the person; the signature is kept for Gradio."""

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except UserError as exc:  # the person's message: one line in the log, no traceback
            log.info("%s refused: %s", fn.__name__, exc)
            raise gr.Error(str(exc), print_exception=False) from None
        except Exception:
            log.exception("%s failed", fn.__name__)
            raise gr.Error("Something went wrong; the details are in the server log.") from None

    return run


def _params(block_fn: Any) -> list[inspect.Parameter]:
    """The handler's parameters that are sent values, when they line up with its inputs."""
    try:
        params = inspect.signature(block_fn.fn).parameters.values()
    except (TypeError, ValueError):
        return []
    sent = [p for p in params if p.name not in FILLED_BY_GRADIO]
    return sent if len(sent) == len(block_fn.inputs) else []


def _names(block_fn: Any) -> list[str]:
    """What each value sent to an endpoint is: the handler's parameter names, or the labels."""
    return [p.name for p in _params(block_fn)] or [
        str(getattr(b, "label", None) or f"value {i}") for i, b in enumerate(block_fn.inputs, 1)
    ]


def _allowed(block: Any) -> str:
    if isinstance(block, gr.Chatbot):
        return f"a list of messages {MESSAGE}"
    if isinstance(block, gr.Slider):
        return f"a number from {block.minimum:g} to {block.maximum:g}"
    if isinstance(block, gr.Textbox):
        return "text"
    return "a value of the type /gradio_api/info gives for it"


def _endpoint(block_fn: Any) -> str:
    return f"/{block_fn.api_name or block_fn.name}"


def _refuse(block_fn: Any, message: str, cause: Exception | None = None) -> gr.Error:
    """One line in the log (with Gradio's own words, if any), a message for the client, no
    traceback."""
    said = f" ({str(cause).strip().splitlines()[0][:200]})" if cause and str(cause).strip() else ""
    log.info("%s refused: %s%s", _endpoint(block_fn), message, said)
    return gr.Error(message, print_exception=False)


class Blocks(gr.Blocks):
    """gr.Blocks, with the values Gradio refuses before a handler runs answered in words."""

    def validate_inputs(self, block_fn: Any, inputs: list[Any]) -> None:
        wanted = block_fn.inputs
        if len(inputs) >= len(wanted):
            return
        params = _params(block_fn)
        names = _names(block_fn)
        api = bool(params) and all(isinstance(b, Api) for b in wanted)
        # an API endpoint (gr.api): the values left out that have defaults take them
        needed = [
            name
            for name, p in zip(names[len(inputs) :], params[len(inputs) :] or names, strict=False)
            if not api or p.default is p.empty
        ]
        if not needed:
            inputs.extend(p.default for p in params[len(inputs) :])
            return
        raise _refuse(
            block_fn,
            f"the {_endpoint(block_fn)} endpoint takes {len(wanted)} values "
            f"({', '.join(names)}); it got {len(inputs)}: {', '.join(needed)} cannot be left out",
        )

    async def preprocess_data(
        self, block_fn: Any, inputs: list[Any], state: Any, explicit_call: bool = False
    ) -> Any:
        try:
            return await super().preprocess_data(block_fn, inputs, state, explicit_call)
        except gr.Error as exc:
            if not exc.print_exception:  # ours, from validate_inputs: said already
                raise
            raise _refuse(block_fn, _which(block_fn, inputs) or str(exc)) from None
        except (ValueError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
            raise _refuse(
                block_fn,
                _which(block_fn, inputs)
                or f"the {_endpoint(block_fn)} endpoint cannot read the values sent "
                f"({', '.join(_names(block_fn))})",
                exc,
            ) from None


def _which(block_fn: Any, inputs: list[Any]) -> str:
    """The first value its component refuses, named, with what it takes; "" if none is."""
    names = _names(block_fn)
    for number, (name, block, value) in enumerate(
        zip(names, block_fn.inputs, inputs, strict=False), 1
    ):
        try:
            model = getattr(block, "data_model", None)
            if model is not None and value is not None:
                value = model.model_validate(value, context={"validate_meta": True})
            block.preprocess(value)
        except gr.Error as exc:  # the component's own words (a slider's bounds)
            if isinstance(block, gr.Dropdown):
                choices = ", ".join(repr(v) for _, v in block.choices) or "none"
                return f"{name} (value {number}) must be a list of the choices ({choices})"
            return f"{name} (value {number}): {exc.message}"
        except Exception:
            return f"{name} (value {number}) must be {_allowed(block)}"
    return ""
