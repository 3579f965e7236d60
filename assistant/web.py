"""The web chat's handlers as plain functions over the assistant and the indexer: chat turns,
source cards, the library, uploads and pasted text, removal, rebuild, admin protection. The
Gradio wiring is in ``app.py``; these are tested without a browser."""

from __future__ import annotations

import hashlib
import html
import logging
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.lockout import PasswordGate
from assistant.render import cards_html, reply_html
from assistant.retrieval import DEFAULT_PASSAGES, Filters
from assistant.service import Assistant, build_assistant
from assistant.web_input import (
    UserError,
    history_messages,
    passages_count,
    question_text,
)
from index.errors import FactCheckError, IndexingStopped, StoreUnavailable
from index.indexer import Indexer, build_indexer
from index.models import IndexReport
from index.settings import Settings

log = logging.getLogger(__name__)

EXAMPLES = [
    "32 Cuban officers were killed in the US operation in Venezuela",
    "The US operation killed 23 Cuban officers",
    "How many days of mourning did Cuba announce?",
    "The Eiffel Tower is in Berlin",
]
UPLOAD_TYPES = [".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".pdf"]
MAX_UPLOAD_MB = 20
SHORT_ID = 12  # characters of an article's id shown in the library table
_SLUG = re.compile(r"[^a-z0-9]+")


def message_text(content: Any) -> str:
    """The text of a chat message as Gradio sends it back: a string, or (Gradio 6) a list of
    parts such as ``{"type": "text", "text": "..."}``; files and images carry no text."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        content = [content]
    if isinstance(content, (list, tuple)):
        parts = [
            part.get("text") if isinstance(part, dict) else part
            for part in content
            if isinstance(part, str)
            or (isinstance(part, dict) and part.get("type", "text") == "text")
        ]
        return " ".join(p for p in parts if isinstance(p, str) and p.strip())
    return ""


_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def shown_text(typed: str) -> str:
    """What the person typed, as the chat shows it: plain text, never HTML or markdown (an
    ``<img>`` in it is not fetched, ``$$…$$`` is not typeset)."""
    return _MARKDOWN.sub(r"\\\1", html.escape(typed, quote=False))


def typed_text(shown: str) -> str:
    """The reverse of ``shown_text``: what the person typed (for follow-ups)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", shown))


def slug(name: str) -> str:
    return _SLUG.sub("-", name.lower()).strip("-")[:60] or "article"


def serving_settings(settings: Settings) -> Settings:
    """The indexer's settings in the web app: no torch bulk path unless set explicitly
    (FACTCHECK_EMBEDDING_BULK). Loading torch costs a serving process ~400 MB that it keeps,
    and the app's memory is the limit at 100k articles (<= 1.5 GB); the CLI indexes fast."""
    if "embedding_bulk" in settings.model_fields_set:
        return settings
    return settings.model_copy(update={"embedding_bulk": "off"})


@dataclass
class WebApp:
    settings: Settings
    assistant: Assistant | None = None
    indexer: Indexer | None = None
    admin_password: str = field(
        default_factory=lambda: os.environ.get("FACTCHECK_ADMIN_PASSWORD", "")
    )
    gate: PasswordGate = field(default_factory=PasswordGate)
    _ready: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)  # "Stop indexing" pressed
    _count: tuple[str | None, int] | None = None  # (store revision, articles) for the status
    _error: str = ""

    # -- start-up -------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Build and load the models (in a background thread at start)."""
        try:
            if self.assistant is None:
                self.assistant = build_assistant(self.settings)
            self.assistant.warm_up()
            if self.indexer is None:
                self.indexer = build_indexer(serving_settings(self.settings))
        except Exception as exc:  # shown in the status line; the app stays up
            log.exception("warm-up failed")
            self._error = str(exc)
        finally:
            self._ready.set()

    def status(self) -> str:
        if not self._ready.is_set():
            return "Warming up: loading the models…"
        if self._error:
            return f"Could not start the assistant: {self._error}"
        if self.assistant is None:
            return "Ready — 0 article(s) indexed."
        try:
            # the page asks every second: the count is read again only when the store changed
            revision = self.assistant.store.revision()
            if self._count is None or self._count[0] != revision:
                self._count = (revision, len(self.assistant.library()))
        except StoreUnavailable as exc:
            self._count = None
            return (
                f"The index is unreachable ({exc}); answers resume by themselves once it is back."
            )
        return f"Ready — {self._count[1]} article(s) indexed."

    def _need(self) -> Assistant:
        if not self._ready.wait(timeout=300):
            raise UserError("The models are still loading; try again in a moment.")
        if self._error or self.assistant is None:
            raise UserError(f"The assistant could not start: {self._error}")
        return self.assistant

    # -- chat -----------------------------------------------------------------------------

    def ask(
        self,
        message: str,
        history: list[dict[str, Any]] | None,
        sources: list[str] | None = None,
        since: str = "",
        until: str = "",
        passages: float = DEFAULT_PASSAGES,
    ) -> tuple[list[dict[str, Any]], str, str]:
        """One chat turn: (new history, the reply's source cards as HTML, cleared textbox)."""
        message, history = question_text(message), history_messages(history)
        k = passages_count(passages)
        earlier = [
            typed_text(text)
            for m in history
            if m.get("role") == "user" and (text := message_text(m.get("content")))
        ]
        try:
            filters = Filters.typed(sources, since, until)
            result = self._need().check(message, k=k, filters=filters, history=earlier[-3:])
        except FactCheckError as exc:
            raise UserError(str(exc)) from None
        reply = reply_html(result)
        history += [
            {"role": "user", "content": shown_text(message)},
            {"role": "assistant", "content": reply},
        ]
        paragraphs, authors = self._paragraphs(result)
        return history, cards_html(result, paragraphs, authors), ""

    def check_api(
        self,
        question: str,
        sources: list[str] | None = None,
        since: str = "",
        until: str = "",
        passages: float = DEFAULT_PASSAGES,
    ) -> dict[str, Any]:
        """The check as JSON, for Gradio's API (``/check``; see the README)."""
        question, k = question_text(question), passages_count(passages)
        try:
            filters = Filters.typed(sources, since, until)
            return self._need().check(question, k=k, filters=filters).to_dict()
        except FactCheckError as exc:
            raise UserError(str(exc)) from None

    def _paragraphs(self, result: Any) -> tuple[dict[int, tuple[str, int]], dict[str, str]]:
        """For each citation, the paragraph around the cited sentence and its start offset;
        and each cited article's author."""
        out: dict[int, tuple[str, int]] = {}
        authors: dict[str, str] = {}
        assert self.assistant is not None
        for citation in result.citations:
            try:
                article = self.assistant.store.article(citation.article_id)
            except FactCheckError:
                continue
            text, authors[citation.article_id] = article.text, article.author
            start = text.rfind("\n\n", 0, citation.start)
            start = 0 if start < 0 else start + 2
            end = text.find("\n\n", citation.end)
            end = len(text) if end < 0 else end
            out[citation.number] = (text[start:end], start)
        return out, authors

    # -- library --------------------------------------------------------------------------

    def library_rows(self, title_filter: str = "") -> list[list[str]]:
        """The library table: title, source, published, passages, indexed at, and the start of
        the article's id (enough to tell articles apart; the full id is in `index list`)."""
        assistant = self._need()
        needle = (title_filter or "").strip().lower()
        return [
            [
                e.title,
                e.source,
                e.published,
                str(e.passages),
                e.indexed_at[:16],
                e.article_id[:SHORT_ID],
            ]
            for e in assistant.library()
            if needle in e.title.lower()
        ]

    def _article(self, article_id: str) -> Any:
        """The library entry whose id is ``article_id`` or starts with it (a unique start)."""
        wanted = (article_id or "").strip()
        if not wanted:
            raise UserError("Click the article's row in the table first.")
        found = [e for e in self._need().library() if e.article_id.startswith(wanted)]
        if len(found) != 1:
            raise UserError(
                f"no indexed article has the id '{wanted}'"
                if not found
                else f"'{wanted}' is the start of {len(found)} ids: give more of it"
            )
        return found[0]

    def select_article(self, rows: Any, row: int) -> tuple[str, str]:
        """A click on a row of the table: (the article's id, what is selected, in words)."""
        values = rows.values.tolist() if hasattr(rows, "values") else list(rows or [])
        if not 0 <= row < len(values):
            raise UserError("Click the article's row in the table first.")
        entry = self._article(str(values[row][-1]))
        return (
            entry.article_id,
            f"Selected: “{entry.title}” ({entry.source or 'no source'}, {entry.passages} passages)",
        )

    def confirm_removal(self, article_id: str) -> str:
        """What the confirmation asks before a removal."""
        entry = self._article(article_id)
        return (
            f"Remove “{entry.title}” ({entry.source or 'no source'}, {entry.published or 'no date'})"
            f" and its {entry.passages} passages from the index? Its file is not touched."
        )

    def sources(self) -> list[str]:
        return sorted({e.source for e in self._need().library() if e.source})

    def _report(self, report: IndexReport) -> str:
        """The run's summary, naming the articles added and updated (by title)."""
        titles = {e.article_id: e.title for e in self._need().library()}
        named = [
            f"{what}: "
            + "; ".join(f"“{titles.get(i, i)}”" for i in ids[:10])
            + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
            for what, ids in (("added", report.added), ("updated", report.updated))
            if ids
        ]
        text = report_text(report)
        first, _, rest = text.partition("\n")
        return "\n".join([first, *named, *([rest] if rest else [])])

    def unlock(self, password: str, client: str = "") -> None:
        """The admin password check (with its lock-out), for the upload route's guard too."""
        self.gate.check(password, self.admin_password, client)

    def _admin(self, password: str, client: str = "") -> Indexer:
        self.unlock(password, client)
        self._need()
        assert self.indexer is not None
        return self.indexer

    def uploads_dir(self) -> Path:
        folder = self.settings.data_dir / "uploads"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def store_upload(self, temp_path: str, original_name: str) -> Path:
        """Copy an upload into data/uploads under a name made from its content hash; the
        uploaded file name is only a hint for the fallback title, never a path."""
        source = Path(temp_path)
        suffix = Path(original_name).suffix.lower()
        if suffix not in UPLOAD_TYPES:
            raise UserError(
                f"'{original_name}': {suffix or 'no extension'} is not a supported format ({', '.join(UPLOAD_TYPES)})"
            )
        if source.stat().st_size > MAX_UPLOAD_MB * 1024 * 1024:
            raise UserError(f"'{original_name}' is larger than {MAX_UPLOAD_MB} MB")
        digest = hashlib.sha1(source.read_bytes()).hexdigest()[:10]
        # under its own name (a title made from a file name is the same as from the CLI), in
        # a folder named by its content; only the name's last part, and no odd characters
        name = re.sub(r"[^\w .,()'-]+", "_", Path(original_name).name).strip(" .") or "article"
        folder = self.uploads_dir() / digest
        folder.mkdir(exist_ok=True)
        target = folder / (Path(name).stem[:80] + suffix)
        shutil.copyfile(source, target)
        return target

    def add_files(
        self,
        files: list[Any] | None,
        password: str,
        progress: Callable[[float, str], None] | None = None,
        client: str = "",
    ) -> tuple[str, list[list[str]]]:
        indexer = self._admin(password, client)
        if not files:
            raise UserError("Choose one or more files to add.")
        stored, problems = [], []
        for item in files:
            temp = getattr(item, "name", None) or getattr(item, "path", None) or str(item)
            original = getattr(item, "orig_name", None) or Path(temp).name
            try:
                stored.append(self.store_upload(temp, original))
            except (UserError, OSError) as exc:
                problems.append((original, str(exc)))
        self._stop.clear()
        report = (
            indexer.add(stored, progress=_progress(progress, self._stop))
            if stored
            else IndexReport()
        )
        report.failed = problems + [(Path(p).name, r) for p, r in report.failed]
        report.warnings = [(Path(p).name, r) for p, r in report.warnings]  # not the upload path
        return self._report(report), self.library_rows()

    def add_text(
        self,
        title: str,
        source: str,
        url: str,
        published: str,
        text: str,
        password: str,
        progress: Callable[[float, str], None] | None = None,
        client: str = "",
    ) -> tuple[str, list[list[str]]]:
        indexer = self._admin(password, client)
        if not (text or "").strip():
            raise UserError("Paste the article's text.")
        if not (title or "").strip():
            raise UserError("Give the article a title.")
        import yaml

        front = {
            k: v.strip()
            for k, v in {
                "title": title,
                "source": source,
                "url": url,
                "published": published,
            }.items()
            if v and v.strip()
        }
        body = (
            "---\n"
            + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
            + "---\n\n"
            + text.strip()
            + "\n"
        )
        digest = hashlib.sha1(body.encode()).hexdigest()[:10]
        target = self.uploads_dir() / f"{slug(title)}-{digest}.md"
        target.write_text(body, encoding="utf-8")
        self._stop.clear()
        report = indexer.add([target], progress=_progress(progress, self._stop))
        return self._report(report), self.library_rows()

    def remove(
        self, article_id: str, password: str, client: str = ""
    ) -> tuple[str, list[list[str]]]:
        indexer = self._admin(password, client)
        entry = self._article(article_id)
        try:
            report = indexer.remove([entry.article_id])
        except FactCheckError as exc:
            raise UserError(str(exc)) from None
        return self._report(report), self.library_rows()

    def rebuild(
        self,
        password: str,
        progress: Callable[[float, str], None] | None = None,
        client: str = "",
    ) -> tuple[str, list[list[str]]]:
        indexer = self._admin(password, client)
        self._stop.clear()
        report = indexer.rebuild(progress=_progress(progress, self._stop))
        return self._report(report), self.library_rows()

    def stop_indexing(self, password: str, client: str = "") -> str:
        """Ask the indexing run in progress to stop after the articles it is writing (a file
        at the size limit takes the indexer ~20 minutes)."""
        self._admin(password, client)
        self._stop.set()
        return "Stopping after the articles being written; what is written stays indexed."


