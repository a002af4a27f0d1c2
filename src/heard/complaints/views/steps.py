"""The one view behind every workflow step's form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from heard.audit.once import AlreadySubmitted, already_used, once, submitted_token, token_for_form
from heard.complaints.access import can_fire, complaints_visible_to
from heard.complaints.done_messages import done_message
from heard.complaints.http import case_for_request, signed_in_user
from heard.complaints.steps import load_steps
from heard.complaints.transitions import NotAllowed, Refused, check
from heard.complaints.workflow import EVENT_LABELS


def step_view(request: HttpRequest, pk: int, event: str) -> HttpResponse:
    """Show a step's form; on a valid submission run its action and go back to the case."""
    event = event.replace("-", "_")
    spec = load_steps().get(event)
    if spec is None:
        raise Http404("No such step")
    complaint = case_for_request(request, pk, event=event)
    posted = request.POST if request.method == "POST" else None
    then = already_used(posted)
    if then is not None:
        messages.info(request, "That was already saved.")
        return redirect(then or reverse("complaints:detail", kwargs={"pk": complaint.pk}))
    if not can_fire(request.user, complaint, event):
        raise PermissionDenied("You cannot do this on this complaint now.")
    # False only on the time-and-fees page after the appointment ended (ADR 022): the page
    # then links nowhere in the case and comes back to itself after saving.
    sees_case = complaints_visible_to(request.user).filter(pk=complaint.pk).exists()
    blocked = ""
    try:
        check(complaint, event, signed_in_user(request))
    except Refused as exc:
        blocked = exc.message
    form = spec.form_class(
        request.POST if request.method == "POST" else None,
        complaint=complaint,
        user=request.user,
        query=request.GET,
    )
    if request.method == "POST" and form.is_valid():
        case_url = reverse("complaints:detail", kwargs={"pk": complaint.pk})

        def act() -> str:
            spec.run(complaint, request.user, form.cleaned_data)
            return case_url

        try:
            once(submitted_token(posted), by=request.user, act=act)
        except AlreadySubmitted as done:
            messages.info(request, str(done))
            return redirect(done.then or case_url)
        except Refused as exc:
            for field, message in ((exc.field, exc.message), *exc.also):
                form.add_error(field if field in form.fields else None, message)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from None
        else:
            messages.success(request, done_message(event, form.cleaned_data))
            if complaints_visible_to(request.user).filter(pk=complaint.pk).exists():
                return redirect("complaints:detail", pk=complaint.pk)
            if sees_case:
                # This step finished the person's part (ADR 022): the case is closed to them
                # now, so say so and show their cases rather than a page they cannot open.
                messages.info(
                    request,
                    f"Your part in {complaint.reference} has ended with this step, so it is no "
                    "longer open to you. Thank you.",
                )
                return redirect("complaints:mine")
            return redirect(request.path)
    return render(
        request,
        spec.template,
        {
            "complaint": complaint,
            "form": form,
            "event": event,
            "title": EVENT_LABELS[event],
            "guidance": spec.guidance,
            "blocked": blocked,
            "submission": token_for_form(posted),
            "sees_case": sees_case,
        },
    )
