"""The HTTP guards in front of the app: the Host and Origin checks and the upload gate as plain
logic, then through the real app launched on a loopback port (real HTTP requests with a foreign
Host, a foreign Origin, uploads before and after the admin password), and once in a browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.datastructures import Headers

from app import serve
from assistant.lockout import PasswordGate
from assistant.service import Assistant
from assistant.web import WebApp
from assistant.web_guard import (
    COOKIE,
    Tokens,
    WebGuard,
    host_name,
    origin_key,
    parse_origins,
    same_origin,
)
from index.chroma_store import ChromaStore
from index.indexer import Indexer
from index.settings import Settings
from tests.conftest import SAMPLE, FakeEmbedder, FakeVerifier, free_port

MB = 1024 * 1024


def headers(**values: str) -> Headers:
    return Headers({k.replace("_", "-"): v for k, v in values.items()})


def test_host_names_and_origins_are_read_as_browsers_send_them() -> None:
    assert host_name("LocalHost:7860") == "localhost" and host_name("[::1]:7860") == "[::1]"
    assert host_name("127.0.0.1") == "127.0.0.1" and host_name("evil.example.:80") == "evil.example"
    assert origin_key("HTTPS://Facts.Example.org:443") == "https://facts.example.org"
    assert origin_key("http://[::1]:7860") == "http://[::1]:7860"
    assert [origin_key(o) for o in ("null", "file://x", "http://a/b", "garbage", "")] == [None] * 5
    assert same_origin("http://127.0.0.1:7860", "127.0.0.1:7860")
    assert same_origin("https://facts.example.org", "facts.example.org")
    assert same_origin("http://facts.example.org", "facts.example.org:80")
    assert not same_origin("http://127.0.0.1:7861", "127.0.0.1:7860")
    assert not same_origin("http://evil.example", "127.0.0.1:7860")
    assert not same_origin("null", "127.0.0.1:7860")
    allowed = parse_origins("https://facts.example.org, http://10.0.0.5:8080")
    assert allowed == ("https://facts.example.org", "http://10.0.0.5:8080")
    assert same_origin("https://facts.example.org", "127.0.0.1:7860", allowed)
    with pytest.raises(ValueError, match="'facts.example.org' is not an origin"):
        parse_origins("facts.example.org")


def test_loopback_mode_serves_loopback_names_only() -> None:
    guard = WebGuard(None, loopback_only=True)  # type: ignore[arg-type]
    for host in ("localhost:7860", "127.0.0.1:7860", "[::1]:7860", "LOCALHOST"):
        assert guard.refusal("GET", "/", headers(host=host)) is None, host
    for host in ("evil.example:7860", "127.0.0.1.nip.io:7860", "", "::1"):
        refused = guard.refusal("GET", "/", headers(host=host))
        assert refused is not None and refused[0] == 421 and "localhost" in refused[1], host
    public = WebGuard(None, loopback_only=False)  # type: ignore[arg-type]
    assert public.refusal("GET", "/", headers(host="facts.example.org")) is None


def test_a_state_changing_request_from_another_origin_is_refused() -> None:
    guard = WebGuard(None, loopback_only=False, allowed_origins=["https://facts.example.org"])  # type: ignore[arg-type]
    own = headers(host="10.0.0.5:7860", origin="http://10.0.0.5:7860")
    foreign = headers(host="10.0.0.5:7860", origin="http://evil.example")
    for path in ("/gradio_api/queue/join", "/gradio_api/call/check", "/gradio_api/run/check"):
        assert guard.refusal("POST", path, own) is None
        refused = guard.refusal("POST", path, foreign)
        assert refused is not None and refused[0] == 403 and "evil.example" in refused[1]
    assert guard.refusal("GET", "/", foreign) is None  # reading the page changes nothing
    assert guard.refusal("POST", "/gradio_api/queue/join", headers(host="10.0.0.5:7860")) is None
    proxied = headers(host="127.0.0.1:7860", origin="https://facts.example.org")
    assert guard.refusal("POST", "/gradio_api/queue/join", proxied) is None


def test_uploads_need_the_password_a_size_and_room(tmp_path: Path) -> None:
    tries: list[tuple[str, str]] = []

    def unlock(password: str, client: str) -> None:
        tries.append((password, client))
        if password != "s3cret":
            from assistant.web_input import UserError

            raise UserError("Wrong or missing admin password")

    folder = tmp_path / "gradio"
    folder.mkdir()
    tokens = Tokens(ttl=60, clock=lambda: now)
    now = 0.0
    guard = WebGuard(
        None,  # type: ignore[arg-type]
        loopback_only=False,
        unlock=unlock,
        request_limit=2 * MB,
        upload_dir=folder,
        quota=3 * MB,
        tokens=tokens,
    )
    up = "/gradio_api/upload"
    small = {"host": "h", "content_length": "1000"}
    refused = guard.refusal("POST", up, headers(**small))
    assert refused is not None and refused[0] == 403 and "admin password" in refused[1]
    token = tokens.issue()
    assert guard.refusal("POST", up, headers(**small, cookie=f"a=b; {COOKIE}={token}")) is None
    with_header = headers(**small, x_admin_password="wrong")
    assert guard.refusal("POST", up, with_header, "10.0.0.9") == (
        403,
        "Wrong or missing admin password",
    )
    assert tries == [("wrong", "10.0.0.9")]
    assert guard.refusal("POST", up, headers(**small, x_admin_password="s3cret")) is None
    cookie = f"{COOKIE}={token}"
    too_big = guard.refusal(
        "POST", up, headers(host="h", content_length=str(3 * MB), cookie=cookie)
    )
    assert too_big is not None and too_big[0] == 413 and "at most 2 MB" in too_big[1]
    unsized = guard.refusal("POST", up, headers(host="h", cookie=cookie))
    assert unsized is not None and unsized[0] == 411
    (folder / "held").write_bytes(b"x" * (2 * MB))
    full = guard.refusal("POST", up, headers(host="h", content_length=str(MB + 1), cookie=cookie))
    assert full is not None and full[0] == 507 and "2 MB of 3 MB" in full[1]
    now = 61.0  # the token has expired
    refused = guard.refusal("POST", up, headers(**small, cookie=cookie))
    assert refused is not None and refused[0] == 403


# -- through the real app, launched on a loopback port ------------------------------------


def _web(root: Path, password: str) -> WebApp:
    settings = Settings(data_dir=root / "data", embedding_backend="torch")
    embedder = FakeEmbedder()
    store = ChromaStore.from_settings(settings)
    indexer = Indexer(settings, embedder, store)
    indexer.add([SAMPLE])
    web = WebApp(
        settings,
        Assistant(settings, embedder, store, verifier=FakeVerifier()),
        indexer,
        admin_password=password,
    )
    web.warm_up()
    return web


@pytest.fixture(scope="module")
def loopback_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    ui = serve(
        _web(tmp_path_factory.mktemp("loopback"), ""),
        "",
        "127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        quiet=True,
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        ui.close()


@pytest.fixture(scope="module")
def password_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, WebApp]]:
    web = _web(tmp_path_factory.mktemp("password"), "s3cret")
    port = free_port()
    ui = serve(web, "", "127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}", web
    finally:
        ui.close()


def _check(base: str, data: list, **extra: str) -> httpx.Response:  # type: ignore[type-arg]
    return httpx.post(f"{base}/gradio_api/call/check", json={"data": data}, headers=extra)


def _result(base: str, posted: httpx.Response) -> str:
    event = posted.json()["event_id"]
    return httpx.get(f"{base}/gradio_api/call/check/{event}", timeout=60).text


QUESTION = "How many Cuban officers were killed?"


def test_a_foreign_host_or_origin_cannot_drive_the_loopback_app(loopback_app: str) -> None:
    base = loopback_app
    # DNS rebinding: evil.example resolves to 127.0.0.1, so its page sends Host: evil.example
    rebound = _check(base, [QUESTION, [], "", "", 8], Host="evil.example:7860")
    assert rebound.status_code == 421 and "localhost / 127.0.0.1 only" in rebound.text
    assert httpx.get(f"{base}/", headers={"Host": "evil.example"}).status_code == 421
    foreign = _check(base, [QUESTION, [], "", "", 8], Origin="http://evil.example")
    assert foreign.status_code == 403 and "evil.example" in foreign.text
    upload = httpx.post(
        f"{base}/gradio_api/upload",
        files={"files": ("a.md", b"text")},
        headers={"Origin": "http://evil.example"},
    )
    assert upload.status_code == 403
    # the page's own origin, and clients that send none (gradio_client, curl), are served
    own = _check(base, [QUESTION, [], "", "", 8], Origin=base)
    assert own.status_code == 200 and '"32' in _result(base, own)
    assert httpx.get(f"{base}/", headers={"Host": "localhost"}).status_code == 200
    assert httpx.post(f"{base}/gradio_api/upload", files={"files": ("a.md", b"x")}).is_success


def test_in_password_mode_uploads_need_the_password_first(
    password_app: tuple[str, WebApp],
) -> None:
    base, web = password_app
    web.gate = PasswordGate()  # no lock-out from the other tests' tries
    files = {"files": ("a.md", b"Some text.")}
    before = httpx.post(f"{base}/gradio_api/upload", files=files)
    assert before.status_code == 403 and "admin password" in before.text
    with httpx.Client(base_url=base) as browser:
        wrong = browser.post("/factcheck/unlock", content="guess")
        assert wrong.status_code == 403 and "Wrong" in wrong.text and COOKIE not in browser.cookies
        right = browser.post("/factcheck/unlock", content="s3cret")
        assert right.status_code == 200 and "Uploads are open for 60 min" in right.text
        assert re.search(r"HttpOnly", right.headers["set-cookie"], re.I)
        assert re.search(r"SameSite=strict", right.headers["set-cookie"], re.I)
        stored = browser.post("/gradio_api/upload", files=files)
        assert stored.status_code == 200 and stored.json()[0].endswith("a.md")
    # an API client can send the password with the upload instead
    direct = httpx.post(
        f"{base}/gradio_api/upload", files=files, headers={"X-Admin-Password": "s3cret"}
    )
    assert direct.status_code == 200
    # a password mode app is not loopback only: another Host is served, another Origin not
    assert _check(base, [QUESTION], Host="facts.example.org").status_code == 200
    foreign = _check(base, [QUESTION], Origin="http://evil.example")
    assert foreign.status_code == 403


@pytest.mark.integration
@pytest.mark.slow
def test_in_a_browser_the_password_opens_uploads(
    password_app: tuple[str, WebApp], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    from tests.test_browser import CHROMIUM

    base, web = password_app
    web.gate = PasswordGate()
    article = tmp_path / "cloves.md"
    article.write_text(
        "---\ntitle: Zanzibar cloves\nsource: Reuters\n---\n\nThe Zanzibar clove harvest doubled.\n"
    )
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(base)
        page.wait_for_function(
            "document.querySelector('#status')?.innerText.includes('Ready')", timeout=60_000
        )
        page.get_by_role("tab", name="Library").click()
        # before the password: the upload is refused, and the page says why
        page.locator("#upload input[type=file]").set_input_files(str(article))
        page.get_by_text("Uploads need the admin password").first.wait_for(timeout=10_000)
        # a wrong password says so; the right one, once the box is left, opens uploads
        box = page.locator("#admin-password input")
        box.fill("guess")
        box.press("Tab")
        page.locator("#unlock-note").get_by_text("Wrong").wait_for(timeout=10_000)
        box.fill("s3cret")
        box.press("Tab")
        page.locator("#unlock-note").get_by_text("Uploads are open").wait_for(timeout=10_000)
        page.locator("#upload input[type=file]").set_input_files(str(article))
        page.locator("#upload").get_by_text("cloves.md").first.wait_for(timeout=10_000)
        page.locator("#add-files").click()
        page.wait_for_function(
            "document.querySelector('#index-summary textarea')?.value.startsWith('added 1')",
            timeout=30_000,
        )
        assert "Zanzibar cloves" in page.locator("#library").inner_text()
        browser.close()


def _call(base: str, endpoint: str, body: str) -> str:
    """A raw API call (the body as JSON text: NaN and unpaired surrogates as clients send
    them), and its outcome as the event stream gives it."""
    posted = httpx.post(
        f"{base}/gradio_api/call/{endpoint}",
        content=body.encode(),
        headers={"content-type": "application/json"},
    )
    assert posted.status_code == 200, posted.text
    event = posted.json()["event_id"]
    return httpx.get(f"{base}/gradio_api/call/{endpoint}/{event}", timeout=60).text


BAD_CALLS = [  # (endpoint, the "data" list as JSON text, what the message must say)
    ("check", '["x", [], "", "", NaN]', "passages must be a whole number from 1 to 50, not nan"),
    ("check", '["\\ud800 x", [], "", "", 8]', "U+D800, an unpaired surrogate"),
    ("check", '["\\u0000\\u0000", [], "", "", 8]', "U+0000, a control character"),
    ("check", '[123, [], "", "", 8]', "the question must be text, not int 123"),
    ("check", '["x", "Associated Press", "", "", 8]', "sources must be a list of source names"),
    ("check", '["x", [], "2026-03-01", "2026-01-01", 8]', "is after the 'until' date"),
    ("check", '["x", [], "", "", "abc"]', "passages must be a whole number"),
    (
        "check",
        "[]",
        "the /check endpoint takes 5 values (question, sources, since, until, "
        "passages); it got 0: question cannot be left out",
    ),
    (
        "ask",
        '["x"]',
        "the /ask endpoint takes 6 values (message, history, sources, since, "
        "until, passages); it got 1: history, sources, since, until, passages cannot be left out",
    ),
    (
        "ask",
        '["x", "not a history", [], "", "", 8]',
        "history (value 2) must be a list of "
        "messages {'role': 'user' or 'assistant', 'content': text}",
    ),
    ("ask", '["x", [{"x": 1}], [], "", "", 8]', "history (value 2) must be a list of messages"),
    ("ask", '["x", [], [], "", "", "abc"]', "passages (value 6) must be a number from 1 to 50"),
]


def test_bad_api_calls_get_messages_and_one_log_line_each(
    loopback_app: str, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    import json

    caplog.set_level("INFO", logger="assistant")
    for endpoint, data, message in BAD_CALLS:
        outcome = _call(loopback_app, endpoint, f'{{"data": {data}}}')
        assert outcome.startswith("event: error"), (data, outcome)
        said = json.loads(outcome.split("data: ", 1)[1])["error"]
        assert said is not None and message in said, (data, said)
    # the optional values of /check may be left out, as gradio_client leaves them out
    answered = _call(loopback_app, "check", f'{{"data": ["{QUESTION}"]}}')
    assert answered.startswith("event: complete") and '"32' in answered
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == len(BAD_CALLS), [r.getMessage() for r in refused]
    assert all(r.levelname == "INFO" and not r.exc_info for r in refused)
    assert "Traceback" not in capfd.readouterr().err


def test_the_unlock_route_locks_out_after_five_wrong_passwords(
    password_app: tuple[str, WebApp],
) -> None:
    base, web = password_app
    now = [0.0]
    web.gate = PasswordGate(clock=lambda: now[0])
    for _ in range(4):
        assert httpx.post(f"{base}/factcheck/unlock", content="guess").status_code == 403
    fifth = httpx.post(f"{base}/factcheck/unlock", content="guess")
    assert fifth.status_code == 403 and "try again in 60 s" in fifth.text
    assert "try again in 60 s" in httpx.post(f"{base}/factcheck/unlock", content="s3cret").text
    now[0] += 61
    assert httpx.post(f"{base}/factcheck/unlock", content="s3cret").status_code == 200


def test_wrong_passwords_in_the_page_lock_out_the_address_they_come_from(
    password_app: tuple[str, WebApp],
) -> None:
    base, web = password_app
    web.gate = PasswordGate(clock=lambda: 0.0)
    said = [_call(base, "do_rebuild", '{"data": ["guess"]}') for _ in range(5)]
    assert all(s.startswith("event: error") for s in said)
    assert "Wrong or missing admin password" in said[0] and "try again in 60 s" in said[-1]
    assert list(web.gate._locked) == ["127.0.0.1"]  # the client's address, not one shared key


def test_a_bad_allowed_origin_stops_the_app_with_a_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import app

    monkeypatch.setenv("FACTCHECK_ALLOWED_ORIGINS", "https://ok.example.org facts.example.org")
    monkeypatch.setattr(app, "serve", lambda *a, **k: pytest.fail("launched"))
    with pytest.raises(SystemExit, match="'facts.example.org' is not an origin"):
        app.main()