def _progress(
    callback: Callable[[float, str], None] | None, stop: threading.Event | None = None
) -> Callable[[int, int, str], None]:
    """The indexer's progress as the page shows it: the stage, how far, its rate and the time
    left, from the start of each stage. Once ``stop`` is set, the run is stopped at its next
    report (between two commits)."""
    started: dict[str, float] = {}

    def update(done: int, total: int, what: str) -> None:
        if stop is not None and stop.is_set():
            raise IndexingStopped("stopped from the web page")
        if callback is None:
            return
        now = time.monotonic()
        since = started.setdefault(what, now)
        if not total:
            callback(0.0, f"{what}: {done}")
            return
        share = done / total
        elapsed = now - since
        if what == "embedding":  # counted in characters: a share, not a count
            line = f"{what}: {share:.0%}"
        else:  # counted in articles
            line = f"{what}: {done}/{total} articles"
            if elapsed >= 1 and done:
                line += f" · {done / elapsed:.1f}/s"
        if 0 < share < 1 and elapsed >= 1:
            line += f" · about {_duration(elapsed * (1 - share) / share)} left"
        callback(share, line)

    return update


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


REPORT_LINES = 40  # the web summary's lines of failures and warnings at most


def report_text(report: IndexReport) -> str:
    lines = [report.summary()]
    if report.stopped:
        lines.append("Stopped: what was written is indexed; add the same files again to finish.")
    details = [f"failed: {name}: {reason}" for name, reason in report.failed]
    details += [f"warning: {name}: {reason}" for name, reason in report.warnings]
    if len(details) > REPORT_LINES:
        rest = len(details) - REPORT_LINES
        details = [*details[:REPORT_LINES], f"… and {rest:,} more (the CLI's --json lists all)"]
    lines += details
    lines += [f"skipped: {Path(p).name}: already indexed as “{t}”" for p, t in report.already]
    return "\n".join(lines)


def bind_address(admin_password: str) -> tuple[str, str]:
    """Where to listen, and a note for the page. Without an admin password the app listens on
    127.0.0.1 only, whatever GRADIO_SERVER_NAME says."""
    wanted = os.environ.get("GRADIO_SERVER_NAME", "127.0.0.1")
    if admin_password:
        return wanted, "Adding, removing and rebuilding need the admin password."
    note = (
        "No admin password is set (FACTCHECK_ADMIN_PASSWORD), so the app listens on 127.0.0.1 only."
    )
    return "127.0.0.1", note
