"""A document's text as HTML, as a tagged PDF (WeasyPrint) and as a Word document (python-docx).

One path for every letter and report: the Markdown text becomes HTML (raw HTML typed into it
stays text), the HTML goes into the letter's frame (the council's name and address, the
recipient, the date, the reference) and that page is printed to PDF/UA, so the PDF is tagged,
with its language and title set and each heading a heading. The Word document is built from
the same HTML, element by element, with Word's own heading and list styles, so a screen reader
or the navigation pane finds the same structure in both.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from lxml import html as lxml_html  # type: ignore[import-untyped]
from markdown_it import MarkdownIt

# "breaks": a new line in the text is a new line on the page, as people typing a letter expect.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table")


def markdown_to_html(text: str) -> str:
    """The HTML of ``text`` (Markdown). Raw HTML is escaped, so typed text cannot add markup."""
    return _MARKDOWN.render(text)


@dataclass(frozen=True)
class Page:
    """Everything the frame of a letter or report shows around its text."""

    title: str
    body: str  # Markdown
    kind: str = "letter"  # "letter" or "report"
    recipient: str = ""
    address: str = ""
    dated: str = ""  # the date printed on it, as words
    reference: str = ""
    copies: tuple[str, ...] = ()
    large_print: bool = False
    draft: bool = False
    council: dict[str, Any] = field(default_factory=dict)

    @property
    def body_html(self) -> str:
        return markdown_to_html(self.body)


def council() -> dict[str, Any]:
    """The council's name and address, from settings (``HEARD_COUNCIL_*``)."""
    return {
        "name": settings.COUNCIL_NAME,
        "address": settings.COUNCIL_ADDRESS,
        "service": settings.COUNCIL_COMPLAINTS_SERVICE,
        "email": settings.FEEDBACK_EMAIL,
        "phone": settings.COUNCIL_COMPLAINTS_PHONE,
    }


def page_html(page: Page) -> str:
    """The whole page, as the PDF prints it and the browser previews it."""
    return render_to_string(
        "documents/page.html",
        {"page": page, "council": page.council or council(), "body_html": page.body_html},
    )


def to_pdf(page: Page) -> bytes:
    """A PDF/UA-1 file: tagged, with the document's language (en-GB) and title set."""
    from weasyprint import HTML

    return bytes(
        HTML(string=page_html(page), base_url=None).write_pdf(
            pdf_variant="pdf/ua-1", uncompressed_pdf=False
        )
    )


def to_docx(page: Page) -> bytes:
    """An editable Word document with the same text and headings as the PDF."""
    from docx import Document as WordDocument
    from docx.shared import Pt

    word = WordDocument()
    size = Pt(16 if page.large_print else 12)
    for style_name in ("Normal", "List Bullet", "List Number"):
        style = word.styles[style_name]
        style.font.name = "Arial"
        style.font.size = size
    core = word.core_properties
    core.title = page.title
    core.language = "en-GB"
    core.author = (page.council or council())["name"]
    frame = page.council or council()
    if page.draft:
        word.add_paragraph().add_run("DRAFT: not yet sent").bold = True
    _lines(word, [frame["name"], *frame["address"].splitlines()])
    if page.kind == "letter":
        if page.recipient or page.address:
            _lines(word, [page.recipient, *page.address.splitlines()])
        if page.dated:
            word.add_paragraph(page.dated)
        if page.reference:
            word.add_paragraph(f"Our reference: {page.reference}")
    word.add_heading(page.title, level=1)
    _blocks(word, lxml_html.fragment_fromstring(page.body_html, create_parent="div"))
    if page.copies:
        word.add_paragraph("Copy to: " + "; ".join(page.copies))
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _lines(word: Any, lines: list[str]) -> None:
    """An address: one paragraph, a line break between its lines."""
    paragraph = word.add_paragraph()
    for index, line in enumerate(line for line in lines if line.strip()):
        run = paragraph.add_run(line.strip())
        if index:
            run._r.addprevious(_break())


def _break() -> Any:
    from docx.oxml import OxmlElement

    return OxmlElement("w:br")


_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}


def _blocks(word: Any, parent: Any) -> None:
    """Each block element of ``parent`` as Word paragraphs, headings, lists and tables."""
    for element in parent:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HEADINGS:
            # The page's own title is level 1; the text's headings sit below it, as in the PDF.
            word.add_heading(element.text_content().strip(), level=max(_HEADINGS[tag], 2))
        elif tag == "p":
            _inline(word.add_paragraph(), element)
        elif tag in ("ul", "ol"):
            style = "List Bullet" if tag == "ul" else "List Number"
            for item in element.iter("li"):
                paragraph = word.add_paragraph(style=style)
                inner = item.find("p")
                _inline(paragraph, inner if inner is not None else item, lists=False)
        elif tag == "blockquote":
            for inner in element:
                _inline(word.add_paragraph(style="Quote"), inner)
        elif tag == "table":
            _table(word, element)
        elif tag == "hr":
            word.add_paragraph("")
        elif tag == "pre":
            word.add_paragraph(element.text_content())
        elif tag:
            _blocks(word, element)


def _inline(
    paragraph: Any, element: Any, *, bold: bool = False, italic: bool = False, lists: bool = True
) -> None:
    """The text of ``element`` as runs, bold and italic where the HTML says so."""
    if element.text:
        _run(paragraph, element.text, bold, italic)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in ("ul", "ol") and not lists:
            pass
        elif tag == "br":
            paragraph.add_run().add_break()
        else:
            _inline(
                paragraph,
                child,
                bold=bold or tag == "strong",
                italic=italic or tag == "em",
                lists=lists,
            )
        if child.tail:
            _run(paragraph, child.tail, bold, italic)


def _run(paragraph: Any, text: str, bold: bool, italic: bool) -> None:
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None


def _table(word: Any, element: Any) -> None:
    rows = list(element.iter("tr"))
    if not rows:
        return
    columns = max(len(row.findall("th")) + len(row.findall("td")) for row in rows)
    table = word.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    for row in rows:
        cells = table.add_row().cells
        for index, cell in enumerate([*row.findall("th"), *row.findall("td")]):
            cells[index].text = cell.text_content().strip()
            if cell.tag == "th":
                for run in cells[index].paragraphs[0].runs:
                    run.bold = True
