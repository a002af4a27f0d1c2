"""Roster pages: the independent officers, one officer, and the monthly export for invoices.

The roster shows people's DBS dates, caseloads and fees, and the export lists complaints, so
these pages are for the complaints team only (``complaints_staff_only``: anyone else gets 404,
as for every page across cases). The export is for the Complaints Manager, who deals with the
providers (another member of the team gets 403), and reading it is recorded against each
complaint it lists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from heard.audit.models import AccessRecord
from heard.complaints.access import complaints_staff_only
from heard.complaints.presentation import page_links
from heard.people.models import IndependentOfficer
from heard.people.roles import is_complaints_manager
from heard.roster.fees import Invoice, invoice, write_csv
from heard.roster.forms import InvoiceForm, RosterFilterForm
from heard.roster.officers import OfficerPage, filter_roster, roster_queryset, roster_rows
from heard.users import signed_in_id

# A council's roster is usually a few dozen people; a provider serving many councils has more.
PER_PAGE = 50


@require_safe
@complaints_staff_only
def roster(request: HttpRequest) -> HttpResponse:
    """Everyone on the roster, filtered by GET so a filtered list can be bookmarked."""
    today = timezone.localdate()
    form = RosterFilterForm(request.GET or None)
    wanted = form.filters()
    officers = filter_roster(roster_queryset(today), wanted, today)
    page = Paginator(officers, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/roster.html",
        {
            "form": form,
            "rows": roster_rows(page.object_list, today),
            "total": page.paginator.count,
            "pagination": page_links(page, request.GET),
            "filtered": bool(wanted),
            "can_export": is_complaints_manager(request.user),
        },
    )


@require_safe
@complaints_staff_only
def officer(request: HttpRequest, pk: int) -> HttpResponse:
    """One officer: contact details, roles, checks, availability, appointments and time."""
    today = timezone.localdate()
    try:
        entry = roster_queryset(today).get(pk=pk)
    except IndependentOfficer.DoesNotExist:
        raise Http404("No such officer") from None
    return render(request, "people/officer.html", {"page": OfficerPage.build(entry, today)})


def _invoice_for(request: HttpRequest) -> tuple[InvoiceForm, Invoice | None]:
    if not is_complaints_manager(request.user):
        raise PermissionDenied("The export for providers' invoices is for the Complaints Manager.")
    form = InvoiceForm(request.GET or None)
    if not form.is_valid():
        return form, None
    return form, invoice(form.cleaned_data["provider"], form.cleaned_data["month"])


def _record_reading(request: HttpRequest, found: Invoice, method: str) -> None:
    """Who read which provider's month: one access record per complaint listed, with the
    provider and month in the path."""
    path = request.get_full_path()[:300]
    AccessRecord.objects.bulk_create(
        [
            AccessRecord(
                complaint_id=pk, by_id=signed_in_id(request.user), method=method, path=path
            )
            for pk in found.complaint_ids
        ]
    )


@require_safe
@complaints_staff_only
def invoices(request: HttpRequest) -> HttpResponse:
    """Choose a provider and month; see every entry and the totals; download them."""
    form, found = _invoice_for(request)
    download = ""
    if found is not None:
        _record_reading(request, found, "GET")
        query = urlencode({"provider": found.provider, "month": f"{found.month:%Y-%m}"})
        download = f"{reverse('roster:invoices_csv')}?{query}"
    return render(
        request, "people/invoices.html", {"form": form, "invoice": found, "download": download}
    )


@require_safe
@complaints_staff_only
def invoices_csv(request: HttpRequest) -> HttpResponse:
    """The same as a CSV file, for the provider's invoice to be checked against."""
    form, found = _invoice_for(request)
    if found is None:
        return render(request, "people/invoices.html", {"form": form, "invoice": None}, status=400)
    _record_reading(request, found, "EXPORT")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    write_csv(found, response)
    return response
