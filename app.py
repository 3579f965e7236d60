"""The web app: builds the Gradio UI on the assistant and launches it. Nothing runs at import.

python app.py        # http://127.0.0.1:7860 (GRADIO_SERVER_NAME / GRADIO_SERVER_PORT)
"""

from __future__ import annotations

import html

import index  # noqa: F401  (offline environment defaults, before gradio is imported)
from assistant.service import Assistant, build_assistant
from index.errors import FactCheckError
from index.settings import Settings


def library_rows(assistant: Assistant) -> list[list[str]]:
    return [
        [e.title, e.source, e.published, str(e.passages), e.indexed_at] for e in assistant.library()
    ]


def search_html(assistant: Assistant, query: str, k: float) -> str:
    """Search results as escaped HTML cards (article text is untrusted)."""
    import gradio as gr

    try:
        hits = assistant.search(query, int(k))
    except FactCheckError as exc:
        raise gr.Error(str(exc)) from None
    if not hits:
        return "<p>No passages found.</p>"
    cards = []
    for n, hit in enumerate(hits, 1):
        m = hit.metadata
        cards.append(
            f"<div class='passage'><b>[{n}] {html.escape(str(m.get('title', '')))}</b><br>"
            f"<small>{html.escape(str(m.get('source', '')))} · "
            f"{html.escape(str(m.get('published', '')))} · paragraph {m.get('paragraph')} · "
            f"similarity {hit.score:.2f}</small><p>{html.escape(hit.text)}</p></div>"
        )
    return "\n".join(cards)


def build_ui(assistant: Assistant):  # -> gr.Blocks
    import gradio as gr

    with gr.Blocks(title="Fact-check assistant") as ui:
        gr.Markdown("# Fact-check assistant\nSearch your article archive by meaning.")
        with gr.Tab("Search"):
            query = gr.Textbox(
                label="Claim or question", placeholder="How many Cuban officers died?"
            )
            k = gr.Slider(1, 20, value=5, step=1, label="Passages")
            results = gr.HTML()
            gr.Button("Search", variant="primary").click(
                lambda q, n: search_html(assistant, q, n), [query, k], results
            )
            query.submit(lambda q, n: search_html(assistant, q, n), [query, k], results)
        with gr.Tab("Library"):
            table = gr.Dataframe(
                headers=["title", "source", "published", "passages", "indexed at"],
                value=lambda: library_rows(assistant),
                interactive=False,
            )
            gr.Button("Refresh").click(lambda: library_rows(assistant), None, table)
    return ui


def main() -> None:
    assistant = build_assistant(Settings())
    assistant.warm_up()
    build_ui(assistant).launch()


if __name__ == "__main__":
    main()
