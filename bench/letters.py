"""Time to render letters and reports: ``python bench/letters.py``.

Loads the demo data (built through the real actions, so its letters are drafted by the real
steps) into a throwaway SQLite database, then times, each after two warm-up renders, the median
of ``--repeat`` renders of:

1. a two-page letter (the demo's adjudication letter, its text lengthened with the case's own
   points until it fills two pages; the page count is checked) as PDF and as Word;
2. an Investigating Officer's report of ten points: the demo's draft report's data with its
   points repeated to ten, filled in the sandbox from the shipped template, as PDF and Word.

The first render of each is also shown (fonts and styles loading). Targets: the letter as PDF
under 1 s and as Word under 0.3 s. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

TARGETS = {"letter as PDF": 1.0, "letter as Word": 0.3}


def timed(render: Callable[[], bytes], repeat: int) -> tuple[float, float, bytes]:
    """(first, median of ``repeat`` after two warm-ups) seconds, and the last output."""
    began = time.perf_counter()
    out = render()
    first = time.perf_counter() - began
    render()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        out = render()
        times.append(time.perf_counter() - began)
    return first, statistics.median(times), out


def setup(data_dir: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "heard.settings",
            "HEARD_DATA_DIR": data_dir,
            "HEARD_DEBUG": "true",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("load_demo_data", stdout=io.StringIO())


def two_page_letter() -> Any:
    """The first demo letter that prints on exactly two pages (in the order drafted), or the
    acknowledgement lengthened with the case's points until it does."""
    from pypdf import PdfReader

    from heard.documents.catalogue import LETTERS
    from heard.documents.formats import Page, to_pdf
    from heard.documents.models import Document
    from heard.documents.sending import page_for

    def pages(page: Page) -> int:
        return len(PdfReader(io.BytesIO(to_pdf(page))).pages)

    letters = [key for key, letter in LETTERS.items() if letter.kind == "letter"]
    for document in Document.objects.filter(key__in=letters).order_by("id")[:200]:
        page = page_for(document)
        if pages(page) == 2:
            return document.key, page
    document = Document.objects.filter(key="acknowledgement").order_by("id").first()
    assert document is not None, "the demo data drafted no letter"
    page = page_for(document)
    extra: list[str] = []
    while True:
        longer = Page(**{**page.__dict__, "body": page.body + "\n\n" + "\n\n".join(extra)})
        if pages(longer) >= 2:
            return document.key + " (lengthened)", longer
        extra.append(document.body)


def ten_point_report() -> Any:
    from heard.documents.catalogue import LETTERS
    from heard.documents.formats import Page
    from heard.documents.models import Document
    from heard.documents.sandbox import render
    from heard.documents.sending import page_for

    document = Document.objects.filter(key="io_report").order_by("id").first()
    if document is None:
        return None
    data = deepcopy(document.data)
    points = data["points"]
    data["points"] = [{**deepcopy(points[i % len(points)]), "number": i + 1} for i in range(10)]
    body = render(LETTERS["io_report"].shipped_body, data)
    return Page(**{**page_for(document).__dict__, "body": body})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    with tempfile.TemporaryDirectory() as data_dir:
        began = time.perf_counter()
        setup(data_dir)
        print(f"demo data loaded in {time.perf_counter() - began:.1f} s", flush=True)
        from pypdf import PdfReader

        from heard.documents.formats import to_docx, to_pdf

        rows = []
        key, letter = two_page_letter()
        first, median, pdf = timed(lambda: to_pdf(letter), args.repeat)
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        rows.append(("letter as PDF", f"{key}, {pages} pages", first, median))
        first, median, _ = timed(lambda: to_docx(letter), args.repeat)
        rows.append(("letter as Word", f"{key}, same text", first, median))
        report = ten_point_report()
        if report is not None:
            first, median, pdf = timed(lambda: to_pdf(report), args.repeat)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            rows.append(("IO report as PDF", f"10 points, {pages} pages", first, median))
            first, median, _ = timed(lambda: to_docx(report), args.repeat)
            rows.append(("IO report as Word", "10 points", first, median))
    print(f"\n{'what':<20}{'document':<34}{'first':>9}{'median':>9}  target  result")
    failed = False
    for what, detail, first, median in rows:
        target = TARGETS.get(what)
        ok = target is None or median < target
        failed |= not ok
        shown = f"< {target:.1f} s" if target else "-"
        result = ("OK" if ok else "MISSED") if target else "-"
        print(f"{what:<20}{detail:<34}{first:>8.3f}s{median:>8.3f}s  {shown:<7} {result}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
