"""Earlier versions of free text: nothing an officer wrote is lost when it is written again.

An action that may replace text already stored (a finding's reasons, interview notes, a
report's summary) asks for the change before it writes, with ``text_changes``, and hands the
result to its transition; the transition appends one ``TextVersion`` per changed field right
after the case event, in the same transaction (``keep_versions``). Text written for the first
time is not a version: the event already records it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from heard.audit.models import CaseEvent, TextVersion
from heard.users import AnyUser, user_id


@dataclass(frozen=True)
class TextChange:
    """One stored text about to be replaced."""

    model: str
    object_id: int
    field: str
    label: str
    before: str
    after: str


def text_changes(row: models.Model | None, label: str, **after: str | None) -> list[TextChange]:
    """The fields of ``row`` whose stored, non-blank text differs from ``after``.

    The stored values are read again from the database rather than from ``row``, because the
    caller's copy may be older than the locked transaction it is now in. A missing row (the
    first finding on a point) has nothing to keep.
    """
    if row is None or row.pk is None:
        return []
    model = type(row)
    stored = model._default_manager.filter(pk=row.pk).values(*after).first()
    if stored is None:
        return []
    changes = []
    for name, new in after.items():
        before = stored[name] or ""
        new = new or ""
        if before and before != new:
            verbose = str(getattr(model._meta.get_field(name), "verbose_name", name))
            changes.append(
                TextChange(
                    model=model._meta.label_lower,
                    object_id=row.pk,
                    field=name,
                    label=f"{label}: {verbose}",
                    before=before,
                    after=new,
                )
            )
    return changes


def keep_versions(
    event: CaseEvent, changes: Iterable[TextChange], *, by: AnyUser | None
) -> list[TextVersion]:
    """Append the versions for ``event``. Call inside the action's transaction."""
    who = by if by is not None and by.is_authenticated else None
    return TextVersion.objects.bulk_create(
        TextVersion(
            complaint_id=event.complaint_id,
            event=event,
            model=change.model,
            object_id=change.object_id,
            field=change.field,
            label=change.label,
            before=change.before,
            after=change.after,
            by_id=user_id(who),
        )
        for change in changes
    )


@dataclass(frozen=True)
class ChangedText:
    """A text on the case page that has been replaced at least once: what it says now and,
    newest first, each earlier wording with who replaced it and when."""

    label: str
    now: str
    earlier: list[TextVersion]


def changed_texts(complaint_id: int) -> list[ChangedText]:
    """Every replaced text on a complaint, in the order each was first changed: one query
    for the whole case page, however many versions."""
    groups: dict[tuple[str, int, str], list[TextVersion]] = {}
    rows = TextVersion.objects.filter(complaint_id=complaint_id).select_related("by")
    for version in rows.order_by("at", "id"):
        groups.setdefault((version.model, version.object_id, version.field), []).append(version)
    return [
        ChangedText(label=kept[-1].label, now=kept[-1].after, earlier=kept[::-1])
        for kept in groups.values()
    ]
