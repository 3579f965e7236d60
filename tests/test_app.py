"""The web app's handlers as plain functions: chat turns, source cards, escaping of hostile
article text, the library, uploads, admin protection and errors."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from app import CHECKS_AT_ONCE, UPLOAD_CACHE, build_ui
from assistant.lockout import PasswordGate
from assistant.render import safe_url
from assistant.service import Assistant
from assistant.web import (
    UserError,
    WebApp,
    bind_address,
    message_text,
    serving_settings,
    shown_text,
    slug,
    typed_text,
)
from index.chroma_store import ChromaStore
from index.indexer import Indexer
from index.loaders import fallback_title
from index.settings import Settings
from tests.conftest import SAMPLE, FakeEmbedder, FakeVerifier

HOSTILE = (
    "---\ntitle: <script>alert(1)</script>\nsource: Evil\nurl: javascript:alert(3)\n---\n\n"
    "Cuban officers <img src=x onerror=alert(2)> were killed, said a javascript:alert(3) link.\n"
)


@pytest.fixture
def web(settings: Settings, tmp_path: Path) -> WebApp:
    embedder = FakeEmbedder()
    store = ChromaStore.from_settings(settings)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "sample.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "evil.md").write_text(HOSTILE, encoding="utf-8")
    indexer = Indexer(settings, embedder, store)
    indexer.add([docs])
    app = WebApp(
        settings,
        Assistant(settings, embedder, store, verifier=FakeVerifier()),
        indexer,
        admin_password="",
    )
    app.warm_up()
    return app


def test_a_chat_turn_gives_a_badge_an_answer_and_source_cards(web: WebApp) -> None:
    history, cards, box = web.ask("The US operation killed 23 Cuban officers", [])
    assert box == "" and [m["role"] for m in history] == ["user", "assistant"]
    reply = history[1]["content"]
    assert "data-verdict='REFUTED'" in reply and "Numbers differ: claim 23, source 32" in reply
    assert "“An American military operation in Venezuela killed 32 Cuban officers" in reply
    assert "— Associated Press, 2026-01-04, paragraph 2" in reply  # the quote says where from
    assert "class='source-card'" in cards and "Associated Press" in cards
    assert "by Rodríguez · Associated Press · 2026-01-04" in cards  # the article's author
    assert "<mark>An American military operation in Venezuela killed 32 Cuban officers" in cards
    # a follow-up uses the conversation
    history, _, _ = web.ask(
        "And how many Venezuelans?",
        [{"role": "user", "content": "How many Cuban officers were killed?"}],
    )
    assert "give no number" in history[-1]["content"]
    # as the browser sends it back: Gradio 6 gives message content as a list of parts
    history, _, _ = web.ask(
        "And how many Venezuelans?",
        [
            {
                "role": "user",
                "content": [{"type": "text", "text": "How many Cuban officers were killed?"}],
            },
            {"role": "assistant", "content": [{"type": "text", "text": "32"}]},
        ],
    )
    assert "give no number" in history[-1]["content"]


def test_message_text_reads_every_shape_gradio_sends() -> None:
    assert message_text("plain") == "plain"
    assert message_text([{"type": "text", "text": "a"}, {"type": "file", "file": {}}]) == "a"
    assert message_text({"type": "text", "text": "b"}) == "b"
    assert message_text([{"type": "image", "url": "x"}]) == "" and message_text(None) == ""


def test_article_html_is_shown_as_text(web: WebApp) -> None:
    history, cards, _ = web.ask("Cuban officers were killed, said a link", [])
    assert "<script>" not in cards and "<img" not in cards
    assert "<script>" not in history[1]["content"] and "<img" not in history[1]["content"]
    assert "&lt;img src=x onerror=alert(2)&gt;" in cards
    assert "href='javascript" not in cards
    assert (
        safe_url("javascript:alert(1)") == ""
        and safe_url("https://apnews.com/x") == "https://apnews.com/x"
    )
    rows = web.library_rows()
    assert {r[0] for r in rows} == {
        "Cuba says 32 of its officers were killed in the US operation in Venezuela",
        "<script>alert(1)</script>",
    }
    assert [r[0] for r in web.library_rows("cuba SAYS")] == [
        "Cuba says 32 of its officers were killed in the US operation in Venezuela"
    ]
    assert web.sources() == ["Associated Press", "Evil"]


def test_bad_questions_are_messages(web: WebApp) -> None:
    with pytest.raises(UserError, match="empty"):
        web.ask("   ", [])
    with pytest.raises(UserError, match="10000 characters"):
        web.ask("x" * 10_000, [])


def test_uploads_and_pasted_text_are_indexed_and_names_are_not_paths(
    web: WebApp, tmp_path: Path
) -> None:
    upload = tmp_path / "tmp-upload"
    upload.write_text(
        "---\ntitle: Zanzibar cloves\nsource: Reuters\n---\n\nThe Zanzibar clove harvest doubled.\n"
    )
    bad = tmp_path / "bad-upload"
    bad.write_bytes(b"\x00\x01binary")
    files = [
        SimpleNamespace(name=str(upload), orig_name="../../etc/cloves.md"),
        SimpleNamespace(name=str(bad), orig_name="notes.exe"),
    ]
    summary, rows = web.add_files(files, "")
    assert summary.startswith("added 1 · updated 0 · skipped 0 · failed 1")
    assert "notes.exe" in summary and "not a supported format" in summary
    stored = [p for p in (web.settings.data_dir / "uploads").rglob("*") if p.is_file()]
    assert [p.name for p in stored] == ["cloves.md"]  # its own name, not a path
    assert not Path("/etc/cloves.md").exists()
    assert any(r[0] == "Zanzibar cloves" for r in rows)
    again, _ = web.add_files(files[:1], "")
    assert again.startswith("added 0 · updated 0 · skipped 1")
    summary, rows = web.add_text(
        "Bridge reopens",
        "AFP",
        "https://afp.com/b",
        "2026-02-01",
        "The Limpopo bridge reopened.",
        "",
    )
    assert summary.startswith("added 1") and any(
        r[0] == "Bridge reopens" and r[2] == "2026-02-01" for r in rows
    )
    history, cards, _ = web.ask("Did the Zanzibar clove harvest double?", [])
    reply = history[-1]["content"]
    assert "<strong>Yes</strong> — " in reply and "data-verdict='SUPPORTED'" in reply
    assert "Zanzibar clove harvest doubled" in cards
    # a click on the row selects the article; the removal asks first, then removes it
    row = next(i for i, r in enumerate(rows) if r[0] == "Bridge reopens")
    article_id, shown = web.select_article(rows, row)
    assert len(article_id) > len(rows[row][-1]) and "“Bridge reopens” (AFP" in shown
    assert web.confirm_removal(article_id).startswith("Remove “Bridge reopens” (AFP, 2026-02-01)")
    summary, rows = web.remove(article_id, "")
    assert "removed 1" in summary and all(r[0] != "Bridge reopens" for r in rows)
    with pytest.raises(UserError, match="Click the article's row"):
        web.confirm_removal("")
    with pytest.raises(UserError, match="no indexed article has the id 'zzz'"):
        web.remove("zzz", "")
    with pytest.raises(UserError, match="Paste the article"):
        web.add_text("T", "", "", "", "  ", "")


def test_admin_actions_need_the_password_when_one_is_set(web: WebApp) -> None:
    web.admin_password = "s3cret"
    with pytest.raises(UserError, match="admin password"):
        web.remove("anything", "wrong")
    with pytest.raises(UserError, match="admin password"):
        web.rebuild("")
    summary, rows = web.rebuild("s3cret")
    assert summary.startswith("added 0 · updated 2") and len(rows) == 2
    assert bind_address("s3cret")[1].startswith("Adding, removing")


def test_without_a_password_the_app_binds_to_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRADIO_SERVER_NAME", "0.0.0.0")
    host, note = bind_address("")
    assert host == "127.0.0.1" and "127.0.0.1 only" in note
    assert bind_address("pw")[0] == "0.0.0.0"
    assert slug("../../Etc/Passwd .md") == "etc-passwd-md"


def test_ui_builds_without_launching(web: WebApp) -> None:
    ui = build_ui(web, "note")
    assert ui.title == "Fact-check assistant"
    assert ui.delete_cache == UPLOAD_CACHE == (3600, 3600)  # uploads go after an hour
    checks = [f for f in ui.fns.values() if f.concurrency_id == "check"]
    assert {f.api_name for f in checks} >= {"check", "ask"}
    assert {f.concurrency_limit for f in checks} == {CHECKS_AT_ONCE}
    indexing = [f for f in ui.fns.values() if f.concurrency_id == "index"]
    assert {f.name for f in indexing} == {"add_files", "add_text", "removed", "do_rebuild"}
    assert "Ready — 2 article(s) indexed." in web.status()


def test_a_reply_shows_one_verdict_in_words_with_links_to_grouped_cards(web: WebApp) -> None:
    history, cards, _ = web.ask("The US operation killed 23 Cuban officers", [])
    reply = history[1]["content"]
    # one verdict display (the badge), no raw model scores, no doubled quotation marks
    assert re.sub(r"<[^>]+>", "", reply).count("REFUTED") == 1 and "confidence 0." not in reply
    assert not re.search(r"\((?:support|contradiction) 0\.\d+\)", reply + cards)
    assert "““" not in reply and "””" not in reply
    # the citation marks are links to their cards, which are grouped under their article
    marks = re.findall(r"href='#fc-card-(\d+)'", reply)
    assert marks and all(f"id='fc-card-{n}'" in cards for n in marks)
    cited = web._need().check("The US operation killed 23 Cuban officers").citations
    articles = {c.article_id for c in cited}
    assert len(cited) > len(articles) and cards.count("class='source-head'") == len(articles)
    assert re.search(r"<details class='source-card' id='fc-card-1' data-citation='1' open>", cards)
    assert cards.count(" open>") == 1
    # a card says in words how its sentence bears on the claim
    assert "Contradicts the claim" in cards or "Related, but does not settle it" in cards


def test_the_persons_message_is_shown_as_text_and_read_back_as_typed(web: WebApp) -> None:
    typed = "Were <img src=x onerror=alert(1)> $$x^2$$ *32* officers killed?"
    history, _, _ = web.ask(typed, [])
    shown = history[0]["content"]
    assert "<img" not in shown and "\\$\\$" in shown and "\\*32\\*" in shown
    assert typed_text(shown) == typed
    # a follow-up reads the earlier turn as it was typed, not as it is shown
    earlier = "How many Cuban officers were killed (in the operation)?"
    history, _, _ = web.ask("And how many Venezuelans?", [])
    alone = history[-1]["content"]
    history, _, _ = web.ask(
        "And how many Venezuelans?", [{"role": "user", "content": shown_text(earlier)}]
    )
    assert shown_text(earlier) != earlier and history[-1]["content"] != alone
    assert "give no number" in history[-1]["content"]


def test_filters_read_common_dates_any_case_and_say_what_is_wrong(web: WebApp) -> None:
    question = "How many Cuban officers were killed?"
    for since in ("2026-01-01", "01/01/2026", "1 January 2026", "January 2026", "2026"):
        history, _, _ = web.ask(question, [], ["associated press"], since)
        assert "32" in history[-1]["content"], since
    with pytest.raises(UserError, match="no month 13"):
        web.ask(question, [], None, "2026-13-45")
    with pytest.raises(UserError, match="could be 4 May or 5 April"):
        web.ask(question, [], None, "04/05/2026")
    with pytest.raises(UserError, match="no indexed article has the source 'Reuters'.*Associated"):
        web.ask(question, [], ["Reuters"])
    # nothing bears on it once filtered: the reply says the filters are on
    history, _, _ = web.ask("32 Cuban officers were killed", [], None, "2027-01-01")
    assert (
        "since 2027-01-01" in history[-1]["content"] and "filters are on" in history[-1]["content"]
    )


def test_an_article_is_one_article_whichever_way_it_came_in(web: WebApp, tmp_path: Path) -> None:
    # the sample was indexed from its folder (as `factcheck index add` does); uploading the same
    # file through the web is not a second article
    upload = tmp_path / "tmp-upload"
    upload.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    before = len(web.library_rows())
    summary, rows = web.add_files([SimpleNamespace(name=str(upload), orig_name="sample.txt")], "")
    assert summary.startswith("added 0 · updated 0 · skipped 1") and len(rows) == before
    assert "sample.txt: already indexed as “Cuba says 32 of its officers" in summary
    # an upload without front matter is titled from its own name, not a content hash
    plain = tmp_path / "tmp-plain"
    plain.write_text("The Harbour Street ferry will run until midnight, the port said.\n")
    summary, rows = web.add_files(
        [SimpleNamespace(name=str(plain), orig_name="ferry_timetable.txt")], ""
    )
    assert summary.startswith("added 1"), summary
    assert any(r[0] == fallback_title("ferry_timetable") for r in rows), rows
    assert "\nadded: “Ferry timetable”" in summary  # the summary names what it added


QUESTION = "How many Cuban officers were killed?"
GOOD = {"question": QUESTION, "sources": None, "since": "", "until": "", "passages": 8}
BAD_INPUT = [  # (what is sent, a pattern the message must match: the field and what it takes)
    ({"since": "2026-13-45"}, r"'since' date '2026-13-45' is not a date: there is no month 13"),
    ({"since": "yesterday"}, r"'since' date 'yesterday' is not a date; write it as YYYY-MM-DD"),
    ({"until": "2026-02-30"}, r"'until' date '2026-02-30' .*February 2026 has no day 30"),
    (
        {"since": "2026-03-01", "until": "2026-01-01"},
        r"'since' date 2026-03-01 is after the 'until' date 2026-01-01.*swap them",
    ),
    ({"since": 2026}, r"'since' date must be text such as 2026-01-31, not int 2026"),
    ({"until": ["2026"]}, r"'until' date must be text .*not list"),
    ({"passages": -1}, r"passages must be a whole number from 1 to 50, not -1"),
    ({"passages": 0}, r"passages must be a whole number from 1 to 50, not 0"),
    ({"passages": 10**9}, r"passages must be a whole number from 1 to 50, not 1000000000"),
    ({"passages": 8.5}, r"passages must be a whole number from 1 to 50, not 8.5"),
    ({"passages": "abc"}, r"passages must be a whole number .*not str 'abc'"),
    ({"passages": None}, r"passages must be a whole number .*not NoneType None"),
    ({"passages": float("nan")}, r"passages must be a whole number .*not nan"),
    ({"passages": True}, r"passages must be a whole number .*not bool True"),
    ({"sources": "Associated Press"}, r"sources must be a list of source names .*not str"),
    ({"sources": [123, None]}, r"sources must be a list of source names \(text\); item 1 is int"),
    ({"sources": ["Reuters"]}, r"no indexed article has the source 'Reuters'"),
    ({"question": "\x00\x00\x00"}, r"the question contains U\+0000, a control character"),
    ({"question": "\ud800 officers"}, r"the question contains U\+D800, an unpaired surrogate"),
    ({"question": "?!  …"}, r"the question has no letters or digits"),
    ({"question": 123}, r"the question must be text, not int 123"),
    ({"question": None}, r"the question must be text, not NoneType None"),
    ({"question": ["a", "b"]}, r"the question must be text, not list"),
    ({"question": "   "}, r"the question is empty"),
]
BAD_HISTORY = [
    ("not a history", r"the history must be a list of messages \{'role'.*not str"),
    ([{"x": 1}], r"the history must be a list of messages .*message 1 is dict"),
    ([{"role": "user", "content": "a"}, None], r"message 2 is NoneType"),
    ([{"role": "robot", "content": "a"}], r"message 1 is dict"),
    (42, r"the history must be a list of messages .*not int 42"),
]


@pytest.mark.parametrize(("sent", "message"), BAD_INPUT)
def test_bad_input_gets_a_message_naming_the_field(
    web: WebApp, sent: dict[str, object], message: str
) -> None:
    values = {**GOOD, **sent}
    with pytest.raises(UserError, match=message) as by_api:
        web.check_api(*values.values())  # type: ignore[arg-type]
    question, *rest = values.values()
    with pytest.raises(UserError, match=message) as by_chat:
        web.ask(question, [], *rest)  # type: ignore[arg-type]
    for caught in (by_api, by_chat):  # text the JSON reply and the log can carry
        str(caught.value).encode("utf-8")


@pytest.mark.parametrize(("history", "message"), BAD_HISTORY)
def test_a_malformed_history_gets_a_message(web: WebApp, history: object, message: str) -> None:
    with pytest.raises(UserError, match=message):
        web.ask(QUESTION, history)  # type: ignore[arg-type]


def test_good_input_in_every_accepted_shape(web: WebApp) -> None:
    result = web.check_api(QUESTION, ("Associated Press",), "2026", "2026-12", 8.0)
    assert result["answer"].startswith("32")
    history, _, _ = web.ask(QUESTION, None, [], None, None, 3)
    assert "32" in history[-1]["content"]


def test_wrong_admin_passwords_lock_the_client_out(web: WebApp) -> None:
    now = [0.0]
    web.admin_password = "s3cret"
    web.gate = PasswordGate(clock=lambda: now[0])
    for _ in range(4):
        with pytest.raises(UserError, match="Wrong or missing admin password"):
            web.rebuild("guess", client="10.0.0.7")
    with pytest.raises(UserError, match="try again in 60 s"):
        web.remove("anything", "guess", client="10.0.0.7")
    now[0] += 30
    with pytest.raises(UserError, match="try again in 30 s"):
        web.add_text("T", "", "", "", "text", "s3cret", client="10.0.0.7")
    summary, _ = web.rebuild("s3cret", client="10.0.0.8")  # another address is not locked
    assert summary.startswith("added 0")
    now[0] += 30
    summary, _ = web.rebuild("s3cret", client="10.0.0.7")
    assert summary.startswith("added 0")


def test_stop_indexing_stops_an_upload_between_commits(web: WebApp, tmp_path: Path) -> None:
    """A long upload can be stopped from the page: what was written stays, the summary says
    so, and adding the same files again finishes the job."""
    import threading

    import index.indexer as module

    files = []
    for i in range(40):
        path = tmp_path / f"up-{i}"
        path.write_text(f"---\ntitle: Story {i}\n---\n\nStory {i} opens.\n\nIt ends {i}.\n")
        files.append(SimpleNamespace(name=str(path), orig_name=f"story-{i}.md"))
    seen = threading.Event()

    def progress(share: float, line: str) -> None:
        if line.startswith("embedding and writing") and not seen.is_set():
            seen.set()
            web.stop_indexing("")  # as the button does, from another request

    old, module.GROUP_PASSAGES = module.GROUP_PASSAGES, 4
    try:
        summary, rows = web.add_files(files, "", progress)
    finally:
        module.GROUP_PASSAGES = old
    assert summary.startswith("stopped before the end · added "), summary
    assert "add the same files again to finish" in summary
    stories = [r for r in rows if r[0].startswith("Story ")]
    assert 0 < len(stories) < 40
    summary, rows = web.add_files(files, "")
    assert summary.startswith(f"added {40 - len(stories)} ") and "stopped" not in summary
    web.admin_password = "s3cret"
    with pytest.raises(UserError, match="password"):
        web.stop_indexing("wrong")


def test_the_web_app_indexes_without_torch_unless_told_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A serving process keeps its memory: its indexer never takes the torch bulk path unless
    FACTCHECK_EMBEDDING_BULK says so."""
    monkeypatch.delenv("FACTCHECK_EMBEDDING_BULK", raising=False)
    plain = Settings(data_dir=tmp_path)
    assert plain.embedding_bulk == "auto" and serving_settings(plain).embedding_bulk == "off"
    assert serving_settings(plain).data_dir == tmp_path
    monkeypatch.setenv("FACTCHECK_EMBEDDING_BULK", "bf16")
    assert serving_settings(Settings(data_dir=tmp_path)).embedding_bulk == "bf16"
    assert serving_settings(Settings(data_dir=tmp_path, embedding_bulk="auto")).embedding_bulk == (
        "auto"
    )
