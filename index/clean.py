"""Text cleaning: Unicode-normalised paragraphs, page furniture dropped, story text kept whole.

Output: paragraphs joined by exactly one blank line ("\\n\\n"), no empty paragraphs, no control
characters. Curly quotes, accents and dashes are kept.
"""

from __future__ import annotations

import re
import unicodedata

# Whole short paragraphs that are page furniture, not story. Matched case-insensitively against
# the paragraph with surrounding punctuation removed; a story paragraph that merely mentions a
# word is never dropped (FURNITURE_MAX_CHARS, full match).
FURNITURE = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"advertisement(?: ?[-–—:]? ?(?:scroll|story) (?:to|continues).*)?",
        r"skip to (?:main )?content",
        r"share(?: this (?:article|story))?(?: on \w+)?",
        r"read more",
        r"continue reading.*",
        r"subscribe(?: now)?",
        r"sign up for (?:our|the) newsletter.*",
        r"this is read by an automated voice\b.*",
        r"listen to (?:this|the) (?:article|story).*",
        r"(?:image|photo) credit:?.*",
    )
)
FURNITURE_MAX_CHARS = 120

# line and paragraph breaks Python (and so the splitter) reads as such, made plain ones: left in,
# they joined two passages across a gap the store's text reconstruction did not know
_BREAKS = str.maketrans(
    {**{c: "\n" for c in "\u2028\u0085\x0b\x0c\x1c\x1d\x1e\x1f"}, "\u2029": "\n\n"}
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f\u200b-\u200d\u2060\ufeff\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK = re.compile(r"\n\s*\n")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")


def is_furniture(paragraph: str) -> bool:
    if len(paragraph) > FURNITURE_MAX_CHARS:
        return False
    core = _EDGE_PUNCT.sub("", paragraph.strip())
    return any(p.fullmatch(core) for p in FURNITURE)


def clean_text(raw: str) -> str:
    """Normalise ``raw`` into clean paragraphs (see the module docstring)."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text.translate(_BREAKS))
    paragraphs = []
    for block in _BLANK.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        paragraph = " ".join(line for line in lines if line)
        if paragraph and not is_furniture(paragraph):
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def strip_markdown(text: str) -> tuple[str, str | None]:
    """Drop heading markers; return the text and its first level-1 heading, if any."""
    title = None
    lines = []
    for line in text.split("\n"):
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if match:
            if title is None and match.group(1) == "#":
                title = match.group(2)
            line = match.group(2)
            lines.extend(["", line, ""])  # a heading is its own paragraph
        else:
            lines.append(line)
    return "\n".join(lines), title


def fallback_title(stem: str) -> str:
    """A title from a file name: "ap-cuban-officers" -> "Ap cuban officers"."""
    words = re.sub(r"[-_.]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Untitled"
