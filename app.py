"""The web app: builds the Gradio UI on the assistant and launches it. Nothing runs at import.

python app.py        # http://127.0.0.1:7860 (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT)

The handlers are plain functions of ``assistant.web.WebApp`` (tested without a browser); this
file only wires them to components.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from typing import Any

import index  # noqa: F401  (offline environment defaults, before gradio is imported)
from assistant.web import EXAMPLES, MAX_UPLOAD_MB, UPLOAD_TYPES, UserError, WebApp, bind_address
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


def build_ui(web: WebApp, note: str = ""):  # -> gr.Blocks
    import gradio as gr

    def guard(fn: Callable[..., Any]) -> Callable[..., Any]:
        """Errors become a short gr.Error for the person; the signature is kept for Gradio."""

        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return fn(*args, **kwargs)
            except UserError as exc:  # the person's message; not a traceback in the log
                raise gr.Error(str(exc), print_exception=False) from None
            except Exception:
                log.exception("handler failed")
                raise gr.Error("Something went wrong; the details are in the server log.") from None

        return run

    with gr.Blocks(title="Fact-check assistant") as ui:
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
                        passages = gr.Slider(1, 20, value=8, step=1, label="Passages")
                    gr.Markdown("### Sources of the last reply")
                    cards = gr.HTML(elem_id="source-cards")
            inputs = [box, chat, sources, since, until, passages]
            send.click(guard(web.ask), inputs, [chat, cards, box])
            box.submit(guard(web.ask), inputs, [chat, cards, box])
            new.click(lambda: ([], "", ""), None, [chat, cards, box])

            def example(
                sources: Any, since: str, until: str, passages: float, event: gr.SelectData
            ) -> Any:
                """A click on an example asks it."""
                text = event.value.get("text", "") if isinstance(event.value, dict) else ""
                return web.ask(text, [], sources, since, until, passages)

            # the annotation as a class, not a string: Gradio finds the event argument by it
            example.__annotations__["event"] = gr.SelectData

            chat.example_select(
                guard(example), [sources, since, until, passages], [chat, cards, box]
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
                label="Admin password", type="password", visible=bool(web.admin_password)
            )
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
            with gr.Row(visible=False) as confirm_row:
                question = gr.Markdown(elem_id="confirm-question")
                confirm = gr.Button("Yes, remove it", variant="stop", elem_id="confirm-remove")
                cancel = gr.Button("Cancel", elem_id="cancel-remove")
            summary = gr.Textbox(
                label="Last run", lines=3, interactive=False, elem_id="index-summary"
            )

            def add_files(f: Any, p: str, progress: Any = gr.Progress()) -> Any:  # noqa: B008
                # the upload box is emptied once its files are indexed
                return *web.add_files(f, p, lambda x, d: progress(x, desc=d)), None

            def add_text(
                t: str,
                s: str,
                u: str,
                d: str,
                b: str,
                p: str,
                progress: Any = gr.Progress(),  # noqa: B008
            ) -> Any:
                done = web.add_text(t, s, u, d, b, p, lambda x, m: progress(x, desc=m))
                return *done, "", "", "", "", ""  # the form is emptied once the text is indexed

            def do_rebuild(p: str, progress: Any = gr.Progress()) -> Any:  # noqa: B008
                return web.rebuild(p, lambda x, m: progress(x, desc=m))

            refresh = {"fn": lambda: gr.update(choices=web.sources()), "outputs": sources}
            add.click(guard(add_files), [files, password], [summary, table, files]).then(**refresh)
            paste.click(
                guard(add_text),
                [title, source, url, published, text, password],
                [summary, table, title, source, url, published, text],
            ).then(**refresh)

            def pick(rows: Any, event: gr.SelectData) -> Any:
                return web.select_article(rows, event.index[0])

            pick.__annotations__["event"] = gr.SelectData  # a class, for Gradio to find it
            table.select(guard(pick), [table], [selected_id, selected])

            def ask_first(article_id: str) -> Any:
                return web.confirm_removal(article_id), gr.update(visible=True)

            def removed(article_id: str, p: str) -> Any:
                summary_text, rows = web.remove(article_id, p)
                return summary_text, rows, gr.update(visible=False), "", "Removed."

            remove.click(guard(ask_first), [selected_id], [question, confirm_row])
            cancel.click(lambda: gr.update(visible=False), None, confirm_row)
            confirm.click(
                guard(removed),
                [selected_id, password],
                [summary, table, confirm_row, selected_id, selected],
            ).then(**refresh)
            rebuild.click(guard(do_rebuild), [password], [summary, table]).then(**refresh)
            find.change(guard(web.library_rows), find, table)
        gr.api(guard(web.check_api), api_name="check")
        ui.load(guard(web.library_rows), None, table)
        ui.load(lambda: gr.update(choices=web.sources()), None, sources)
    return ui


def main() -> None:
    settings = Settings()
    web = WebApp(settings)
    threading.Thread(target=web.warm_up, name="warm-up", daemon=True).start()
    host, note = bind_address(web.admin_password)
    log.warning(note)
    build_ui(web, note).queue().launch(
        server_name=host, max_file_size=f"{MAX_UPLOAD_MB}mb", head=OPEN_CITED_CARD
    )


if __name__ == "__main__":
    main()
