"""Who may open a letter or report, and how much of its addressee they are shown.

Seeing a document starts with seeing its case (``complaints.access``): a case someone may not
see answers 404, and so does each of its documents. Within a case they see:

- **complaints staff**: every document;
- **anyone else**: a document whose catalogue entry names one of their current appointments
  to the case in ``Letter.readers`` (the adjudicating officer reading the investigation
  report, say), or a copy addressed to them (the Investigating Officer's appointment letter).
  Nothing else: a document not in the catalogue, or a role not named, shows nothing.

``Letter.readers`` holds **appointment roles as ``AppointmentRole`` stores them**
(``"investigating_officer"``, ``"independent_person"``, ``"adjudicator"``,
``"stage1_responder"``, ``"panel_chair"``, ``"panel_member"``). ``actor_roles`` writes a
current appointment as ``"appointed:<role>"``; that spelling is accepted in ``readers`` too
and means the same. Staff roles (groups such as ``adjudicating_officer``) are never readers:
holding a job title is not a part in this case, and only an appointment to it is.

A copy is addressed to someone when it went to the email address their account holds (the
catalogue's ``to_appointee`` addresses people by the email of their account). A complainant's
copy is never read that way: if an address were ever shared, the family's letter stays with
the complaints team.

What a reader is shown of the addressee follows decision 027 (``complaints.disclosure``): the
adjudicating officer and the panel see that a letter went to the complainant, not where.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from heard.complaints.access import actor_roles, get_complaint_for_user
from heard.complaints.disclosure import disclosure_for
from heard.complaints.models import Appointment, Complaint
from heard.documents.catalogue import LETTERS
from heard.documents.models import Document
from heard.numbers import whole_number
from heard.people.roles import AnyUser, is_complaints_staff

APPOINTED = "appointed:"


def reader_roles(user: AnyUser, complaint: Complaint) -> frozenset[str]:
    """The appointment roles (``AppointmentRole`` values) that let ``user`` read this
    complaint's documents: their current appointments to it that show it to them. Reads the
    complaint's appointments, which the case page prefetches."""
    return frozenset(
        role.removeprefix(APPOINTED)
        for role in actor_roles(user, complaint)
        if role.startswith(APPOINTED)
    )


def readers_of(key: str) -> frozenset[str]:
    """The appointment roles the catalogue lets read documents of ``key`` (none for a key
    the catalogue no longer has: fail closed)."""
    letter = LETTERS.get(key)
    if letter is None:
        return frozenset()
    return frozenset(role.removeprefix(APPOINTED) for role in letter.readers)


def is_addressed_to(user: AnyUser, document: Document) -> bool:
    """Whether this copy went to ``user`` (their account's email), never a complainant's."""
    if document.recipient_role == "complainant":
        return False
    mine = (getattr(user, "email", "") or "").strip().lower()
    return bool(mine) and document.email.strip().lower() == mine


def may_open(
    user: AnyUser,
    complaint: Complaint,
    document: Document,
    roles: frozenset[str] | None = None,
) -> bool:
    """May ``user``, who sees ``complaint``, open ``document``? ``roles`` is
    ``reader_roles(user, complaint)`` when the caller has worked it out already."""
    if is_complaints_staff(user):
        return True
    if roles is None:
        roles = reader_roles(user, complaint)
    if readers_of(document.key) & roles:
        return True
    return is_addressed_to(user, document)


def documents_for(user: AnyUser, complaint: Complaint) -> list[Document]:
    """The documents of ``complaint`` that ``user`` may open, oldest first, from its
    ``documents`` (prefetched by the case page, so no query per document)."""
    documents = list(complaint.documents.all())
    if is_complaints_staff(user):
        return documents
    roles = reader_roles(user, complaint)
    return [d for d in documents if may_open(user, complaint, d, roles)]


def shows_contact(user: AnyUser, complaint: Complaint, document: Document) -> bool:
    """Whether the page may show where this copy went (address, email, "sent to"): not a
    complainant's or an advocate's to someone whose role does not need them (decision 027)."""
    if is_complaints_staff(user) or is_addressed_to(user, document):
        return True
    disclosure = disclosure_for(user, complaint)
    if document.recipient_role == "complainant":
        return disclosure.complainant_contact
    if document.recipient_role == "advocate":
        return disclosure.advocate_contact
    return True


def get_document_for_user(user: AnyUser, pk: object, document_id: object) -> Document:
    """The document ``document_id`` of complaint ``pk``, its ``complaint`` read with its
    appointments, or Http404 whether either is missing, hidden or not this user's to open:
    the answer never says which."""
    case = whole_number(pk)
    number = whole_number(document_id)
    if case is None or number is None:
        raise Http404("No such document")
    appointments = Prefetch("appointments", Appointment.objects.all())
    complaint = get_complaint_for_user(
        user, case, within=Complaint.objects.prefetch_related(appointments)
    )
    document = (
        Document.objects.select_related("template", "sent_by")
        .filter(complaint_id=complaint.pk, pk=number)
        .first()
    )
    if document is None or not may_open(user, complaint, document):
        raise Http404("No such document")
    document.complaint = complaint
    return document
