"""Find article files and read them into ``Article`` records.

Formats: .txt/.md (optional YAML front matter), .html (trafilatura), .json/.jsonl (records with
configurable field names), .pdf (pypdf). Every problem is a ``LoadError`` naming the file and
what to do; the caller reports it and goes on with the other files.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from index.clean import clean_text, fallback_title, strip_markdown
from index.errors import LoadError
from index.models import Article
from index.settings import DEFAULT_INCLUDE, Settings

log = logging.getLogger(__name__)

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".pdf"}
_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL
)  # CRLF files too


@dataclass(frozen=True)
class LoaderOptions:
    include: tuple[str, ...] = DEFAULT_INCLUDE
    exclude: tuple[str, ...] = ()
    max_bytes: int = 20 * 1024 * 1024
    text_field: str = "text"
    title_field: str = "title"
    id_field: str = "_id"
    url_field: str = "url"
    source_field: str = "source"
    published_field: str = "published"
    author_field: str = "author"

    @classmethod
    def from_settings(cls, settings: Settings) -> LoaderOptions:
        return cls(
            include=tuple(settings.include),
            exclude=tuple(settings.exclude),
            max_bytes=int(settings.max_file_mb * 1024 * 1024),
            text_field=settings.json_text_field,
            title_field=settings.json_title_field,
            id_field=settings.json_id_field,
            url_field=settings.json_url_field,
            source_field=settings.json_source_field,
            published_field=settings.json_published_field,
            author_field=settings.json_author_field,
        )


# -- finding files ------------------------------------------------------------------------------


def _excluded(name: str, relative: str, options: LoaderOptions) -> bool:
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(relative, g) for g in options.exclude)


def discover(paths: Sequence[Path | str], options: LoaderOptions) -> Iterator[Path | LoadError]:
    """Every article file under ``paths``, once each, in a stable order; problems as LoadErrors."""
    seen: set[str] = set()
    for given in map(Path, paths):
        if not given.exists():
            kind = "a broken symlink" if given.is_symlink() else "no such file or folder"
            yield LoadError(str(given), f"{kind}: check the path")
            continue
        if given.is_file():
            real = os.path.realpath(given)
            if real in seen:
                continue
            seen.add(real)
            if given.suffix.lower() not in SUPPORTED:
                yield LoadError(
                    str(given),
                    f"unsupported file type '{given.suffix}': use one of {', '.join(sorted(SUPPORTED))}",
                )
            else:
                yield given
            continue
        yield from _walk(given, options, seen)


def _walk(root: Path, options: LoaderOptions, seen: set[str]) -> Iterator[Path | LoadError]:
    visited_dirs: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real_dir = os.path.realpath(folder)
        if real_dir in visited_dirs:
            yield LoadError(str(folder), "symlink loop (this folder was already visited): skipped")
            continue
        visited_dirs.add(real_dir)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield LoadError(str(folder), f"cannot list the folder: {exc.strerror or exc}")
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            relative = path.relative_to(root).as_posix()
            if _excluded(entry.name, relative, options):
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = entry.is_file(follow_symlinks=True)
            except OSError as exc:
                yield LoadError(str(path), f"cannot read: {exc.strerror or exc}")
                continue
            if is_dir:
                subfolders.append(path)
            elif is_file:
                if not any(fnmatch.fnmatch(entry.name.lower(), g.lower()) for g in options.include):
                    continue
                real = os.path.realpath(path)
                if real not in seen:
                    seen.add(real)
                    yield path
            elif entry.is_symlink():
                yield LoadError(str(path), "broken symlink: skipped")
        stack.extend(reversed(subfolders))


# -- ids, dates, urls -----------------------------------------------------------------------------


def normalise_url(url: str) -> str:
    url = url.strip()
    if not url:
        return ""
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")])
    return urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/") or "/", query, "")
    )


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:48].strip("-") or "article"


def article_id(url: str, origin: str, stem: str) -> str:
    """Stable: from the URL when known, else from the origin (resolved path[#record])."""
    key = normalise_url(url) or origin
    return f"{_slug(stem)}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:10]}"


def normalise_date(value: Any) -> str:
    """ISO YYYY-MM-DD, or "" when missing or unreadable."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:  # 2026-13-45: not a date
            log.info("unreadable date %r", value)
            return ""
    try:
        from dateutil import parser

        return parser.parse(text, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError, TypeError):
        log.debug("unreadable date %r", value)
        return ""


# -- reading ------------------------------------------------------------------------------------


def _read_text(path: Path, data: bytes) -> str:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(str(path), "binary file, not text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(str(path), f"not valid UTF-16 text: {exc.reason}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            str(path),
            f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}): save it as UTF-8",
        ) from None


def _make(
    path: Path,
    text: str,
    *,
    title: str | None,
    meta: dict[str, Any],
    origin: str,
    stem: str,
) -> Article:
    cleaned = clean_text(text)
    url = str(meta.get("url") or "").strip()
    return Article(
        id=article_id(url, origin, stem),
        title=" ".join(str(title).split()) if title else fallback_title(path.stem),
        text=cleaned,
        source=str(meta.get("source") or "").strip(),
        url=url,
        published=normalise_date(meta.get("published") or meta.get("date")),
        author=str(meta.get("author") or "").strip(),
        origin=origin,
    )


@cache
def _front_matter_loader() -> Any:
    """YAML's safe loader, with dates kept as the text they are written in: a date such as
    2026-02-30 is then an unreadable date of the article (indexed without one), not a crash in
    YAML's date constructor."""
    import yaml

    class FrontMatterLoader(yaml.SafeLoader):
        pass

    FrontMatterLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return FrontMatterLoader


def _load_text(path: Path, data: bytes, markdown: bool) -> list[Article]:
    text = _read_text(path, data)
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        import yaml

        try:
            loaded = yaml.load(match.group(1), Loader=_front_matter_loader()) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 2}" if mark else ""
            raise LoadError(str(path), f"bad YAML front matter{where}: fix or remove it") from None
        except (ValueError, TypeError, RecursionError) as exc:
            raise LoadError(str(path), f"bad YAML front matter ({exc}): fix or remove it") from None
        if not isinstance(loaded, dict):
            raise LoadError(str(path), "front matter is not a mapping of keys to values")
        meta = {str(k).lower(): v for k, v in loaded.items()}
        text = text[match.end() :]
    title = meta.get("title")
    if markdown:
        text, heading = strip_markdown(text)
        title = title or heading
    origin = str(path.resolve())
    return [_make(path, text, title=title, meta=meta, origin=origin, stem=path.stem)]


def _load_html(path: Path, data: bytes) -> list[Article]:
    import trafilatura

    html = _read_text(path, data) if b"\x00" in data[:8192] else data.decode("utf-8", "replace")
    try:
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False, as_dict=True
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise LoadError(str(path), f"unreadable HTML: {exc}") from None
    if not doc or not (doc.get("text") or "").strip():
        raise LoadError(str(path), "no article text found in the HTML")
    text = doc["text"].replace("\n", "\n\n")  # trafilatura puts one paragraph a line
    meta = {
        "url": doc.get("url") or "",
        "source": doc.get("sitename") or "",
        "published": doc.get("date") or "",
        "author": doc.get("author") or "",
    }
    origin = str(path.resolve())
    return [_make(path, text, title=doc.get("title"), meta=meta, origin=origin, stem=path.stem)]


def _load_pdf(path: Path) -> list[Article]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise LoadError(str(path), "encrypted PDF: save an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        info_title = (reader.metadata.title if reader.metadata else None) or None
    except LoadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise LoadError(str(path), f"unreadable PDF: {exc}") from None
    text = "\n\n".join(pages)
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # words hyphenated across lines
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)  # lines inside a paragraph
    if not text.strip():
        raise LoadError(str(path), "PDF has no extractable text (scanned?): run OCR on it first")
    origin = str(path.resolve())
    return [_make(path, text, title=info_title, meta={}, origin=origin, stem=path.stem)]


def _record(path: Path, record: Any, where: str, options: LoaderOptions) -> Article:
    if not isinstance(record, dict):
        raise LoadError(f"{path}:{where}", "record is not a JSON object")
    text = record.get(options.text_field)
    if not isinstance(text, str) or not text.strip():
        raise LoadError(
            f"{path}:{where}",
            f"no text in field '{options.text_field}' (set FACTCHECK_JSON_TEXT_FIELD to the "
            "field that holds the article text)",
        )
    record_id = record.get(options.id_field)
    key = str(record_id) if record_id not in (None, "") else where
    meta = {
        "url": record.get(options.url_field) or "",
        "source": record.get(options.source_field) or "",
        "published": record.get(options.published_field) or "",
        "author": record.get(options.author_field) or "",
    }
    title = record.get(options.title_field) or f"{fallback_title(path.stem)} #{key}"
    origin = f"{path.resolve()}#{key}"
    stem = str(record_id) if record_id not in (None, "") else str(title)
    article = _make(path, text, title=str(title), meta=meta, origin=origin, stem=stem)
    if not article.text:
        raise LoadError(f"{path}:{where}", "no text after cleaning")
    return article


def _load_json(path: Path, data: bytes, lines: bool, options: LoaderOptions):
    text = _read_text(path, data)
    articles: list[Article] = []
    problems: list[LoadError] = []
    if lines:
        items = []
        # records end at "\n" only: str.splitlines() also breaks at U+2028 and friends, which
        # JSON allows raw inside strings
        for number, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                items.append((json.loads(line), f"line {number}"))
            except json.JSONDecodeError as exc:
                problems.append(LoadError(f"{path}:{number}", f"malformed JSON: {exc.msg}"))
    else:
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise LoadError(
                str(path), f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        records = loaded if isinstance(loaded, list) else [loaded]
        items = [(r, f"record {i}") for i, r in enumerate(records, 1)]
    for record, where in items:
        try:
            articles.append(_record(path, record, where, options))
        except LoadError as exc:
            problems.append(exc)
    if not articles:
        reason = problems[0].reason if problems else "no records"
        raise LoadError(str(path), f"no usable record ({reason})")
    return articles, problems


def load_file_with_problems(
    path: Path, options: LoaderOptions
) -> tuple[list[Article], list[LoadError]]:
    """Articles of one file, and per-record problems (JSON lines) that did not stop the file."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise LoadError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if size > options.max_bytes:
        raise LoadError(
            str(path),
            f"file is {size / 1e6:.1f} MB, over the {options.max_bytes / 1e6:.0f} MB limit: "
            "raise FACTCHECK_MAX_FILE_MB or split it",
        )
    if size == 0:
        raise LoadError(str(path), "empty file")
    if suffix == ".pdf":
        articles, problems = _load_pdf(path), []
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise LoadError(str(path), f"cannot read: {exc.strerror or exc}") from None
        if suffix in {".json", ".jsonl"}:
            articles, problems = _load_json(path, data, suffix == ".jsonl", options)
        elif suffix in {".html", ".htm"}:
            articles, problems = _load_html(path, data), []
        elif suffix in {".txt", ".md", ".markdown"}:
            articles, problems = _load_text(path, data, suffix != ".txt"), []
        else:
            raise LoadError(str(path), f"unsupported file type '{suffix}'")
    empty = [a for a in articles if not a.text]
    if empty and len(empty) == len(articles):
        raise LoadError(str(path), "no text after cleaning")
    return [a for a in articles if a.text], problems


def load_file(path: Path, options: LoaderOptions) -> list[Article]:
    articles, problems = load_file_with_problems(path, options)
    for problem in problems:
        log.warning("%s", problem)
    return articles
