"""The step that sets the themes of complaint points.

One page shows every point of the Statement of Complaint with the themes ticked that it has
now, so the themes of a whole complaint can be reviewed together and the page works without
JavaScript (a "choose a point, then its themes" page could not show a point's current themes
before the point was chosen). Each point whose themes change is one ``set_point_themes``
action, and so one event in the timeline; the changes are saved together or not at all.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import transaction
from django.db.models import Q

from heard.complaints.actions.themes import set_point_themes
from heard.complaints.models import Complaint, ComplaintPoint
from heard.complaints.steps import step
from heard.complaints.steps.fields import StepForm, point_label
from heard.complaints.transitions import Refused
from heard.people.models import Theme

NO_POINTS = (
    "This complaint has no points yet. Themes are set on the points of the Statement of "
    "Complaint, once it has been written."
)


def field_name(point: ComplaintPoint) -> str:
    return f"point_{point.number}"


class PointThemesForm(StepForm):
    """A group of GOV.UK checkboxes per point: the themes offered, and any it already has."""

    submit_label = "Save themes"

    @property
    def facts(self) -> list[tuple[str, str]]:
        return [] if self.points else [("Complaint points", NO_POINTS)]

    def more_fields(self) -> dict[str, forms.Field]:
        self.points = list(self.complaint.points.prefetch_related("themes").order_by("number"))
        # One query for the list: every active theme, and any retired one a point still has.
        themes = list(
            Theme.objects.filter(Q(active=True) | Q(points__complaint=self.complaint))
            .distinct()
            .order_by("name")
        )
        fields: dict[str, forms.Field] = {}
        for point in self.points:
            have = {t.pk for t in point.themes.all()}
            choices = [
                (t.pk, t.name if t.active else f"{t.name} (no longer offered)")
                for t in themes
                if t.active or t.pk in have
            ]
            fields[field_name(point)] = forms.TypedMultipleChoiceField(
                label=point_label(point),
                choices=choices,
                coerce=int,
                required=False,
                initial=sorted(have),
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": "Choose themes from the list"},
                # Named here because CheckboxSelectMultiple is a RadioSelect to Django, so
                # govuk_forms.style_field would otherwise pick the radios template.
            )
        return fields

    def changes(self) -> list[tuple[ComplaintPoint, list[int]]]:
        """The points whose ticked themes differ from what they have now."""
        changed = []
        for point in self.points:
            ticked = sorted(self.cleaned_data.get(field_name(point)) or [])
            if ticked != sorted(t.pk for t in point.themes.all()):
                changed.append((point, ticked))
        return changed

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.points:
            raise forms.ValidationError(NO_POINTS)
        if not self.errors:
            cleaned["changes"] = self.changes()
            if not cleaned["changes"]:
                raise forms.ValidationError(
                    "No themes were changed. Tick or untick a theme, or cancel."
                )
        return cleaned


@step(
    "set_point_themes",
    PointThemesForm,
    template="complaints/step_form.html",
    guidance="Tick what each complaint point is about. Themes show patterns across "
    "complaints: the case page warns when a team or theme has had a finding upheld in the "
    "12 months before, and the learning log can be filtered by theme.",
)
def _set(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    # Each changed point is its own action and event; one atomic block around them makes the
    # page's save all or nothing, so a refusal on the third point leaves the first two as
    # they were and the page can be corrected and saved again.
    with transaction.atomic():
        for point, ids in data["changes"]:
            try:
                set_point_themes(
                    complaint, by=user, point=point, themes=Theme.objects.filter(pk__in=ids)
                )
            except Refused as exc:
                field = field_name(point) if exc.field == "themes" else exc.field
                raise Refused(exc.message, field=field) from None
