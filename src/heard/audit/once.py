"""A form acts once: a double click or a browser retry does not run its action again.

Every form that changes a case carries a one-time token (``new_token``), a random UUID in a
hidden field. ``once`` runs the action in one transaction with an insert of that token into a
table where it is unique. A second submission of the same form then cannot insert it: under a
real race on PostgreSQL the second insert waits for the first transaction and fails once it
commits, so the action runs once and the second request is told where the first went. If
the action is refused, the token's row is rolled back with everything else, so the person can
correct the form and send it again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import QueryDict

from heard.audit.models import UsedSubmission
from heard.users import AnyUser, signed_in_id

FIELD = "submission"  # the hidden field's name in every form


class AlreadySubmitted(Exception):
    """This form was already acted on; ``then`` is where that submission led."""

    def __init__(self, then: str) -> None:
        super().__init__("That was already saved.")
        self.then = then


def new_token() -> str:
    return str(uuid.uuid4())


def submitted_token(data: QueryDict | None) -> str | None:
    """The well-formed token in a POST, or None when it has none (an older page, a script)."""
    raw = data.get(FIELD, "") if data is not None else ""
    try:
        return str(uuid.UUID(str(raw)))
    except ValueError:
        return None


def token_for_form(data: QueryDict | None) -> str:
    """The token to render in a form: the one it was sent with (a page shown again after an
    error keeps its token, unspent), or a fresh one."""
    return submitted_token(data) or new_token()


def already_used(data: QueryDict | None) -> str | None:
    """Where an already-acted-on submission led, checked before the form is even read: a
    repeat of a step that moved the case on would otherwise be refused as not allowed now.
    None for a fresh (or missing) token; ``once`` still guards the race."""
    token = submitted_token(data)
    if token is None:
        return None
    found = UsedSubmission.objects.filter(token=token).values_list("then", flat=True).first()
    return found


def once(token: str | None, *, by: AnyUser, act: Callable[[], str]) -> str:
    """Run ``act`` (which returns where to go next) unless ``token`` was already used.

    Raises ``AlreadySubmitted`` for a repeat. Without a token the action simply runs: the
    guard is for forms, and every form Heard renders carries one.
    """
    if token is None:
        return act()
    with transaction.atomic():
        try:
            with transaction.atomic():
                used = UsedSubmission.objects.create(token=token, by_id=signed_in_id(by))
        except IntegrityError:
            earlier = UsedSubmission.objects.filter(token=token).values_list("then", flat=True)
            raise AlreadySubmitted(earlier.first() or "") from None
        then = act()
        UsedSubmission.objects.filter(pk=used.pk).update(then=then[:300])
        return then
