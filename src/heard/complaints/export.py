"""The case list as a file: CSV or Excel (.xlsx), with the page's filters, sort and access.

The view hands over the queryset it built for the page (``complaints_visible_to`` or
``own_cases``, then ``filter_cases``), so a file holds exactly the cases the list would show,
in the same order, across all its pages. Both formats are written a batch at a time so a
council's 100,000 cases never sit in memory at once: the ordered ids are read first (one
query), then each batch of ``BATCH`` cases with its people (a fixed few queries per batch).

Each batch is recorded in the access log (one ``AccessRecord`` per case, as for reading a
case page) as it is written: a file is a copy of case details leaving Heard, and "who has
had this complaint's details?" must have one complete answer (decision 028).

A cell that a spreadsheet would read as a formula (starting ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return) is written with a leading apostrophe, so a complainant's name such as
``=HYPERLINK(...)`` is shown as text, never run (CSV or formula injection).
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import IO, Any

from django.db.models import Prefetch, QuerySet

from heard.audit.models import AccessRecord
from heard.complaints.listing import working_days_left
from heard.complaints.models import Appointment, Complaint
from heard.timescales.calendar import Calendar
from heard.timescales.snapshot import current_calendar

BATCH = 1000

HEADINGS = (
    "Reference",
    "Received",
    "Complainants",
    "Children",
    "Stage",
    "Status",
    "Next deadline",
    "What is due",
    "Working days left",
    "Handler",
    "Appointed now",
    "Team",
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value: Any) -> Any:
    """A value as a spreadsheet should show it: text that would start a formula gets a
    leading apostrophe; numbers and dates are left as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def _batch_relations(ids: list[int]) -> list[Complaint]:
    current = Appointment.objects.filter(ended_on__isnull=True).select_related("person")
    found = (
        Complaint.objects.filter(pk__in=ids)
        .select_related("handler")
        .prefetch_related(
            "complainants", "children", Prefetch("appointments", current, to_attr="current")
        )
        .order_by()
    )
    by_id = {c.pk: c for c in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def line(complaint: Complaint, today: date, calendar: Calendar) -> list[Any]:
    """One case as a row of the file, in ``HEADINGS`` order, every text cell made safe."""
    officers = "; ".join(
        f"{a.person} ({a.get_role_display()})"
        for a in complaint.current  # type: ignore[attr-defined]
    )
    values = (
        complaint.reference,
        complaint.received_on,
        "; ".join(c.name for c in complaint.complainants.all()),
        "; ".join(c.name for c in complaint.children.all()),
        complaint.get_stage_display(),
        complaint.get_status_display(),
        complaint.due_on,
        complaint.due_label or "",
        working_days_left(complaint.due_on, today, calendar),
        str(complaint.handler) if complaint.handler else "",
        officers,
        complaint.team,
    )
    return [safe(v) for v in values]


def batches(
    cases: QuerySet[Complaint], record: Callable[[list[int]], None]
) -> Iterator[list[Complaint]]:
    """The cases in the list's order, ``BATCH`` at a time with their people; ``record`` is
    called with each batch's ids just before the batch is handed on."""
    ids = list(cases.values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        record(chunk)
        yield _batch_relations(chunk)


def recorder(*, by_id: int, path: str) -> Callable[[list[int]], None]:
    """Records each batch in the access log: one row per case, one insert per batch."""

    def record(ids: list[int]) -> None:
        AccessRecord.objects.bulk_create(
            AccessRecord(complaint_id=pk, by_id=by_id, method="GET", path=path[:300]) for pk in ids
        )

    return record


class _Echo:
    """A file-like object whose ``write`` hands back the line, for ``csv.writer`` to stream."""

    def write(self, value: str) -> str:
        return value


def csv_lines(batched: Iterable[list[Complaint]], today: date) -> Iterator[str]:
    """The file a line at a time, for a ``StreamingHttpResponse``. Starts with a byte-order
    mark so Excel opens the file as UTF-8 (names with accents stay right)."""
    writer = csv.writer(_Echo())
    calendar = current_calendar()
    yield "\ufeff" + writer.writerow(HEADINGS)
    for batch in batched:
        for complaint in batch:
            yield writer.writerow(line(complaint, today, calendar))


def xlsx_file(batched: Iterable[list[Complaint]], today: date) -> IO[bytes]:
    """The workbook in a temporary file, rewound, for a ``FileResponse`` to stream and close.

    openpyxl's write-only workbook keeps only the row being written in memory, and the file
    lives on disk, so memory stays flat however many cases there are. An .xlsx is a zip
    archive written at the end, which is why it is not sent a line at a time like the CSV.
    """
    from openpyxl import Workbook  # only the download needs it

    calendar = current_calendar()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Cases")
    sheet.append(list(HEADINGS))
    for batch in batched:
        for complaint in batch:
            sheet.append(line(complaint, today, calendar))
    handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it when sent)
    workbook.save(handle)
    handle.seek(0)
    return handle
