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
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from index.clean import clean_text, fallback_title, strip_markdown
from index.errors import LoadError, LoadWarning, printable
from index.models import Article
from index.settings import DEFAULT_INCLUDE, Settings

log = logging.getLogger(__name__)

SUPPORTED = {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".pdf"}
_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL
)  # CRLF files too


# the longest a metadata field may be; a longer title is cut (at a word), a longer URL left out
FIELD_CHARS = {"title": 500, "source": 200, "author": 300, "url": 2048, "published": 64}
JUNK_CHARS = 1_000  # a run of ASCII without whitespace longer than this is not text: left out
ID_CHARS = 128  # a longer record id is shortened to a prefix and a hash of the whole
MAX_JSON_DEPTH = 64  # JSON nested deeper is refused (Python's parser would run out of stack)
PROBLEMS_PER_FILE = 10  # problems of a file beyond this many are summed up in one line


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
        if not given.is_dir() and not given.is_file():
            yield LoadError(str(given), f"{_special(given)}, not a regular file: skipped")
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
            elif entry.is_symlink() and not os.path.exists(path):
                yield LoadError(str(path), "broken symlink: skipped")
            elif any(fnmatch.fnmatch(entry.name.lower(), g.lower()) for g in options.include):
                yield LoadError(str(path), f"{_special(path)}, not a regular file: skipped")
        stack.extend(reversed(subfolders))


def _special(path: Path) -> str:
    """What a path that is neither a folder nor a regular file is, in words."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return "a broken symlink" if os.path.islink(path) else "unreadable"
    kind = next(
        (
            name
            for test, name in (
                (stat.S_ISFIFO, "a named pipe (FIFO)"),
                (stat.S_ISCHR, "a character device"),
                (stat.S_ISBLK, "a block device"),
                (stat.S_ISSOCK, "a socket"),
            )
            if test(mode)
        ),
        "a special file",
    )
    return f"a link to {kind}" if os.path.islink(path) else kind


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


# ASCII only: Chinese or Japanese text runs for pages without a space, and is text
_JUNK = re.compile(rf"[\x21-\x7e]{{{JUNK_CHARS + 1},}}")
_ODD = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200d\u2060\ufeff]")


def field_text(value: Any, name: str, where: str, notes: list[LoadError]) -> str:
    """A metadata field as one clean line of text; a value of another type than text, a number
    or (for dates) a date is left out, with a note saying so."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        kind = type(value).__name__
        kind = {"list": "a list", "dict": "a mapping", "bool": "true/false"}.get(kind, kind)
        notes.append(LoadWarning(where, f"field '{name}' is {kind}, not text: left out"))
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(_ODD.sub(" ", str(value)).split())
    limit = FIELD_CHARS.get(name)
    if limit and len(text) > limit:
        if name == "url":
            notes.append(LoadWarning(where, f"field 'url' is {len(text):,} characters: left out"))
            return ""
        cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        notes.append(
            LoadWarning(where, f"field '{name}' is {len(text):,} characters: cut to {len(cut)}")
        )
        text = cut
    return text


def _published(value: Any, name: str, where: str, notes: list[LoadError]) -> str:
    text = field_text(value, name, where, notes) if not isinstance(value, date) else value
    if not text:
        return ""
    found = normalise_date(text)
    if not found:
        notes.append(
            LoadWarning(
                where,
                f"unreadable date '{text}' in field '{name}': indexed without a date "
                "(write it as YYYY-MM-DD)",
            )
        )
    return found


def _looks_like_url(url: str) -> bool:
    """A web address with a host (https://example.org/a), or one without the scheme
    (www.example.org/a): "17" or "n/a" is not one, and would give every article it is found in
    the same id."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    return bool(parts.netloc) and "." in parts.netloc and " " not in url


def _origin(path: Path, key: str = "") -> str:
    """Where an article came from, as stored: the resolved path (non-UTF-8 bytes of the name as
    \\xNN), and the record's key within the file."""
    return printable(str(path.resolve())) + (f"#{key}" if key else "")


