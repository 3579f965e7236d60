"""Hostile article files: every format, the shapes that broke the indexer once, and the shapes
it must refuse with a reason.

    python bench/hostile_files.py OUT [--files 2000] [--big] [--limit-mb 1]
    FACTCHECK_MAX_FILE_MB=1 factcheck index add OUT --json > report.json
    python bench/hostile_files.py OUT --check report.json   # what went wrong, if anything

Writes OUT/.expected.json (a dot file: the indexer skips it): for each file (its path relative to OUT, non-UTF-8 names escaped as
``\\xNN``), "indexed" (at least one article of it must be indexed, with any warnings), "partial"
(some records indexed, the others reported) or "reported" (nothing indexed, the file named in the
report with a reason). ``--big`` adds the large cases (a 15 MB line without spaces, a 3,000-bad-
record file); the oversize case is one byte over --limit-mb, the FACTCHECK_MAX_FILE_MB of the run
(--big needs 16: the 15 MB line must be under it). The quick version of
this run is tests/test_hostile_files.py; `check_run` is the verdict both use.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import zlib
from collections.abc import Callable
from pathlib import Path

WORDS = [
    "council",
    "budget",
    "mayor",
    "vote",
    "river",
    "bridge",
    "school",
    "teacher",
    "strike",
    "hospital",
    "nurse",
    "police",
    "report",
    "election",
    "minister",
    "harbour",
    "ferry",
    "storm",
    "flood",
    "farmer",
    "price",
    "wheat",
    "court",
    "judge",
    "ruling",
    "museum",
    "painting",
    "theft",
    "library",
    "archive",
    "festival",
    "crowd",
    "protest",
    "railway",
    "station",
]

MAX_FILE_MB = 1  # the limit the oversize case is made for


def sentences(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        words = rng.choices(WORDS, k=rng.randint(6, 14))
        out.append(" ".join(words).capitalize() + rng.choice([".", ".", ".", "?", "!"]))
    return " ".join(out)


def paragraphs(rng: random.Random, n: int = 3) -> str:
    return "\n\n".join(sentences(rng, rng.randint(2, 5)) for _ in range(n))


def pdf(pages: list[str] | None = None, raw_stream: bytes | None = None) -> bytes:
    """A small valid PDF: one page a text (Helvetica), or one page of a given raw stream."""
    objects: list[bytes] = []
    contents: list[bytes] = []
    if raw_stream is not None:
        contents.append(raw_stream)
    else:
        for text in pages or []:
            safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            lines = [safe[i : i + 80] for i in range(0, len(safe), 80)] or [""]
            ops = "BT /F1 11 Tf 14 TL 50 780 Td " + " ".join(f"({ln}) Tj T*" for ln in lines)
            body = (ops + " ET").encode("latin-1", "replace")
            contents.append(
                b"<< /Length " + str(len(body)).encode() + b" >>\nstream\n" + body + b"\nendstream"
            )
    n = len(contents)
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(n))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    font = 3 + 2 * n
    for i, content in enumerate(contents):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(content)
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def pdf_bomb() -> bytes:
    """A page whose content stream inflates from ~80 KB to 80 MB."""
    packed = zlib.compress(b"0" * 80_000_000, 9)
    return pdf(
        raw_stream=b"<< /Length "
        + str(len(packed)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + packed
        + b"\nendstream"
    )


def front(meta: str, body: str, newline: str = "\n") -> str:
    return newline.join(["---", *meta.strip("\n").split("\n"), "---", "", body])


ALIAS_BOMB = "\n".join(
    ["a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(6)]
    + ["title: *g"]
)


# -- the cases: name -> (what must happen, how to write one, given a path and a seed) ----------

Writer = Callable[[Path, random.Random], Path]


def _text(suffix: str, make: Callable[[random.Random], str], encoding: str = "utf-8") -> Writer:
    def write(path: Path, rng: random.Random) -> Path:
        path = path.with_suffix(suffix)
        path.write_bytes(make(rng).encode(encoding, "surrogatepass"))
        return path

    return write


def _bytes(suffix: str, make: Callable[[random.Random], bytes]) -> Writer:
    def write(path: Path, rng: random.Random) -> Path:
        path = path.with_suffix(suffix)
        path.write_bytes(make(rng))
        return path

    return write


def _json(suffix: str, make: Callable[[random.Random], object]) -> Writer:
    def write(path: Path, rng: random.Random) -> Path:
        path = path.with_suffix(suffix)
        value = make(rng)
        if suffix == ".jsonl":
            assert isinstance(value, list)
            data = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in value)
        else:
            data = value if isinstance(value, str) else json.dumps(value)
        path.write_bytes(data.encode("utf-8", "surrogatepass"))
        return path

    return write


def _record(rng: random.Random, **fields: object) -> dict[str, object]:
    record: dict[str, object] = {
        "title": " ".join(rng.choices(WORDS, k=5)).title(),
        "text": paragraphs(rng),
        "source": "Hostile Wire",
        "published": "2026-03-0" + str(rng.randint(1, 9)),
    }
    record.update(fields)
    return record


def _odd_fields(rng: random.Random) -> dict[str, object]:
    return _record(
        rng,
        title=rng.choice([123, 4.5, True, ["a", "list"], {"a": "map"}]),
        url=rng.choice([["http://a.example/x"], {"href": "x"}, 17, False]),
        source={"name": "Wire"},
        published=rng.choice([True, 20260304, ["2026-03-04"], "2026-13-45", "yesterday"]),
        author=["Ana", "Ben"],
    )


LIMIT_MB = [MAX_FILE_MB]  # the limit of the run being generated for


def _oversize(path: Path) -> Path:
    path = path.with_suffix(".txt")
    with open(path, "wb") as f:
        f.truncate(LIMIT_MB[0] * 2**20 + 1)  # sparse: one byte over the limit
    return path


def _fifo(path: Path, rng: random.Random) -> Path:
    path = path.with_suffix(".txt")
    os.mkfifo(path)
    return path


def _link(target: str) -> Writer:
    def write(path: Path, rng: random.Random) -> Path:
        path = path.with_suffix(".txt")
        path.symlink_to(target)
        return path

    return write


def _odd_name(path: Path, rng: random.Random) -> Path:
    name = os.fsencode(path.name) + b"-caf\xe9-\xff.txt"
    target = os.fsencode(path.parent) + b"/" + name
    with open(target, "wb") as f:
        f.write(paragraphs(rng).encode())
    return Path(os.fsdecode(target))


CASES: dict[str, tuple[str, Writer]] = {
    # indexed, whatever is odd about them
    "txt-plain": ("indexed", _text(".txt", paragraphs)),
    "txt-breaks": (
        "indexed",
        _text(
            ".txt",
            lambda r: (
                "\u2028".join([sentences(r, 2), sentences(r, 2)])
                + "\u2029"
                + sentences(r, 2)
                + "\x85"
                + sentences(r, 1)
                + "\x0b\x0c\x1c"
                + sentences(r, 1)
            ),
        ),
    ),
    "txt-controls": (
        "indexed",
        _text(
            ".txt",
            lambda r: (
                "\x01\x02"
                + sentences(r, 2)
                + "\x7f\u200b\ufeff\x1b[31m"
                + sentences(r, 2)
                + "\x00"[:0]
                + "\x08"
            ),
        ),
    ),
    "txt-unicode": (
        "indexed",
        _text(
            ".txt",
            lambda r: (
                "Le maire a dit: « oui ». مرحبا بالعالم. 市议会投票了。 "
                "Ze\u0301ro de\u0301fauts 👍🏽 " + sentences(r, 3)
            ),
        ),
    ),
    "txt-utf16": ("indexed", _text(".txt", lambda r: "\ufeff" + paragraphs(r), "utf-16-le")),
    "txt-long-word": (
        "indexed",
        _text(".txt", lambda r: sentences(r, 2) + " " + "x" * 5000 + " " + sentences(r, 2)),
    ),
    "txt-no-spaces": ("reported", _text(".txt", lambda r: "y" * 200_000)),
    "txt-one-line": ("indexed", _text(".txt", lambda r: sentences(r, 400).replace(". ", "; "))),
    "txt-odd-name": ("indexed", _odd_name),
    "md-front": (
        "indexed",
        _text(
            ".md",
            lambda r: front(
                "title: A council vote\nsource: Wire\npublished: 2026-01-04"
                "\nurl: https://x.example/a?utm_source=y",
                paragraphs(r),
            ),
        ),
    ),
    "md-crlf": (
        "indexed",
        _text(
            ".md", lambda r: front("title: CRLF\r\npublished: 2026-01-04", paragraphs(r), "\r\n")
        ),
    ),
    "md-odd-types": (
        "indexed",
        _text(
            ".md",
            lambda r: front(
                "title: {a: b}\nurl: [1, 2]\nsource: 12\nauthor: true\npublished: 2026-02-30",
                paragraphs(r),
            ),
        ),
    ),
    "md-bad-date": (
        "indexed",
        _text(
            ".md",
            lambda r: front(
                f"title: Dated\npublished: {r.choice(['2026-13-45', 'yesterday', '99999-01-01', '0000-00-00'])}",
                paragraphs(r),
            ),
        ),
    ),
    "md-alias-bomb": ("indexed", _text(".md", lambda r: front(ALIAS_BOMB, paragraphs(r)))),
    "md-long-title": (
        "indexed",
        _text(".md", lambda r: front("title: " + "Long " * 20_000, paragraphs(r))),
    ),
    "md-heading-only-title": ("indexed", _text(".md", lambda r: "# Heading\n\n" + paragraphs(r))),
    "html-article": (
        "indexed",
        _text(
            ".html",
            lambda r: (
                "<html><head><title>Wire story</title></head><body><article>"
                + "".join(f"<p>{sentences(r, 3)}</p>" for _ in range(4))
                + "</article></body></html>"
            ),
        ),
    ),
    "html-script": (
        "indexed",
        _text(
            ".html",
            lambda r: (
                "<html><body><script>alert(1)</script><article><p>"
                + sentences(r, 3)
                + "<img src=x onerror=alert(2)></p><p>$$x^2$$ "
                + sentences(r, 3)
                + "</p></article></body></html>"
            ),
        ),
    ),
    "json-record": ("indexed", _json(".json", _record)),
    "json-list": ("indexed", _json(".json", lambda r: [_record(r) for _ in range(3)])),
    "json-odd-fields": ("indexed", _json(".json", _odd_fields)),
    "json-big-id": (
        "indexed",
        _json(".json", lambda r: '{"_id": ' + "9" * 5000 + ', "text": "' + sentences(r, 3) + '"}'),
    ),
    "json-surrogates": (
        "indexed",
        _json(
            ".json",
            lambda r: (
                '{"_id": "\\ud800id", "title": "Bad \\udfff title", "text": "'
                + sentences(r, 2)
                + " \\ud83d broken emoji. "
                + sentences(r, 2)
                + '"}'
            ),
        ),
    ),
    "json-long-id": ("indexed", _json(".json", lambda r: _record(r, _id="i" * 100_000))),
    "jsonl-records": ("indexed", _json(".jsonl", lambda r: [_record(r) for _ in range(4)])),
    "jsonl-mixed": (
        "partial",
        _json(
            ".jsonl",
            lambda r: [
                _record(r),
                "{not json",
                {"title": "no text"},
                _record(r),
                "[1, 2]",
                '{"text": 12}',
            ],
        ),
    ),
    "pdf-text": ("indexed", _bytes(".pdf", lambda r: pdf([sentences(r, 4), sentences(r, 4)]))),
    # reported, with a reason; nothing of them indexed
    "txt-binary": ("reported", _bytes(".txt", lambda r: b"\x00\x01\x02" + r.randbytes(2000))),
    "txt-latin1": ("reported", _text(".txt", lambda r: "Caf\xe9 " + paragraphs(r), "latin-1")),
    "txt-empty": ("reported", _bytes(".txt", lambda r: b"")),
    "txt-blank": ("reported", _text(".txt", lambda r: " \n\t\u2028 \u00a0\n\n")),
    "txt-oversize": ("reported", lambda p, r: _oversize(p)),
    "txt-fifo": ("reported", _fifo),
    "txt-dev-zero": ("reported", _link("/dev/zero")),
    "txt-broken-link": ("reported", _link("/nonexistent/nowhere.txt")),
    "md-bad-yaml": ("reported", _text(".md", lambda r: front("title: [unclosed\n  : :", "Text."))),
    "md-yaml-list": ("reported", _text(".md", lambda r: front("- a\n- b", paragraphs(r)))),
    "json-malformed": ("reported", _json(".json", lambda r: '{"text": "unfinished')),
    "json-deep": ("reported", _json(".json", lambda r: "[" * 100_000 + "]" * 100_000)),
    "json-deep-record": (
        "reported",
        _json(".json", lambda r: '{"text": ' + "[" * 50_000 + "]" * 50_000 + "}"),
    ),
    "json-no-text": ("reported", _json(".json", lambda r: {"title": "No text here"})),
    "json-scalar": ("reported", _json(".json", lambda r: "42")),
    "jsonl-all-bad": ("reported", _json(".jsonl", lambda r: ["{bad"] * 300)),
    "pdf-garbage": ("reported", _bytes(".pdf", lambda r: b"%PDF-1.4\n" + r.randbytes(3000))),
    "pdf-no-text": ("reported", _bytes(".pdf", lambda r: pdf([""]))),
    "pdf-bomb": ("reported", _bytes(".pdf", lambda r: pdf_bomb())),
    "html-empty": (
        "reported",
        _text(
            ".html",
            lambda r: (
                "<html><head><style>p {}</style></head><body><script>var a;</script></body></html>"
            ),
        ),
    ),
}

ONCE = {
    "pdf-bomb",
    "txt-oversize",
    "txt-no-spaces",
    "json-deep",
    "json-deep-record",
    "md-long-title",
}


def big_cases() -> dict[str, tuple[str, Writer]]:
    return {
        "txt-15mb-line": ("reported", _bytes(".txt", lambda r: b"z" * 15_000_000)),
        "jsonl-3000-bad": ("reported", _json(".jsonl", lambda r: ["{bad"] * 3000)),
        "json-3000-bad": ("partial", _json(".json", lambda r: [_record(r)] + [{"x": 1}] * 3000)),
    }


def shown(path: str) -> str:
    """A path as reports print it: bytes that are not UTF-8 as \\xNN."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def generate(
    out: Path, files: int = 2000, big: bool = False, seed: int = 7, limit_mb: int = MAX_FILE_MB
) -> dict[str, str]:
    out.mkdir(parents=True, exist_ok=True)
    LIMIT_MB[0] = limit_mb
    rng = random.Random(seed)
    cases = {**CASES, **(big_cases() if big else {})}
    repeated = [n for n in cases if n not in ONCE and n not in big_cases()]
    single = len(cases) - len(repeated)
    each = max(1, -(-(files - single) // len(repeated)))
    expected: dict[str, str] = {}
    for name, (outcome, write) in cases.items():
        for i in range(each if name in repeated else 1):
            path = write(out / f"{name}-{i:04d}", random.Random(rng.random()))
            expected[shown(str(path.relative_to(out)))] = outcome
    (out / ".expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False))
    return expected


def check_run(out: Path, expected: dict[str, str], report: dict, origins: set[str]) -> list[str]:
    """What is wrong with an indexing run over ``out``: files neither indexed nor reported,
    good files not indexed, bad files indexed. Empty when the run did right."""
    reported: dict[str, list[str]] = {}
    root = shown(str(out.resolve()))
    for item in report["failed"]:
        where = item["path"]
        rel = where[len(root) + 1 :] if where.startswith(root) else where
        rel = rel.rsplit(":", 1)[0] if rel not in expected and ":" in rel else rel
        reported.setdefault(rel, []).append(item["reason"])
    indexed = set()
    for origin in origins:
        path = origin.split("#", 1)[0]
        if path.startswith(root):
            indexed.add(path[len(root) + 1 :])
    wrong = []
    for rel, outcome in sorted(expected.items()):
        got_in, got_rep = rel in indexed, rel in reported
        if outcome == "indexed" and not got_in:
            wrong.append(f"{rel}: not indexed ({'; '.join(reported.get(rel, ['not reported']))})")
        elif outcome == "reported" and (got_in or not got_rep):
            wrong.append(f"{rel}: {'indexed' if got_in else 'neither indexed nor reported'}")
        elif outcome == "partial" and not (got_in and got_rep):
            wrong.append(f"{rel}: expected some records indexed and some reported")
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--big", action="store_true", help="add the large cases")
    parser.add_argument("--limit-mb", type=int, default=MAX_FILE_MB)
    parser.add_argument("--check", type=Path, help="a run's --json report, to check")
    args = parser.parse_args()
    if args.check:
        import subprocess

        expected = json.loads((args.out / ".expected.json").read_text())
        report = json.loads(args.check.read_text())
        listed = subprocess.run(
            ["factcheck", "index", "list", "--json"], capture_output=True, check=True
        )
        origins = {e["origin"] for e in json.loads(listed.stdout)}
        wrong = check_run(args.out, expected, report, origins)
        print(
            f"{len(expected)} files: {len(report['added']) + len(report['updated'])} articles "
            f"indexed, {len(report['failed'])} problems and {len(report['warnings'])} warnings "
            f"reported; {len(wrong)} files handled wrongly"
        )
        print("\n".join(wrong))
        raise SystemExit(1 if wrong else 0)
    expected = generate(args.out, args.files, args.big, limit_mb=args.limit_mb)
    print(f"{len(expected)} files in {args.out}")


if __name__ == "__main__":
    main()
