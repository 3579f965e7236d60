"""The web app: builds the Gradio UI on the assistant and launches it. Nothing runs at import.

python app.py        # http://127.0.0.1:7860 (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT)

The handlers are plain functions of ``assistant.web.WebApp`` (tested without a browser); this
file only wires them to components.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from typing import Any

import index  # noqa: F401  (offline environment defaults, before gradio is imported)
from assistant.retrieval import DEFAULT_PASSAGES, MAX_PASSAGES
from assistant.web import EXAMPLES, MAX_UPLOAD_MB, UPLOAD_TYPES, WebApp, bind_address
from index.settings import Settings

log = logging.getLogger(__name__)

# a click on a citation mark [n] in a reply opens source card n and scrolls to it
OPEN_CITED_CARD = """<script>
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a.cite");
  if (!link) return;
  const card = document.getElementById((link.getAttribute("href") || "").slice(1));
  if (!card) return;
  event.preventDefault();
  card.open = true;
  card.scrollIntoView({behavior: "smooth", block: "center"});
});
</script>"""


# the admin password, once typed, lets this browser upload files (the upload route needs it)
UNLOCK_UPLOADS = """async (password) => {
  if (!password) return "";
  const answer = await fetch("factcheck/unlock", {method: "POST", body: password});
  return await answer.text();
}"""
# checks run side by side. bench/load.py, 32 users on this 2-core machine (shared, so runs
# swing): 1 at a time 3.0 req/s, 2: 3.8-4.4, 4: 4.5-4.7 (within the swing); one check alone
# takes 0.3 s. While an upload is indexed, a lone user's check takes 0.5-0.7 s.
CHECKS_AT_ONCE = 2
UPLOAD_CACHE = (3600, 3600)  # Gradio deletes uploads older than an hour, every hour
UPLOAD_REQUEST_MB = 100  # one upload request (several files) at most
UPLOAD_QUOTA_MB = 500  # Gradio's upload folder at most


def client_of(request: Any) -> str:
    """Who sent an event (an IP address), for the admin password's lock-out."""
    return str(getattr(getattr(request, "client", None), "host", "") or "")