def _make(
    path: Path,
    text: str,
    *,
    title: Any,
    meta: dict[str, Any],
    origin: str,
    stem: str,
    notes: list[LoadError],
    where: str = "",
) -> Article:
    where = where or printable(str(path))
    junk = [m.end() - m.start() for m in _JUNK.finditer(text)]
    if junk:  # base64 blobs, minified code, a line of one letter: nothing to quote or check
        text = _JUNK.sub(" ", text)
        notes.append(
            LoadWarning(
                where,
                f"left out {len(junk)} run(s) of over {JUNK_CHARS:,} ASCII characters without a space "
                f"(the longest {max(junk):,}): not text",
            )
        )
    cleaned = clean_text(text)
    url = field_text(meta.get("url"), "url", where, notes)
    if url and not _looks_like_url(url):
        notes.append(
            LoadWarning(where, f"field 'url' is not a web address ('{url[:80]}'): left out")
        )
        url = ""
    date_key = "published" if meta.get("published") not in (None, "") else "date"
    return Article(
        id=article_id(url, origin, printable(stem)),
        title=field_text(title, "title", where, notes) or fallback_title(printable(path.stem)),
        text=cleaned,
        source=field_text(meta.get("source"), "source", where, notes),
        url=url,
        published=_published(meta.get(date_key), date_key, where, notes),
        author=field_text(meta.get("author"), "author", where, notes),
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


def _load_text(path: Path, data: bytes, markdown: bool, notes: list[LoadError]) -> list[Article]:
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
        title = title if title not in (None, "") else heading
    return [
        _make(path, text, title=title, meta=meta, origin=_origin(path), stem=path.stem, notes=notes)
    ]


def _load_html(path: Path, data: bytes, notes: list[LoadError]) -> list[Article]:
    import trafilatura

    # trafilatura logs what it discards ("discarding data: None") at WARNING, a line a file
    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(name).setLevel(logging.ERROR)

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
    title = doc.get("title")
    return [
        _make(path, text, title=title, meta=meta, origin=_origin(path), stem=path.stem, notes=notes)
    ]


def _load_pdf(path: Path, notes: list[LoadError]) -> list[Article]:
    from pypdf import PdfReader

    # pypdf logs every oddity of a broken file ("EOF marker not found"); the file's one line in
    # the report says what matters
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise LoadError(str(path), "encrypted PDF: save an unencrypted copy")
        pages = [page.extract_text() or "" for page in reader.pages]
        info_title = (reader.metadata.title if reader.metadata else None) or None
    except LoadError:
        raise
    except Exception as exc:  # pypdf raises many kinds on broken or hostile files
        detail = str(exc).split("\n")[0][:200] or type(exc).__name__
        raise LoadError(str(path), f"unreadable PDF ({detail})") from None
    text = "\n\n".join(pages)
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)  # words hyphenated across lines
    text = re.sub(r"(?<!\n)\n(?!\n)", " ", text)  # lines inside a paragraph
    if not text.strip():
        raise LoadError(str(path), "PDF has no extractable text (scanned?): run OCR on it first")
    return [
        _make(
            path, text, title=info_title, meta={}, origin=_origin(path), stem=path.stem, notes=notes
        )
    ]


def _record(
    path: Path, record: Any, where: str, options: LoaderOptions, notes: list[LoadError]
) -> Article:
    at = f"{printable(str(path))}:{where}"
    if not isinstance(record, dict):
        raise LoadError(at, "record is not a JSON object")
    text = record.get(options.text_field)
    if not isinstance(text, str) or not text.strip():
        kind = (
            "" if text in (None, "") or isinstance(text, str) else f" (it is {type(text).__name__})"
        )
        raise LoadError(
            at,
            f"no text in field '{options.text_field}'{kind}: set FACTCHECK_JSON_TEXT_FIELD to the "
            "field that holds the article text",
        )
    key = field_text(record.get(options.id_field), options.id_field, at, notes)
    if len(key) > ID_CHARS:
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
        notes.append(
            LoadWarning(
                at,
                f"field '{options.id_field}' is {len(key):,} characters: "
                f"shortened to its start and a hash",
            )
        )
        key = f"{key[:48]}…{digest}"
    key = key or where
    meta = {
        "url": record.get(options.url_field),
        "source": record.get(options.source_field),
        "published": record.get(options.published_field),
        "author": record.get(options.author_field),
    }
    title = field_text(record.get(options.title_field), options.title_field, at, notes)
    title = title or f"{fallback_title(printable(path.stem))} #{key}"
    stem = key if record.get(options.id_field) not in (None, "") else str(title)
    article = _make(
        path,
        text,
        title=title,
        meta=meta,
        origin=_origin(path, key),
        stem=stem,
        notes=notes,
        where=at,
    )
    if not article.text:
        raise LoadError(at, "no text after cleaning")
    return article


def _big_int(digits: str) -> int | str:
    """Integers as JSON has them, except that one too long for Python's int stays its digits."""
    return int(digits) if len(digits) <= 4000 else digits


