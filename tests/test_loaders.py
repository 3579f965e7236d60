"""Loading and cleaning every format, and every kind of bad input, with its message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.clean import clean_text, fallback_title, is_furniture
from index.errors import LoadError
from index.loaders import (
    LoaderOptions,
    article_id,
    discover,
    load_file,
    load_file_with_problems,
    normalise_date,
)
from tests.conftest import SAMPLE

OPTIONS = LoaderOptions()
TITLE = "Cuba says 32 of its officers were killed in the US operation in Venezuela"


def load_one(path: Path) -> object:
    [article] = load_file(path, OPTIONS)
    return article


def test_sample_article() -> None:
    article = load_one(SAMPLE)
    assert article.title == TITLE
    assert (article.source, article.published, article.author) == (
        "Associated Press",
        "2026-01-04",
        "Rodríguez",
    )
    assert "Advertisement" not in article.text
    assert "This is read by an automated voice" not in article.text
    assert article.text.startswith("Cuban President Miguel Diaz-Canel waves")  # caption kept
    assert "An American military operation in Venezuela killed 32 Cuban officers" in article.text
    assert "Raúl Castro" in article.text and "“You know," in article.text
    assert "\n\n\n" not in article.text


def test_sample_without_front_matter_gets_a_file_name_title(tmp_path: Path) -> None:
    body = SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2]
    path = tmp_path / "ap-cuban-officers-venezuela.txt"
    path.write_text(body, encoding="utf-8")
    article = load_one(path)
    assert article.title == "Ap cuban officers venezuela"
    assert not article.title.startswith("Cuban President")  # not the photo caption


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Port reopens\n\nThe port of Mariel reopened on Monday.\n", encoding="utf-8")
    article = load_one(path)
    assert article.title == "Port reopens"
    assert article.text.endswith("The port of Mariel reopened on Monday.")


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "story.html"
    path.write_text(
        "<html><head><title>Havana mourns its officers</title>"
        '<meta property="og:site_name" content="Example News">'
        '<meta name="author" content="Ana Pérez">'
        '<meta property="article:published_time" content="2026-01-05T10:00:00Z"></head>'
        "<body><nav>Home | World | Sports</nav><article><h1>Havana mourns its officers</h1>"
        + "".join(
            f"<p>Paragraph {i} of the story says that crowds gathered in Havana to mourn "
            f"the officers killed in Venezuela, and officials spoke at length.</p>"
            for i in range(6)
        )
        + "</article><footer>© Example News</footer></body></html>",
        encoding="utf-8",
    )
    article = load_one(path)
    assert article.title == "Havana mourns its officers"
    assert article.source == "Example News" and article.published == "2026-01-05"
    assert "Paragraph 0 of the story" in article.text and "Paragraph 5" in article.text
    assert "Home | World" not in article.text
    assert article.text.count("\n\n") >= 5


def test_json_list_and_jsonl(tmp_path: Path) -> None:
    records = [
        {
            "_id": "r1",
            "title": "One",
            "text": "First story text.",
            "url": "https://ex.org/1?utm_source=x",
        },
        {
            "_id": "r2",
            "title": "Two",
            "text": "Second story text.",
            "source": "Wire",
            "published": "4 Jan 2026",
        },
    ]
    (tmp_path / "a.json").write_text(json.dumps(records))
    (tmp_path / "b.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    a = load_file(tmp_path / "a.json", OPTIONS)
    b = load_file(tmp_path / "b.jsonl", OPTIONS)
    assert [x.title for x in a] == [x.title for x in b] == ["One", "Two"]
    assert a[1].published == "2026-01-04" and a[1].source == "Wire"
    assert a[0].id == b[0].id  # from the URL, whatever the file
    assert a[1].id != b[1].id  # no URL: from the origin
    assert a[1].origin.endswith("a.json#r2")


def test_json_field_names_are_configurable(tmp_path: Path) -> None:
    (tmp_path / "c.jsonl").write_text(json.dumps({"body": "Text here.", "headline": "H"}))
    options = LoaderOptions(text_field="body", title_field="headline")
    [article] = load_file(tmp_path / "c.jsonl", options)
    assert (article.title, article.text) == ("H", "Text here.")
    with pytest.raises(LoadError, match="FACTCHECK_JSON_TEXT_FIELD"):
        load_file(tmp_path / "c.jsonl", OPTIONS)


def test_jsonl_with_a_bad_line_keeps_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"text": "Good one."}\n{broken\n{"text": "Good two."}\n')
    articles, problems = load_file_with_problems(path, OPTIONS)
    assert [a.text for a in articles] == ["Good one.", "Good two."]
    [problem] = problems
    assert problem.path.endswith("d.jsonl:line 2") and "malformed JSON" in problem.reason


def test_unicode_line_breaks_are_plain_ones_and_jsonl_splits_at_newlines_only(
    tmp_path: Path,
) -> None:
    # U+2028 / U+2029 / U+0085 and the other characters Python reads as breaks or spaces leave
    # cleaning as plain newlines and spaces, so no passage joins another across an odd gap
    text = clean_text("One\u2028two\u2029Three\x85four\x0cfive\u1680six\x1eseven")
    assert text == "One two\n\nThree four five six seven"
    every = "".join(chr(i) for i in range(0x110000) if chr(i).isspace())
    assert {c for c in clean_text(f"a{every}b") if c.isspace()} <= {" ", "\n"}
    # a raw U+2028 inside a JSON string is one record, not a malformed line
    path = tmp_path / "d.jsonl"
    path.write_text(
        json.dumps({"text": "First line\u2028still the first record."}, ensure_ascii=False)
        + "\n"
        + json.dumps({"text": "Second record."})
        + "\n",
        encoding="utf-8",
    )
    articles, problems = load_file_with_problems(path, OPTIONS)
    assert problems == [] and [a.text for a in articles] == [
        "First line still the first record.",
        "Second record.",
    ]


def test_crlf_front_matter_and_dates_that_are_not_dates(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.md"
    crlf.write_bytes(b"---\r\ntitle: CRLF title\r\npublished: 2026-01-04\r\n---\r\n\r\nBody.\r\n")
    [article] = load_file(crlf, OPTIONS)
    assert (article.title, article.published, article.text) == ("CRLF title", "2026-01-04", "Body.")
    # a date YAML or ISO cannot be: the article is indexed without a date, no traceback
    for bad in ("2026-02-30", "2026-13-45"):
        path = tmp_path / f"{bad}.md"
        path.write_text(f"---\ntitle: Dated\npublished: {bad}\n---\n\nBody.\n")
        [article] = load_file(path, OPTIONS)
        assert article.published == "" and article.title == "Dated"
    assert normalise_date("2026-02-03") == "2026-02-03" and normalise_date("2026-02-30") == ""


def make_pdf(text: str) -> bytes:
    """A minimal valid one-page PDF with a text stream."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out