def build_ui(web: WebApp, note: str = "", checks_at_once: int = CHECKS_AT_ONCE):  # -> gr.Blocks
    import gradio as gr

    from assistant.web_gradio import Blocks, guard

    def special(fn: Any, **kinds: Any) -> Any:
        """Gradio finds its own arguments (the request, an event) by their annotation as a
        class, not a string; gradio is imported here, so the classes are set here."""
        fn.__annotations__.update(kinds)
        return fn

    checks = {"concurrency_id": "check", "concurrency_limit": checks_at_once}
    indexing = {"concurrency_id": "index", "concurrency_limit": 1}  # one change at a time
    with Blocks(title="Fact-check assistant", delete_cache=UPLOAD_CACHE) as ui:
        gr.Markdown(
            "# Fact-check assistant\nCheck claims and ask questions against your own articles."
        )
        status = gr.Markdown(web.status(), elem_id="status")
        gr.Timer(1.0).tick(web.status, None, status)
        with gr.Tab("Check"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(
                        label="Conversation",
                        height=460,
                        elem_id="chat",
                        latex_delimiters=[],  # quotes are verbatim: "$$…$$" is not typeset
                        buttons=["copy"],
                        examples=[{"text": e} for e in EXAMPLES],
                    )
                    box = gr.Textbox(
                        label="Claim or question", placeholder=EXAMPLES[0], elem_id="question"
                    )
                    with gr.Row():
                        send = gr.Button("Check", variant="primary", elem_id="send")
                        new = gr.Button("New conversation", elem_id="new-conversation")
                with gr.Column(scale=2):
                    with gr.Accordion("Filters", open=False):
                        sources = gr.Dropdown(
                            [], multiselect=True, label="Sources", elem_id="sources"
                        )
                        since = gr.Textbox(label="Published since (YYYY-MM-DD)")
                        until = gr.Textbox(label="Published until (YYYY-MM-DD)")
                        passages = gr.Slider(
                            1, MAX_PASSAGES, value=DEFAULT_PASSAGES, step=1, label="Passages"
                        )
                    gr.Markdown("### Sources of the last reply")
                    cards = gr.HTML(elem_id="source-cards")
            inputs = [box, chat, sources, since, until, passages]
            send.click(guard(web.ask), inputs, [chat, cards, box], **checks)
            box.submit(guard(web.ask), inputs, [chat, cards, box], **checks)
            new.click(lambda: ([], "", ""), None, [chat, cards, box])

            def example(
                sources: Any, since: str, until: str, passages: float, event: gr.SelectData
            ) -> Any:
                """A click on an example asks it."""
                text = event.value.get("text", "") if isinstance(event.value, dict) else ""
                return web.ask(text, [], sources, since, until, passages)

            chat.example_select(
                guard(special(example, event=gr.SelectData)),
                [sources, since, until, passages],
                [chat, cards, box],
                **checks,
            )
        with gr.Tab("Library"):
            if note:
                gr.Markdown(note)
            find = gr.Textbox(label="Search titles", elem_id="title-search")
            table = gr.Dataframe(
                headers=["title", "source", "published", "passages", "indexed at", "id"],
                interactive=False,
                wrap=True,
                column_widths=["38%", "14%", "11%", "8%", "15%", "14%"],
                elem_id="library",
            )
            password = gr.Textbox(
                label="Admin password",
                info="Type it before choosing files: uploads need it too.",
                type="password",
                visible=bool(web.admin_password),
                elem_id="admin-password",
            )
            unlocked = gr.Markdown(visible=bool(web.admin_password), elem_id="unlock-note")
            for event in (password.blur, password.submit):
                event(None, password, unlocked, js=UNLOCK_UPLOADS)
            with gr.Row():
                with gr.Column():
                    files = gr.File(
                        label="Add files",
                        file_count="multiple",
                        file_types=UPLOAD_TYPES,
                        elem_id="upload",
                    )
                    add = gr.Button("Index the files", elem_id="add-files")
                with gr.Column():
                    title = gr.Textbox(label="Title")
                    with gr.Row():
                        source = gr.Textbox(label="Source")
                        published = gr.Textbox(label="Published (YYYY-MM-DD)")
                    url = gr.Textbox(label="URL")
                    text = gr.Textbox(label="Text", lines=6)
                    paste = gr.Button("Index the text")
            selected_id = gr.State("")
            with gr.Row():
                selected = gr.Markdown("Click an article's row to select it.", elem_id="selected")
                remove = gr.Button("Remove…", elem_id="remove")
                rebuild = gr.Button("Rebuild the index")
                stop = gr.Button("Stop indexing", elem_id="stop-indexing")
            with gr.Row(visible=False) as confirm_row:
                question = gr.Markdown(elem_id="confirm-question")
                confirm = gr.Button("Yes, remove it", variant="stop", elem_id="confirm-remove")
                cancel = gr.Button("Cancel", elem_id="cancel-remove")
            summary = gr.Textbox(
                label="Last run", lines=3, interactive=False, elem_id="index-summary"
            )

            # the parameters' names are the values' names in messages about them
            def add_files(
                files: Any,
                password: str,
                request: Any,
                progress: Any = gr.Progress(),  # noqa: B008
            ) -> Any:
                report = lambda x, m: progress(x, desc=m)  # noqa: E731
                done = web.add_files(files, password, report, client_of(request))
                return *done, None  # the upload box is emptied once its files are indexed

            def add_text(
                title: str,
                source: str,
                url: str,
                published: str,
                text: str,
                password: str,
                request: Any,
                progress: Any = gr.Progress(),  # noqa: B008
            ) -> Any:
                report = lambda x, m: progress(x, desc=m)  # noqa: E731
                done = web.add_text(
                    title, source, url, published, text, password, report, client_of(request)
                )
                return *done, "", "", "", "", ""  # the form is emptied once the text is indexed

            def do_rebuild(
                password: str,
                request: Any,
                progress: Any = gr.Progress(),  # noqa: B008
            ) -> Any:
                report = lambda x, m: progress(x, desc=m)  # noqa: E731
                return web.rebuild(password, report, client_of(request))

            def source_choices() -> Any:
                return gr.update(choices=web.sources())

            refresh = {"fn": guard(source_choices), "outputs": sources}
            add.click(
                guard(special(add_files, request=gr.Request)),
                [files, password],
                [summary, table, files],
                **indexing,
            ).then(**refresh)
            paste.click(
                guard(special(add_text, request=gr.Request)),
                [title, source, url, published, text, password],
                [summary, table, title, source, url, published, text],
                **indexing,
            ).then(**refresh)

            def pick(rows: Any, event: Any) -> Any:
                return web.select_article(rows, event.index[0])

            table.select(
                guard(special(pick, event=gr.SelectData)), [table], [selected_id, selected]
            )

            def ask_first(article_id: str) -> Any:
                return web.confirm_removal(article_id), gr.update(visible=True)

            def removed(article_id: str, password: str, request: Any) -> Any:
                summary_text, rows = web.remove(article_id, password, client_of(request))
                return summary_text, rows, gr.update(visible=False), "", "Removed."

            remove.click(guard(ask_first), [selected_id], [question, confirm_row])
            cancel.click(lambda: gr.update(visible=False), None, confirm_row)
            confirm.click(
                guard(special(removed, request=gr.Request)),
                [selected_id, password],
                [summary, table, confirm_row, selected_id, selected],
                **indexing,
            ).then(**refresh)
            rebuild.click(
                guard(special(do_rebuild, request=gr.Request)),
                [password],
                [summary, table],
                **indexing,
            ).then(**refresh)

            def stop_indexing(password: str, request: Any) -> Any:
                return web.stop_indexing(password, client_of(request))

            # not in the indexing group, which the run to be stopped holds
            stop.click(
                guard(special(stop_indexing, request=gr.Request)),
                [password],
                [summary],
                concurrency_limit=None,
            )
            find.change(guard(web.library_rows), find, table)
        gr.api(guard(web.check_api), api_name="check", **checks)
        ui.load(guard(web.library_rows), None, table)
        ui.load(guard(source_choices), None, sources)
    return ui


def guarded_app(web: WebApp, loopback_only: bool) -> dict[str, Any]:
    """Gradio's app_kwargs: the HTTP guards (assistant.web_guard) as a middleware."""
    from gradio.utils import get_upload_folder
    from starlette.middleware import Middleware

    from assistant.web_guard import WebGuard, parse_origins

    mb = 1024 * 1024
    guard = Middleware(
        WebGuard,
        loopback_only=loopback_only,
        allowed_origins=parse_origins(os.environ.get("FACTCHECK_ALLOWED_ORIGINS", "")),
        unlock=web.unlock if web.admin_password else None,
        request_limit=UPLOAD_REQUEST_MB * mb,
        upload_dir=get_upload_folder(),
        quota=UPLOAD_QUOTA_MB * mb,
    )
    return {"middleware": [guard]}


def serve(
    web: WebApp, note: str, host: str, checks_at_once: int = CHECKS_AT_ONCE, **launch: Any
):  # -> gr.Blocks
    """Build the UI and launch it behind the guards; ``launch``: more of Gradio's launch
    arguments (a port; ``prevent_thread_lock`` to return at once, as the tests do)."""
    ui = build_ui(web, note, checks_at_once).queue()
    ui.launch(
        server_name=host,
        max_file_size=f"{MAX_UPLOAD_MB}mb",
        head=OPEN_CITED_CARD,
        app_kwargs=guarded_app(web, loopback_only=not web.admin_password),
        ssr_mode=False,  # the page is served by this process, behind the guards
        **launch,
    )
    return ui


def main() -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("assistant").setLevel(logging.INFO)  # a refused request: one line
    settings = Settings()
    web = WebApp(settings)
    host, note = bind_address(web.admin_password)
    try:
        guarded_app(web, loopback_only=not web.admin_password)  # a bad setting stops here
    except ValueError as exc:
        sys.exit(str(exc))
    threading.Thread(target=web.warm_up, name="warm-up", daemon=True).start()
    log.warning(note)
    serve(web, note, host)


if __name__ == "__main__":
    main()
