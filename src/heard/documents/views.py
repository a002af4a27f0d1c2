"""The letter pages: a case's letters and reports, one document, its files, editing and
sending a draft, and the template editor.

Each view is parse, check access (``documents.access``, ``templates_admin.may_change_templates``),
act (``sending``, ``templates_admin``), render. Reading a document is recorded in the access
log as every read of a case page is. A document someone may not open answers 404, as a case
they may not see does; a page they may open but not change (a reader's edit link) answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from lxml import html as lxml_html  # type: ignore[import-untyped]

from heard.audit.events import record_access
from heard.audit.models import CaseEvent
from heard.audit.once import AlreadySubmitted, already_used, once, submitted_token, token_for_form
from heard.complaints.access import actor_roles, complaints_staff_only, complaints_visible_to
from heard.complaints.http import signed_in_user
from heard.complaints.models import Complaint
from heard.complaints.transitions import NotAllowed, Refused, check
from heard.complaints.workflow import EVENT_LABELS, WORKFLOW
from heard.documents.access import documents_for, get_document_for_user, shows_contact
from heard.documents.case_data import words
from heard.documents.catalogue import LETTERS, Letter
from heard.documents.formats import Page, council, markdown_to_html, to_docx, to_pdf
from heard.documents.forms import EditForm, PreviewForm, SendForm, TemplateForm
from heard.documents.models import Document, DocumentFile, LetterTemplate
from heard.documents.narratives import WRITERS, current_report
from heard.documents.sandbox import TemplateProblem
from heard.documents.sending import COMPLETES, DocumentRefused, edit, page_for, send
from heard.documents.templates_admin import (
    InUse,
    TemplateRefused,
    in_use,
    may_change_templates,
    preview,
    save_version,
)
from heard.numbers import whole_number
from heard.people.models import User, person_name
from heard.people.roles import AnyUser, is_complaints_staff

# -- the text of a letter on a page ---------------------------------------------------------

# GOV.UK Frontend styles classes, not bare elements: the letter's HTML (markdown-it's) gets
# the classes the Design System gives each element, so it reads like the rest of the page.
_GOVUK_CLASSES = {
    "p": "govuk-body",
    "h3": "govuk-heading-m",
    "h4": "govuk-heading-s",
    "h5": "govuk-heading-s",
    "h6": "govuk-heading-s",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
}
_HEADINGS = {"h1": "h3", "h2": "h3", "h3": "h4", "h4": "h5", "h5": "h6", "h6": "h6"}


def govuk_html(text: str) -> SafeString:
    """``text`` (Markdown) as HTML with GOV.UK classes, its headings a level below the box
    that shows it (the page's title is its H1 and the box's title an H2, so the letter's
    "## What happens next" is an H3 here, as it sits under the letter's title in print).

    markdown-it escapes any HTML typed into the text (``formats.markdown_to_html``) and lxml
    writes back what it read, so the result holds only the elements Markdown makes."""
    root = lxml_html.fragment_fromstring(markdown_to_html(text), create_parent="div")
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _HEADINGS:
            element.tag = tag = _HEADINGS[tag]
        css = _GOVUK_CLASSES.get(tag)
        if css:
            element.set("class", css)
    root.set("class", "heard-letter__text")
    return mark_safe(lxml_html.tostring(root, encoding="unicode"))  # noqa: S308


@dataclass(frozen=True)
class LetterView:
    """A letter laid out on a page of Heard as it is printed: the council, the addressee,
    the date, the reference, the text and the copy line."""

    page: Page
    text_html: SafeString
    council: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, page: Page) -> LetterView:
        return cls(page=page, text_html=govuk_html(page.body), council=page.council or council())


# -- the case page's section ----------------------------------------------------------------


@dataclass(frozen=True)
class State:
    """A document's state as the pages show it: a tag ("Sent") and what follows it ("on 3
    May 2026 by post")."""

    tag: str
    detail: str
    tag_class: str

    def __str__(self) -> str:
        return f"{self.tag} {self.detail}".strip()

    @property
    def in_a_sentence(self) -> str:
        """The state to follow "This letter was": "sent on 3 May 2026 by post"."""
        return f"{self.tag.lower()} {self.detail}".strip()


def state_of(document: Document) -> State:
    """Draft; Sent on <date> by <how>; Final on <date>."""
    on = f"on {words(document.sent_on)}" if document.sent_on else ""
    if document.state == Document.State.SENT:
        how = document.get_sent_how_display().lower() if document.sent_how else ""
        return State("Sent", f"{on} {how}".strip(), "govuk-tag--green")
    if document.state == Document.State.FINAL:
        return State("Final", on, "govuk-tag--blue")
    return State("Draft", "", "govuk-tag--yellow")


@dataclass(frozen=True)
class LetterRow:
    """One document in the case page's table."""

    title: str
    to: str
    copies: list[str]
    state: State
    url: str


@dataclass(frozen=True)
class LettersSection:
    rows: list[LetterRow]
    can_change_templates: bool
    # (title, address) of each report this person is appointed to write, while it is a draft.
    to_write: list[tuple[str, str]] = field(default_factory=list)


def addressee(document: Document) -> str:
    """Who a document is to, for the table: its recipient, or what a report is."""
    if document.recipient:
        return document.recipient
    letter = LETTERS.get(document.key)
    if letter is not None and letter.kind == "report":
        return "Report for the case file"
    return "Not addressed"


def letters_section(complaint: Complaint, user: AnyUser, today: date) -> LettersSection:
    """The case page's "Letters and reports" (registered in ``DocumentsConfig.ready()``):
    every document ``user`` may open, from the prefetched ``documents``, so the page asks the
    database the same however many there are."""
    rows = []
    for document in documents_for(user, complaint):
        rows.append(
            LetterRow(
                title=document.title,
                to=addressee(document),
                copies=list(document.copies or []),
                state=state_of(document),
                url=reverse("documents:document", args=[complaint.pk, document.pk]),
            )
        )
    return LettersSection(
        rows=rows,
        can_change_templates=may_change_templates(user),
        to_write=reports_to_write(complaint, user),
    )


def reports_to_write(complaint: Complaint, user: AnyUser) -> list[tuple[str, str]]:
    """The reports ``user`` is appointed to write on this case and that are not yet final,
    from the prefetched appointments and documents (no query of its own). Complaints staff
    may write them too, from the report's page, but the link is for the writer."""
    roles = actor_roles(user, complaint)
    frozen = {d.key for d in complaint.documents.all() if d.is_frozen}
    return [
        (LETTERS[key].title, reverse("documents:write_report", args=[complaint.pk, key]))
        for key, role in WRITERS.items()
        if role in roles and key not in frozen and key in LETTERS
    ]


# -- one document ----------------------------------------------------------------------------


def _open(request: HttpRequest, pk: int, document_id: int) -> Document:
    """The document if this user may open it (else 404), with the read recorded."""
    document = get_document_for_user(request.user, pk, document_id)
    letter = LETTERS.get(document.key)
    if letter is not None and letter.kind == "report" and not document.is_frozen:
        # A report is made again from the latest case data and narrative each time it is
        # opened, until it is made final (then it is frozen as it was).
        try:
            document = current_report(document.complaint, document.key, timezone.localdate())
        except DocumentRefused:
            pass  # not yet its stage: shown as it was last made
    record_access(
        document.complaint_id, by=request.user, method=request.method or "GET", path=request.path
    )
    return document


def _staff_only(request: HttpRequest) -> None:
    """Changing or sending a letter is the complaints team's: a reader who may open the
    document learns only that they may not change it."""
    if not is_complaints_staff(request.user):
        raise PermissionDenied("Only the complaints team can change or send letters.")


def shown_page(document: Document, user: AnyUser) -> Page:
    """The document's page as printed, less the addressee's address for someone whose role
    does not need it (decision 027)."""
    page = page_for(document)
    if not shows_contact(user, document.complaint, document):
        page = replace(page, address="")
    return page


@dataclass(frozen=True)
class DocumentPage:
    """What the document page shows, worked out here so the template only lays it out."""

    document: Document
    complaint: Complaint
    letter: Letter | None
    letter_view: LetterView
    state: State
    contact_shown: bool
    drafted_when: str
    drafted_on: str
    sent_by: str
    can_change: bool
    send_blocked: str

    @classmethod
    def build(cls, document: Document, user: AnyUser) -> DocumentPage:
        event = None
        if document.made_by_event is not None:
            event = (
                CaseEvent.objects.filter(pk=document.made_by_event)
                .values("name", "summary", "at", "happened_on")
                .first()
            )
        drafted_on = timezone.localtime(document.created_at).date()
        drafted_when = ""
        if event is not None:
            step = event["name"].removeprefix("complaint.")
            drafted_when = event["summary"] or EVENT_LABELS.get(step, step)
        staff = is_complaints_staff(user)
        return cls(
            document=document,
            complaint=document.complaint,
            letter=LETTERS.get(document.key),
            letter_view=LetterView.of(shown_page(document, user)),
            state=state_of(document),
            contact_shown=shows_contact(user, document.complaint, document),
            drafted_when=drafted_when,
            drafted_on=words(drafted_on),
            sent_by=_name(document.sent_by) if document.sent_by_id else "",
            can_change=staff and not document.is_frozen,
            send_blocked=why_not_sendable(document, user) if staff else "",
        )


def _name(user: Any) -> str:
    return person_name(user.first_name, user.last_name, user.get_username())


def why_not_sendable(document: Document, user: AnyUser) -> str:
    """Why ``document`` cannot be recorded as sent now, in words, or "" when it can: the
    page says so instead of offering a form that could only refuse. For a letter whose
    sending records a step (``Letter.completes``), that step's rules are asked as the case
    page asks them (``transitions.check``) while the step is open in the case's status."""
    if document.state == Document.State.SENT:
        return f"This letter was already {state_of(document).in_a_sentence}."
    if document.state == Document.State.FINAL:
        return "This report is final."
    letter = LETTERS.get(document.key)
    if letter is not None and letter.kind == "report":
        return "A report is made final by the step it belongs to, not sent from here."
    if letter is None or not letter.completes:
        return ""
    step = letter.completes
    label = EVENT_LABELS.get(step, step.replace("_", " "))
    if step not in COMPLETES:
        return (
            f"Sending this letter records a step of the procedure ({label.lower()}), and "
            "Heard cannot record that step from here yet."
        )
    if step not in WORKFLOW.get(document.complaint.status, {}):
        # Not a step of the case's status now: done already (an earlier copy of the letter
        # recorded it, and its recorder lets the later copies go), or never to be. The form
        # is offered, and what sending says is shown beside it.
        return ""
    try:
        check(document.complaint, step, cast(User, user))
    except (Refused, NotAllowed) as refusal:
        message = refusal.message if isinstance(refusal, Refused) else str(refusal)
        return (
            f"Sending this letter records a step ({label.lower()}) that cannot happen now: "
            f"{message}"
        )
    return ""


@require_safe
def document_page(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    """One letter or report: the text as it is printed, its state and history, its files."""
    found = _open(request, pk, document)
    page = DocumentPage.build(found, request.user)
    return render(request, "documents/document.html", {"page": page, "complaint": found.complaint})


MAKERS: dict[str, Callable[[Page], bytes]] = {
    DocumentFile.Format.PDF: to_pdf,
    DocumentFile.Format.DOCX: to_docx,
}
CONTENT_TYPES: dict[str, str] = {
    DocumentFile.Format.PDF: "application/pdf",
    DocumentFile.Format.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
}


def file_name(document: Document, file_format: str) -> str:
    """``C-2026-00031-acknowledgement.pdf``: the case and the letter, as staff file it."""
    return f"{document.complaint.reference}-{document.key.replace('_', '-')}.{file_format}"


def document_file(document: Document, file_format: str, user: AnyUser) -> bytes:
    """The file of ``document`` in ``file_format``: a frozen one's kept file byte for byte
    when the worker has made it, else made now from its text (a draft with its DRAFT mark;
    a frozen one from its frozen text, so nothing waits on the worker)."""
    page = shown_page(document, user)
    if document.is_frozen and page.address == document.address:
        stored = (
            DocumentFile.objects.filter(document_id=document.pk, format=file_format)
            .values_list("content", flat=True)
            .first()
        )
        if stored is not None:
            return bytes(stored)
    return MAKERS[file_format](page)


def _download(request: HttpRequest, pk: int, document: int, file_format: str) -> HttpResponse:
    found = _open(request, pk, document)
    content = document_file(found, file_format, request.user)
    response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
    disposition = content_disposition_header(True, file_name(found, file_format))
    response["Content-Disposition"] = disposition or "attachment"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def document_pdf(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    """The document as a tagged PDF."""
    return _download(request, pk, document, DocumentFile.Format.PDF)


@require_safe
def document_docx(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    """The document as a Word file."""
    return _download(request, pk, document, DocumentFile.Format.DOCX)


def _once_then_back(
    request: HttpRequest, posted: Any, act: Callable[[], object], *, here: str, done: str
) -> HttpResponse:
    """Run ``act`` once for this form's submission token (decision 021) and go back to
    ``here`` saying ``done``; a form sent twice goes back saying it was already saved. A
    refusal ``act`` raises passes through, for the view to show beside its field."""

    def acted() -> str:
        act()
        return here

    try:
        once(submitted_token(posted), by=signed_in_user(request), act=acted)
    except AlreadySubmitted as already:
        messages.info(request, str(already))
        return redirect(already.then or here)
    messages.success(request, done)
    return redirect(here)


def _refusal_on(form: Any, refusal: DocumentRefused | TemplateRefused | Refused) -> None:
    """A refusal beside the box it names, or above the form when it names none."""
    name = refusal.field if refusal.field in form.fields else None
    form.add_error(name, refusal.message)


@require_http_methods(["GET", "HEAD", "POST"])
def edit_document(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    """Change a draft's text (complaints staff). A save from an older copy is refused and the
    typed text stays in the box, so nothing typed is lost."""
    found = _open(request, pk, document)
    _staff_only(request)
    here = reverse("documents:document", args=[found.complaint_id, found.pk])
    posted = request.POST if request.method == "POST" else None
    then = already_used(posted)
    if then is not None:
        messages.info(request, "That was already saved.")
        return redirect(then or here)
    blocked = ""
    if found.is_frozen:
        blocked = (
            f"This {'report' if found.state == Document.State.FINAL else 'letter'} is "
            f"{state_of(found).in_a_sentence}, so its text can no longer be changed."
        )
    form = EditForm(posted, initial={"body": found.body, "revision": found.revision})
    if posted is not None and not blocked and form.is_valid():
        by = signed_in_user(request)
        try:
            return _once_then_back(
                request,
                posted,
                lambda: edit(
                    found,
                    body=form.cleaned_data["body"],
                    revision=form.cleaned_data["revision"],
                    by=by,
                ),
                here=here,
                done="Letter saved.",
            )
        except DocumentRefused as refusal:
            _refusal_on(form, refusal)
    return render(
        request,
        "documents/edit.html",
        {
            "document": found,
            "complaint": found.complaint,
            "form": form,
            "blocked": blocked,
            "submission": token_for_form(posted),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def send_document(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    """Record a draft letter as sent (complaints staff): when, how and where to. It is then
    frozen, and its files are made by the worker."""
    found = _open(request, pk, document)
    _staff_only(request)
    here = reverse("documents:document", args=[found.complaint_id, found.pk])
    posted = request.POST if request.method == "POST" else None
    then = already_used(posted)
    if then is not None:
        messages.info(request, "That was already saved.")
        return redirect(then or here)
    today = timezone.localdate()
    blocked = why_not_sendable(found, request.user)
    form = SendForm(
        posted,
        today=today,
        initial={
            "on": today,
            "how": Document.SentHow.EMAIL if found.email and not found.address else "",
            "to": found.address or found.email,
            "revision": found.revision,
        },
    )
    if posted is not None and not blocked and form.is_valid():
        by = signed_in_user(request)
        try:
            return _once_then_back(
                request,
                posted,
                lambda: send(
                    found,
                    on=form.cleaned_data["on"],
                    how=form.cleaned_data["how"],
                    to=form.cleaned_data["to"],
                    by=by,
                    revision=form.cleaned_data["revision"],
                ),
                here=here,
                done="Letter recorded as sent.",
            )
        except (DocumentRefused, Refused) as refusal:
            if isinstance(refusal, Refused) and refusal.field and refusal.field.endswith("on"):
                refusal.field = "on"  # the step's own date is this form's date
            _refusal_on(form, refusal)
        except NotAllowed as refusal:
            form.add_error(None, str(refusal))
    return render(
        request,
        "documents/send.html",
        {
            "document": found,
            "complaint": found.complaint,
            "form": form,
            "blocked": blocked,
            "submission": token_for_form(posted),
        },
    )


# -- templates -------------------------------------------------------------------------------


def _editor_only(request: HttpRequest) -> None:
    """Templates are the Complaints Manager's (``templates_admin``): the rest of the team
    learns only that they may not change them; anyone else got 404 already."""
    if not may_change_templates(request.user):
        raise PermissionDenied("Only the Complaints Manager can change the text of letters.")


def _letter(key: str) -> Letter:
    letter = LETTERS.get(key)
    if letter is None:
        raise Http404("No such letter")
    return letter


@dataclass(frozen=True)
class TemplateRow:
    letter: Letter
    current: InUse
    changed_by: str
    changed_at: Any


def _versions_by_key() -> dict[str, list[LetterTemplate]]:
    """Every stored version, newest first under each key, in one query."""
    by_key: dict[str, list[LetterTemplate]] = {}
    for version in LetterTemplate.objects.select_related("saved_by").order_by("key", "-version"):
        by_key.setdefault(version.key, []).append(version)
    return by_key


@require_safe
@complaints_staff_only
def template_list(request: HttpRequest) -> HttpResponse:
    """Every letter and report Heard drafts, with the version of its text in use."""
    _editor_only(request)
    versions = _versions_by_key()
    rows = []
    for letter in LETTERS.values():
        current = in_use(letter.key, versions.get(letter.key, []))
        saved = current.saved
        changer = saved.saved_by if saved is not None else None
        rows.append(
            TemplateRow(
                letter=letter,
                current=current,
                changed_by=_name(changer) if changer is not None else "",
                changed_at=saved.saved_at if saved is not None and changer is not None else None,
            )
        )
    return render(request, "documents/templates.html", {"rows": rows})


def _case_for_preview(request: HttpRequest, reference: str) -> int | None:
    """The case with this reference that the editor may see, recorded as read; None if none."""
    if not reference:
        return None
    pk = (
        complaints_visible_to(request.user)
        .filter(reference=reference)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is not None:
        record_access(pk, by=request.user, method=request.method or "POST", path=request.path)
    return pk


@dataclass(frozen=True)
class PreviewResult:
    """What the preview box shows: the letter, or why it could not be filled in."""

    letter_view: LetterView | None = None
    problem: str = ""
    note: str = ""
    complaint_id: int | None = None


def run_preview(request: HttpRequest, key: str, form: PreviewForm) -> PreviewResult:
    """Fill the form's text with the chosen case's data. A template error is put beside the
    text box and returned for the preview box; nothing is saved."""
    reference = form.cleaned_data.get("case", "")
    if not reference:
        message = "Enter the reference of a case to preview the letter with"
        form.add_error("case", message)
        return PreviewResult(problem=message)
    complaint_id = _case_for_preview(request, reference)
    if complaint_id is None:
        message = f"There is no case {reference} that you can see"
        form.add_error("case", message)
        return PreviewResult(problem=message)
    try:
        shown = preview(key, form.cleaned_data["body"], complaint_id)
    except TemplateProblem as problem:
        form.add_error("body", f"The letter could not be filled in: {problem}")
        return PreviewResult(problem=str(problem))
    return PreviewResult(
        letter_view=LetterView.of(shown.page), note=shown.note, complaint_id=complaint_id
    )


def _default_case(key: str, user: AnyUser) -> str:
    """The reference of the latest case with this letter that the editor may see, to
    preview with until they pick another."""
    found = (
        Document.objects.filter(key=key, complaint__in=complaints_visible_to(user))
        .order_by("-id")
        .values_list("complaint__reference", flat=True)
        .first()
    )
    return found or ""


@require_http_methods(["GET", "HEAD", "POST"])
@complaints_staff_only
def template_page(request: HttpRequest, key: str) -> HttpResponse:
    """One letter's template: its text to change, a preview against a case, and its
    versions. "Preview" fills the text in; "Save" keeps it as a new version if it renders."""
    _editor_only(request)
    letter = _letter(key)
    here = reverse("documents:template", args=[key])
    posted = request.POST if request.method == "POST" else None
    then = already_used(posted)
    if then is not None:
        messages.info(request, "That was already saved.")
        return redirect(then or here)
    current = in_use(key)
    starting = current.body
    start_from = whole_number(request.GET.get("from", ""))
    if posted is None and start_from is not None:
        earlier = LetterTemplate.objects.filter(key=key, version=start_from).first()
        if earlier is not None:
            starting = earlier.body
    form = TemplateForm(
        posted,
        initial={
            "body": starting,
            "based_on": current.version,
            "case": _default_case(key, request.user),
        },
    )
    result = PreviewResult()
    if posted is not None and form.is_valid():
        result = run_preview(request, key, form)
        if posted.get("action") == "save" and result.letter_view is not None:
            by = signed_in_user(request)
            complaint_id = result.complaint_id
            try:
                return _once_then_back(
                    request,
                    posted,
                    lambda: save_version(
                        key,
                        body=form.cleaned_data["body"],
                        note=form.cleaned_data["note"],
                        by=by,
                        based_on=form.cleaned_data["based_on"],
                        complaint_id=complaint_id,
                    ),
                    here=here,
                    done=f"New version of “{letter.title}” saved.",
                )
            except TemplateRefused as refusal:
                _refusal_on(form, refusal)
    versions = list(
        LetterTemplate.objects.filter(key=key).select_related("saved_by").order_by("-version")
    )
    return render(
        request,
        "documents/template.html",
        {
            "letter": letter,
            "current": current,
            "form": form,
            "result": result,
            "versions": [(v, _name(v.saved_by) if v.saved_by_id else "") for v in versions],
            "submission": token_for_form(posted),
        },
    )


@require_POST
@complaints_staff_only
def template_preview(request: HttpRequest, key: str) -> HttpResponse:
    """The preview box alone, as HTML, for the page's script to show as the editor types."""
    _editor_only(request)
    _letter(key)
    form = PreviewForm(request.POST)
    result = PreviewResult(problem="Enter the text of the letter")
    if form.is_valid():
        result = run_preview(request, key, form)
    elif form.errors:
        result = PreviewResult(problem=str(next(iter(form.errors.values()))[0]))
    return render(request, "documents/includes/template_preview.html", {"result": result})


@require_safe
@complaints_staff_only
def template_version(request: HttpRequest, key: str, version: int) -> HttpResponse:
    """One earlier (or the current) version of a template, as it was saved."""
    _editor_only(request)
    letter = _letter(key)
    number = whole_number(version)
    found = (
        LetterTemplate.objects.select_related("saved_by").filter(key=key, version=number).first()
        if number is not None
        else None
    )
    if found is None:
        raise Http404("No such version")
    return render(
        request,
        "documents/template_version.html",
        {
            "letter": letter,
            "version": found,
            "saved_by": _name(found.saved_by) if found.saved_by_id else "",
            "current": in_use(key),
        },
    )