def test_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf("Cuba announced two days of mourning."))
    article = load_one(path)
    assert "Cuba announced two days of mourning." in article.text
    assert article.title == "Report"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n \n", "no text after cleaning"),
        ("binary.txt", b"\x00\x01\x02\x03" * 50, "binary file"),
        (
            "latin1.txt",
            "Caf\u00e9 con leche".encode("latin-1"),
            "not UTF-8 text (byte 0xe9 at offset 3)",
        ),
        ("broken.json", b'{"text": "x",', "malformed JSON at line 1"),
        ("nothing.jsonl", b"{bad\n{worse\n", "no usable record"),
        ("notext.json", b'{"title": "only a title"}', "no text in field 'text'"),
        (
            "empty.html",
            b"<html><head><script>var x = 1;</script></head><body></body></html>",
            "no article text",
        ),
        ("corrupt.pdf", b"%PDF-1.4\nthis is not really a pdf", "PDF"),
        ("badyaml.md", b"---\ntitle: [unclosed\n---\nBody.\n", "bad YAML front matter"),
    ],
)
def test_bad_input_names_the_file_and_the_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError) as info:
        load_file(path, OPTIONS)
    assert str(path) in str(info.value)
    assert reason in info.value.reason


def test_too_big_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("word " * 1000)
    with pytest.raises(
        LoadError,
        match="5,000 bytes, over the limit of 1,000 bytes .*: raise FACTCHECK_MAX_FILE_MB",
    ):
        load_file(path, LoaderOptions(max_bytes=1000))


def test_discover_order_filters_and_problems(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "b" / "drafts").mkdir(parents=True)
    (root / "a.txt").write_text("a")
    (root / "b" / "c.md").write_text("c")
    (root / "b" / "drafts" / "d.md").write_text("d")
    (root / "b" / "image.png").write_bytes(b"png")
    (root / ".hidden.txt").write_text("h")
    (root / "b" / "loop").symlink_to(root, target_is_directory=True)  # a symlink loop
    (root / "link.txt").symlink_to(root / "a.txt")  # the same file twice
    found = list(
        discover(
            [root, tmp_path / "missing.txt", root / "b" / "image.png"],
            LoaderOptions(exclude=("b/drafts/*",)),
        )
    )
    files = [f.relative_to(root).as_posix() for f in found if isinstance(f, Path)]
    problems = [f for f in found if isinstance(f, LoadError)]
    assert files == ["a.txt", "b/c.md"]
    reasons = " | ".join(str(p) for p in problems)
    assert "symlink loop" in reasons
    assert "missing.txt: no such file or folder" in reasons
    assert "image.png: unsupported file type '.png'" in reasons