def _depth(text: str) -> int:
    """How deep the JSON's arrays and objects nest (brackets inside strings are not counted)."""
    deepest = level = 0
    for token in re.finditer(r'"(?:\\.|[^"\\])*"|[\[{]|[\]}]', text):
        char = token.group()[0]
        if char in "[{":
            level += 1
            deepest = max(deepest, level)
        elif char in "]}":
            level -= 1
    return deepest


def _parse_json(text: str) -> Any:
    """json.loads, refusing nesting Python's parser cannot take, and keeping huge integers."""
    if text.count("[") + text.count("{") > MAX_JSON_DEPTH and _depth(text) > MAX_JSON_DEPTH:
        raise ValueError(f"nested more than {MAX_JSON_DEPTH} levels deep")
    return json.loads(text, parse_int=_big_int)


def _load_json(
    path: Path, data: bytes, lines: bool, options: LoaderOptions, notes: list[LoadError]
):
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
                items.append((_parse_json(line), f"line {number}"))
            except json.JSONDecodeError as exc:
                problems.append(LoadError(f"{path}:line {number}", f"malformed JSON: {exc.msg}"))
            except (ValueError, RecursionError) as exc:
                problems.append(LoadError(f"{path}:line {number}", f"unreadable JSON: {exc}"))
    else:
        try:
            loaded = _parse_json(text)
        except json.JSONDecodeError as exc:
            raise LoadError(
                str(path), f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        except (ValueError, RecursionError) as exc:
            raise LoadError(str(path), f"unreadable JSON: {exc}") from None
        records = loaded if isinstance(loaded, list) else [loaded]
        items = [(r, f"record {i}") for i, r in enumerate(records, 1)]
    for record, where in items:
        try:
            articles.append(_record(path, record, where, options, notes))
        except LoadError as exc:
            problems.append(exc)
    if not articles:
        reason = problems[0].reason if problems else "no records"
        first = f"{problems[0].path.rsplit(':', 1)[-1]}: " if problems else ""
        more = f"; {len(problems) - 1:,} more records with problems" if len(problems) > 1 else ""
        raise LoadError(str(path), f"no usable record ({first}{reason}{more})")
    return articles, problems


def load_file_with_problems(
    path: Path, options: LoaderOptions
) -> tuple[list[Article], list[LoadError]]:
    """Articles of one file, and the problems that did not stop the file: records that could not
    be read (``LoadError``) and fields left out (``LoadWarning``)."""
    suffix = path.suffix.lower()
    try:
        info = path.stat()
    except OSError as exc:
        raise LoadError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(str(path), f"{_special(path)}, not a regular file: skipped")
    size = info.st_size
    if size > options.max_bytes:
        raise LoadError(
            str(path),
            f"file is {size:,} bytes, over the limit of {options.max_bytes:,} bytes "
            f"({options.max_bytes / 2**20:.4g} MiB): raise FACTCHECK_MAX_FILE_MB or split the file",
        )
    if size == 0:
        raise LoadError(str(path), "empty file")
    notes: list[LoadError] = []
    if suffix == ".pdf":
        articles, problems = _load_pdf(path, notes), []
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise LoadError(str(path), f"cannot read: {exc.strerror or exc}") from None
        if suffix in {".json", ".jsonl"}:
            articles, problems = _load_json(path, data, suffix == ".jsonl", options, notes)
        elif suffix in {".html", ".htm"}:
            articles, problems = _load_html(path, data, notes), []
        elif suffix in {".txt", ".md", ".markdown"}:
            articles, problems = _load_text(path, data, suffix != ".txt", notes), []
        else:
            raise LoadError(str(path), f"unsupported file type '{suffix}'")
    empty = [a for a in articles if not a.text]
    if empty and len(empty) == len(articles):
        raise LoadError(str(path), "no text after cleaning")
    return [a for a in articles if a.text], _summed_up(path, [*problems, *notes])


def _summed_up(path: Path, problems: list[LoadError]) -> list[LoadError]:
    """At most PROBLEMS_PER_FILE problems of each kind, the rest counted in one line."""
    kept: list[LoadError] = []
    for kind in (LoadError, LoadWarning):
        same = [p for p in problems if type(p) is kind]
        kept += same[:PROBLEMS_PER_FILE]
        if len(same) > PROBLEMS_PER_FILE:
            rest = len(same) - PROBLEMS_PER_FILE
            what = "records could not be read" if kind is LoadError else "fields were left out"
            kept.append(kind(str(path), f"and {rest:,} more: {what} (the first are listed above)"))
    return kept


def load_file(path: Path, options: LoaderOptions) -> list[Article]:
    articles, problems = load_file_with_problems(path, options)
    for problem in problems:
        log.warning("%s", problem)
    return articles
