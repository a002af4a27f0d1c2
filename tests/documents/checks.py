"""Reading back the files Heard writes, for real: the PDF's text, tags, language and title
(pypdf), and the Word document's paragraphs and headings (python-docx)."""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document as WordDocument
from pypdf import PdfReader


def _structure_types(node: Any, found: list[str]) -> None:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        kind = node.get("/S")
        if kind is not None:
            found.append(str(kind).lstrip("/"))
        kids = node.get("/K")
        if kids is not None:
            _structure_types(kids, found)
    elif isinstance(node, list):
        for kid in node:
            _structure_types(kid, found)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def read_pdf(content: bytes) -> dict[str, Any]:
    """What a reader of the PDF gets: its text (whitespace made single spaces), the structure
    tags used, the document language, title and whether it shows the title."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    tags: list[str] = []
    if "/StructTreeRoot" in root:
        _structure_types(root["/StructTreeRoot"], tags)
    preferences = root.get("/ViewerPreferences") or {}
    return {
        "text": _flat(" ".join(page.extract_text() or "" for page in reader.pages)),
        "pages": len(reader.pages),
        "tags": tags,
        "language": str(root.get("/Lang", "")),
        "title": reader.metadata.title if reader.metadata else None,
        "marked": bool((root.get("/MarkInfo") or {}).get("/Marked")),
        "shows_title": bool(preferences.get("/DisplayDocTitle")),
    }


def assert_accessible_pdf(content: bytes, *, title: str, says: list[str]) -> dict[str, Any]:
    """The PDF is tagged, in British English, titled ``title`` (shown as its title), has its
    title as a level-1 heading, and says each of ``says``."""
    pdf = read_pdf(content)
    assert pdf["marked"] and pdf["tags"], "the PDF is not tagged"
    assert pdf["language"] == "en-GB"
    assert pdf["title"] == title
    assert pdf["shows_title"]
    assert "H1" in pdf["tags"]
    for words in says:
        assert _flat(words) in pdf["text"], f"the PDF does not say {words!r}"
    return pdf


def read_docx(content: bytes) -> dict[str, Any]:
    """The Word document's paragraphs, its headings by level, its title and language."""
    word = WordDocument(io.BytesIO(content))
    headings: list[tuple[int, str]] = []
    for paragraph in word.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith("Heading "):
            headings.append((int(style.split()[1]), paragraph.text))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return {
        "paragraphs": [p.text for p in word.paragraphs],
        "text": _flat(" ".join([*(p.text for p in word.paragraphs), *cells])),
        "headings": headings,
        "title": word.core_properties.title,
        "language": word.core_properties.language,
    }


def assert_word(content: bytes, *, title: str, says: list[str]) -> dict[str, Any]:
    """The Word document is titled ``title``, has it as its level-1 heading, is in British
    English, and says each of ``says``."""
    doc = read_docx(content)
    assert doc["title"] == title
    assert doc["language"] == "en-GB"
    assert (1, title) in doc["headings"]
    for words in says:
        assert _flat(words) in doc["text"], f"the Word document does not say {words!r}"
    return doc