def test_thousands_of_files_are_walked(tmp_path: Path) -> None:
    for i in range(2000):
        (tmp_path / f"f{i:04d}.txt").write_text(f"Story {i}.")
    found = list(discover([tmp_path], OPTIONS))
    assert len(found) == 2000 and all(isinstance(f, Path) for f in found)


def test_ids_are_stable_and_url_based() -> None:
    assert article_id("", "/a/b.txt", "b") == article_id("", "/a/b.txt", "b")
    assert article_id("https://Ex.org/x/?utm_medium=y", "/one", "x") == article_id(
        "https://ex.org/x", "/two", "x"
    )
    assert article_id("", "/a/b.txt", "Ünïcode Story!").startswith("unicode-story-")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-04", "2026-01-04"),
        ("2026-01-04T10:00:00Z", "2026-01-04"),
        ("January 4, 2026", "2026-01-04"),
        ("4 Jan 2026", "2026-01-04"),
        ("soon", ""),
        (None, ""),
    ],
)
def test_dates(value: object, expected: str) -> None:
    assert normalise_date(value) == expected


def test_cleaning() -> None:
    raw = "Line one\r\nwrapped\u00a0 here.\n\n\n  Advertisement  \n\nThe advertisement market grew.\x00\u200b"
    assert clean_text(raw) == "Line one wrapped here.\n\nThe advertisement market grew."
    assert is_furniture("This is read by an automated voice. Please report any issues here .")
    assert not is_furniture("Officials said the advertisement was misleading and withdrew it.")
    assert clean_text("Cafe\u0301 “quoted” — dash") == "Café “quoted” — dash"
    assert fallback_title("my_story-2026") == "My story 2026"


def test_fields_of_the_wrong_kind_are_left_out_with_a_warning(tmp_path: Path) -> None:
    from index.errors import LoadWarning

    path = tmp_path / "odd.json"
    path.write_text(
        json.dumps(
            [
                {
                    "title": {"a": 1},
                    "text": "The council met.",
                    "url": 17,
                    "source": ["Wire"],
                    "published": "2026-13-45",
                    "author": True,
                    "_id": "x" * 300,
                },
                {"title": "T\u0000itle\u2028two", "text": "Bad \ud800 surrogate.", "url": "n/a"},
            ]
        ),
        encoding="utf-8",
    )
    (first, second), notes = load_file_with_problems(path, OPTIONS)
    assert all(isinstance(n, LoadWarning) for n in notes)
    reasons = [n.reason for n in notes]
    assert "field 'title' is a mapping, not text: left out" in reasons
    assert "field 'source' is a list, not text: left out" in reasons
    assert "field 'author' is true/false, not text: left out" in reasons
    assert any(r.startswith("unreadable date '2026-13-45' in field 'published'") for r in reasons)
    assert any("'url' is not a web address ('17')" in r for r in reasons)
    assert any("'_id' is 300 characters: shortened" in r for r in reasons)
    assert (first.url, first.source, first.author, first.published) == ("", "", "", "")
    assert first.title.startswith("Odd #x") and len(first.origin) < len(str(path)) + 100
    assert second.title == "T itle two" and second.text == "Bad surrogate."
    assert first.id != second.id  # "17" and "n/a" would have given both one URL-based id


def test_two_files_with_one_url_are_a_warning_not_a_silent_loss(
    settings: object, tmp_path: Path
) -> None:
    from index.chroma_store import ChromaStore
    from index.indexer import Indexer
    from index.settings import Settings
    from tests.conftest import FakeEmbedder

    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.md").write_text(
            f"---\nurl: https://x.example/story\n---\n\nText of {name}.\n", encoding="utf-8"
        )
    s = Settings(data_dir=tmp_path / "data")
    report = Indexer(s, FakeEmbedder(), ChromaStore.from_settings(s)).add([tmp_path])
    assert len(report.added) == 1
    [(where, why)] = report.warnings
    assert where.endswith("a/story.md") and "b/story.md" in why and "only the later" in why


def test_runs_without_spaces_that_are_not_text_are_left_out(tmp_path: Path) -> None:
    blob = "QUJD" * 2_000  # a base64 image pasted into the story
    chinese = "市议会周一投票通过了新的预算案" * 100  # 1,500 characters without a space: text
    path = tmp_path / "blob.txt"
    path.write_text(f"The council met. {blob} It voted.\n\n{chinese}\n", encoding="utf-8")
    [article], notes = load_file_with_problems(path, OPTIONS)
    assert article.text.startswith("The council met. It voted.") and chinese in article.text
    assert [n.reason for n in notes] == [
        "left out 1 run(s) of over 1,000 ASCII characters without a space (the longest 8,000): "
        "not text"
    ]
    only = tmp_path / "only.txt"
    only.write_text("z" * 50_000, encoding="utf-8")
    with pytest.raises(LoadError, match="no text after cleaning"):
        load_file(only, OPTIONS)
