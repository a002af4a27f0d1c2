"""The page where a report's writer types its narrative: the Investigating Officer's
introduction, evidence and analysis for each point and conclusion (and the Independent
Person's and the panel chair's parts of theirs).

Parse, check (``narratives.can_write_narrative``), act (``narratives.save_narrative`` for
each part changed, then ``current_report`` so the draft is made again from the latest data),
render. A part refused (someone else saved it meanwhile) keeps the typed text beside its
message; the parts that saved stay saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from heard.audit.events import record_access
from heard.complaints.access import get_complaint_for_user
from heard.complaints.http import signed_in_user
from heard.documents.catalogue import LETTERS
from heard.documents.narratives import (
    MAX_TEXT,
    WRITERS,
    Part,
    can_write_narrative,
    current_report,
    narrative_parts,
    save_narrative,
)
from heard.documents.sending import DocumentRefused


@dataclass(frozen=True)
class Box:
    """One part of the form as shown: the part, the text in the box and any message."""

    part: Part
    text: str
    error: str = ""

    @property
    def name(self) -> str:
        return self.part.key.replace(":", "-")


def _revision(raw: str | None) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if 0 <= value < 2**31 else None


@require_http_methods(["GET", "HEAD", "POST"])
def write_report(request: HttpRequest, pk: int, report: str) -> HttpResponse:
    """The narrative form for ``report`` on case ``pk``, for its writer only (else 404)."""
    user = signed_in_user(request)
    if report not in WRITERS:
        raise Http404("No such report")
    complaint = get_complaint_for_user(user, pk)
    if not can_write_narrative(user, complaint, report):
        raise Http404("No such page")
    record_access(complaint.pk, by=user, method=request.method or "GET", path=request.path)
    parts = narrative_parts(complaint, report)
    boxes = [Box(part=part, text=part.text) for part in parts]
    if request.method == "POST":
        boxes = []
        for part in parts:
            box = Box(part=part, text=part.text)
            name = part.key.replace(":", "-")
            text = request.POST.get(f"text-{name}")
            revision = _revision(request.POST.get(f"revision-{name}"))
            if text is None:
                boxes.append(box)
                continue
            text = text.replace("\r\n", "\n")
            if revision is None:
                boxes.append(Box(part, text, "Open the page again: this box's version is missing."))
                continue
            if "\x00" in text:
                boxes.append(Box(part, text.replace("\x00", ""), "Remove the unusual character."))
                continue
            if len(text) > MAX_TEXT:
                boxes.append(Box(part, text, f"Keep this part under {MAX_TEXT:,} characters."))
                continue
            if text.strip() == part.text.strip() and revision == part.revision:
                boxes.append(box)
                continue
            try:
                save_narrative(complaint, report, part.key, text, revision, user)
            except DocumentRefused as refused:
                boxes.append(Box(part, text, refused.message))
                continue
            boxes.append(Box(part, text))
        if not any(box.error for box in boxes):
            document = current_report(complaint, report, timezone.localdate())
            messages.success(request, "Saved. The draft report below is made from it.")
            return redirect(reverse("documents:document", args=[complaint.pk, document.pk]))
    errors = [box for box in boxes if box.error]
    return render(
        request,
        "documents/narrative.html",
        {
            "complaint": complaint,
            "title": LETTERS[report].title,
            "boxes": boxes,
            "errors": errors,
            "status": 400 if errors else 200,
        },
        status=400 if errors else 200,
    )
