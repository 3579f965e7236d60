"""End to end through a real browser: Debian's Chromium driven by Playwright against `python
app.py` started on a free loopback port over the sample article, with the real models.

It asks a claim, sees the verdict badge and a citation, opens the source card, uploads a new
article, sees it indexed, asks about it, proves hostile article HTML runs nothing, calls the
documented API with gradio_client, and saves a screenshot in the test's output folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE, free_port

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
HOSTILE = """---
title: Harbour crane <script>window.__xss = 'title'</script>
source: Hostile Gazette
url: javascript:window.__xss='url'
published: 2026-02-02
---

The Valparaiso harbour crane <img src=x onerror="window.__xss='img'"> collapsed on Tuesday, port officials said.

<script>window.__xss = 'body'</script> A second crane was inspected.
"""


@pytest.fixture(scope="module")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    root = tmp_path_factory.mktemp("live")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")},
        "FACTCHECK_DATA_DIR": str(root / "data"),
        "GRADIO_SERVER_PORT": str(free_port()),
        "GRADIO_SERVER_NAME": "127.0.0.1",
    }
    articles = root / "articles"
    articles.mkdir()
    shutil.copy(SAMPLE, articles / SAMPLE.name)
    (articles / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    subprocess.run(
        [str(bin_dir / "factcheck"), "index", "add", str(articles)],
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    log = open(root / "app.log", "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=root,
    )
    url = f"http://127.0.0.1:{env['GRADIO_SERVER_PORT']}/"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"app.py exited: {(root / 'app.log').read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        pytest.fail("app.py did not start within 180 s")
    try:
        yield url, root
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def ask(page, text: str) -> None:  # type: ignore[no-untyped-def]
    before = page.locator("#chat .verdict-badge").count()
    page.locator("#question textarea").fill(text)
    page.locator("#send").click()
    page.wait_for_function(
        f"document.querySelectorAll('#chat .verdict-badge').length > {before}", timeout=120_000
    )


def test_chat_sources_upload_and_safety_in_a_browser(
    live_app: tuple[str, Path], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    url, root = live_app
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(url)
        page.wait_for_function(
            "document.querySelector('#status')?.innerText.includes('Ready')", timeout=180_000
        )

        # an example claim in the empty chat is asked when clicked
        page.get_by_text(
            "32 Cuban officers were killed in the US operation in Venezuela"
        ).first.click()
        page.wait_for_function(
            "document.querySelectorAll('#chat .verdict-badge').length > 0", timeout=120_000
        )
        badge = page.locator("#chat .verdict-badge").last.inner_text()
        assert badge.split(" ·")[0] in {"SUPPORTED", "REFUTED", "NOT ENOUGH INFO", "CONFLICTING"}
        # the reply is laid out where a person sees it (a class name Gradio also styles once
        # collapsed it to nothing while the text was still in the page)
        reply = page.locator("#chat .bot .message-content").last.bounding_box()
        assert reply is not None and reply["width"] > 200 and reply["height"] > 40, reply
        page.screenshot(path=str(tmp_path / "first-reply.png"), full_page=True)
        assert "Associated Press" in page.locator("#source-cards .source-group").first.inner_text()
        card = page.locator("#source-cards details.source-card").first
        highlighted = card.locator("mark")  # the top card is open by itself
        highlighted.wait_for(state="visible")
        sentence = highlighted.inner_text().strip()
        assert len(sentence) > 20 and sentence in SAMPLE.read_text(encoding="utf-8")
        page.screenshot(path=str(tmp_path / "chat.png"), full_page=True)
        # a citation mark in the reply opens its card
        link = page.locator("#chat a.cite").last
        card_id = (link.get_attribute("href") or "").lstrip("#")
        assert card_id.startswith("fc-card-"), card_id
        page.evaluate(f"document.getElementById('{card_id}').open = false")
        link.click()
        page.wait_for_function(f"document.getElementById('{card_id}').open", timeout=5_000)

        # a question, and a follow-up that needs the last turn
        ask(page, "How many days of mourning did Cuba announce?")
        assert "Two days" in page.locator("#chat .bot").last.inner_text()
        ask(page, "Who sent condolences to the families?")
        ask(page, "And who announced it?")
        assert "Cuba" in page.locator("#chat .bot").last.inner_text()

        # the person's own message is shown as typed: no HTML, no markdown, no typesetting
        ask(page, "Did <b>32</b> $$x^2$$ officers die?")
        mine = page.locator("#chat .user").last.inner_text()
        assert "<b>32</b>" in mine and "$$x^2$$" in mine, mine
        assert page.locator("#chat .katex").count() == 0
        box = page.locator("#chat .user").last.bounding_box()
        assert box is not None and box["height"] > 10, box

        # hostile article text is shown, never run
        ask(page, "Did the Valparaiso harbour crane collapse?")
        page.locator("#source-cards details.source-card").first.locator("summary").click()
        assert page.evaluate("window.__xss") is None
        assert "Hostile Gazette" in page.locator("#source-cards").inner_text()
        assert page.locator("#source-cards a[href^='javascript']").count() == 0

        # upload a new article, see it indexed, ask about it
        page.get_by_role("tab", name="Library").click()
        new_article = tmp_path / "upload.md"
        filler = "\n\n".join(
            f"Paragraph {i}: the ministry counted {i * 7} sacks of cloves at the port of Mkoani "
            f"in week {i}, against {i * 5} a year earlier, officials said on Monday."
            for i in range(400)
        )
        new_article.write_text(
            "---\ntitle: Zanzibar clove harvest doubles\nsource: Reuters\npublished: 2026-03-01\n---\n\n"
            "The Zanzibar clove harvest doubled this year, the island's trade ministry said on Monday."
            f"\n\n{filler}\n",
            encoding="utf-8",
        )
        page.locator("#upload input[type=file]").set_input_files(str(new_article))
        page.locator("#add-files").click()
        # the progress says what it is doing while it runs, before the end
        page.wait_for_function(
            "/(splitting|embedding)[^\\n]*(\\d+%|\\d+\\/\\d+)/.test(document.body.innerText)",
            timeout=60_000,
        )
        page.wait_for_function(
            "document.querySelector('#index-summary textarea')?.value.startsWith('added 1')",
            timeout=120_000,
        )
        assert "Zanzibar clove harvest doubles" in page.locator("#library").inner_text()
        page.get_by_role("tab", name="Check").click()
        ask(page, "The Zanzibar clove harvest doubled this year")
        assert "Zanzibar clove harvest doubles" in page.locator("#source-cards").inner_text()
        page.screenshot(path=str(tmp_path / "after-upload.png"), full_page=True)
        assert page.evaluate("window.__xss") is None

        # a claim with a filter on one source
        page.get_by_text("Filters").first.click()
        page.locator("#sources input").fill("associated")
        page.keyboard.press("Enter")
        page.keyboard.press("Escape")
        ask(page, "Cuba announced two days of mourning")
        assert "Associated Press" in page.locator("#source-cards").inner_text()
        assert "Reuters" not in page.locator("#source-cards").inner_text()

        # remove it from the library: click its row, then confirm
        page.get_by_role("tab", name="Library").click()
        page.locator("#library").get_by_text("Zanzibar clove harvest doubles").first.click()
        page.wait_for_function(
            "document.querySelector('#selected')?.innerText.includes('Zanzibar')", timeout=10_000
        )
        page.locator("#remove").click()
        page.locator("#confirm-question").get_by_text("Remove “Zanzibar").wait_for(timeout=10_000)
        page.locator("#confirm-remove").click()
        page.wait_for_function(
            "document.querySelector('#index-summary textarea')?.value.includes('removed 1')",
            timeout=60_000,
        )
        page.wait_for_function(
            "!document.querySelector('#library').innerText.includes('Zanzibar')", timeout=10_000
        )
        # every column of the table fits in the page, none cut off
        width = page.evaluate(
            "(() => { const t = document.querySelector('#library table');"
            " return [t.scrollWidth, t.parentElement.clientWidth]; })()"
        )
        assert width[0] <= width[1] + 2, width
        page.screenshot(path=str(tmp_path / "library.png"), full_page=True)
        browser.close()


def test_the_documented_api_call(live_app: tuple[str, Path]) -> None:
    from gradio_client import Client

    url, _ = live_app
    client = Client(url, verbose=False)
    result = client.predict(
        "How many days of mourning did Cuba announce?", [], "", "", 8, api_name="/check"
    )
    assert result["kind"] == "question" and result["answer"].startswith("Two days")
    assert result["citations"][0]["source"] == "Associated Press"
