"""Plain data that travels between the write path and the read path."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property

Span = tuple[int, int]


@dataclass(frozen=True)
class Article:
    """One cleaned article. ``text`` holds paragraphs separated by a blank line ("\\n\\n")."""

    id: str
    title: str
    text: str
    source: str = ""
    url: str = ""
    published: str = ""  # ISO date, YYYY-MM-DD, or ""
    author: str = ""
    origin: str = ""  # where it came from: a file path, or path#record for JSON lines

    @cached_property
    def content_hash(self) -> str:
        """Changes whenever anything that ends up in the store changes."""
        payload = json.dumps(
            [self.title, self.text, self.source, self.url, self.published, self.author],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Chunk:
    """A passage of an article, sized for the embedder.

    ``text == article.text[start:end]``; ``sentences`` are absolute (start, end) offsets into
    ``article.text``; ``paragraphs`` are the 1-based numbers of the paragraphs it touches.
    """

    article_id: str
    index: int
    text: str
    start: int
    end: int
    paragraphs: tuple[int, ...]
    sentences: tuple[Span, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ManifestEntry:
    """What the store knows of one indexed article."""

    article_id: str
    title: str
    source: str
    url: str
    published: str
    author: str
    origin: str
    content_hash: str
    passages: int
    indexed_at: str  # ISO timestamp, UTC


@dataclass
class IndexReport:
    """The closing summary of an indexing run."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path or id, reason)
    # (where it came from, the indexed article's title): the same content already indexed
    already: list[tuple[str, str]] = field(default_factory=list)
    # (article, what was done about it): kept, but not as asked (a rebuild copied it as it was,
    # or rebuilt its text from passages that no longer give the exact text)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    passages: int = 0
    seconds: float = 0.0
    stopped: bool = False  # asked to stop (IndexingStopped): the rest was not done
    setup_seconds: float = 0.0  # of ``seconds``: loading (on first use, exporting) the model

    @property
    def passages_per_second(self) -> float:
        """The indexing rate, without the one-time model set-up."""
        working = self.seconds - self.setup_seconds
        return self.passages / working if working > 0 else 0.0

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """One line, the same in the CLI and the web app."""
        parts = [
            f"added {len(self.added)}",
            f"updated {len(self.updated)}",
            f"skipped {len(self.skipped)}",
        ]
        if self.removed:
            parts.append(f"removed {len(self.removed)}")
        parts.append(f"failed {len(self.failed)}")
        if self.warnings:
            parts.append(f"warnings {len(self.warnings)}")
        if self.stopped:
            parts.insert(0, "stopped before the end")
        rate = f" ({self.passages_per_second:.1f} passages/s)" if self.passages else ""
        if self.setup_seconds >= 1:
            rate += f"; {self.setup_seconds:.0f} s of it preparing the model"
        return " · ".join(parts) + f" — {self.passages} passages in {self.seconds:.1f} s" + rate
