"""Appointment step forms: appointing (with suggestions from the roster), standing down, and
time spent and fees.

The appoint page works in three steps without JavaScript, each a plain GET link or form:
choose the role (``?role=``), see who is suggested for it and pick one (``&person=``), then
fill in the appointment. The step view hands every step form the query string, so the form
reads the role and person chosen there, and the template asks it for the page (``form.page``).
The rules stay in ``complaints.actions.appointments``: the person list offers the people who
hold the role and whom no rule rules out (already involved in the complaint, a member or officer
of the council for an independent role, no DBS check in date), but anyone submitted is passed
on so the action can say which rule stands in the way, beside the right box, with nothing
saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from heard.complaints.actions import appointments
from heard.complaints.actions import time as time_actions
from heard.complaints.models import Appointment, Complaint
from heard.complaints.models.choices import INDEPENDENT_ROLES, PANEL_ROLES, AppointmentRole
from heard.complaints.steps import step
from heard.complaints.steps.fields import (
    StepForm,
    date_field,
    happened_on_field,
    short_text,
    staff_with_role,
    text_area,
)
from heard.complaints.suggestions import ROLE_GROUPS, LeftOut, Shortlist, Suggestion, shortlist
from heard.complaints.transitions import Refused
from heard.numbers import whole_number
from heard.people.models import User
from heard.people.roles import StaffRole, is_complaints_staff

# -- appointing ---------------------------------------------------------------------------

# The roles in the order the question lists them, with the words it uses.
ROLE_CHOICES: dict[str, str] = {
    AppointmentRole.INVESTIGATING_OFFICER: "Investigating Officer",
    AppointmentRole.INDEPENDENT_PERSON: "Independent Person",
    AppointmentRole.ADJUDICATOR: "Adjudicating officer (senior manager)",
    AppointmentRole.PANEL_CHAIR: "Stage 3 panel chair",
    AppointmentRole.PANEL_MEMBER: "Stage 3 panel member",
}

# Headings for the person list when the role has no roster (the adjudicating officer is a
# senior manager of the council, chosen from the staff who hold that role).
STAFF_LISTS: dict[str, tuple[str, str]] = {
    AppointmentRole.ADJUDICATOR: (StaffRole.ADJUDICATING_OFFICER, "Adjudicating officers"),
}


def person_label(user: User) -> str:
    return f"{user} ({user.organisation})" if user.organisation else str(user)


class PersonField(forms.ChoiceField):
    """A person from the list for the chosen role. Any signed-up person is accepted here, so
    that choosing someone who may not hold the role is answered by the action's rule, in its
    words, rather than by a bare "not one of the choices"."""

    def valid_value(self, value: Any) -> bool:
        return True


@dataclass
class AppointPage:
    """What the appoint page shows around the form, worked out once."""

    role: str | None
    role_label: str = ""
    shortlist: Shortlist | None = None
    chosen: Suggestion | LeftOut | None = None
    panel: list[Appointment] = field(default_factory=list)
    panel_places_left: int = 0

    @property
    def independent(self) -> bool:
        return self.role in INDEPENDENT_ROLES

    @property
    def is_panel(self) -> bool:
        return self.role in PANEL_ROLES


class AppointForm(StepForm):
    """Who, in which role, and the independence record the independent roles need."""

    on = happened_on_field("Date of the appointment", "the date of the appointment")

    role = forms.ChoiceField(
        label="Which role are you appointing to?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the role",
            "invalid_choice": "Choose one of the roles that can be appointed now",
        },
    )
    person = PersonField(
        label="Who are you appointing?",
        error_messages={"required": "Choose the person"},
    )
    conflict_declaration = text_area(
        "Conflict of interest declaration",
        "What the person declared, including any earlier dealings with the complainant or "
        "their representative, the child or family, or the staff involved (for example while "
        "working for the council). Write 'None' if they declared none.",
        required=False,
        rows=4,
    )
    attested_not_council = forms.BooleanField(
        label="They are not a member or officer of this council",
        required=False,
    )
    attested_not_spouse = forms.BooleanField(
        label="They are not the spouse or civil partner of a member or officer of this council",
        required=False,
    )
    former_staff_warning_acknowledged = forms.BooleanField(
        label="I have considered that they left the council less than 3 years ago",
        help_text="Only needed if they used to work for the council.",
        required=False,
    )
    submit_label = "Appoint"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = appointments.ROLES_IN_STATUS.get(self.complaint.status, frozenset())
        self.allowed_roles = [role for role in ROLE_CHOICES if role in allowed]
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (role, ROLE_CHOICES[role]) for role in self.allowed_roles
        ]
        self._page: AppointPage | None = None

    def clean_person(self) -> User:
        pk = whole_number(self.cleaned_data["person"])
        person = User.objects.filter(pk=pk, is_active=True).first() if pk is not None else None
        if person is None:
            raise ValidationError("Choose the person")
        return person

    @property
    def chosen_role(self) -> str | None:
        """The role answered: the submitted one, else the one in the query string."""
        source = self.data if self.is_bound else self.query
        role = source.get("role") or None
        return role if role in self.allowed_roles else None

    def page(self) -> AppointPage:
        """Set the person list for the chosen role, pre-fill the person picked from the
        suggestions, and say what the page shows around the form. Called by the template."""
        if self._page is not None:
            return self._page
        role = self.chosen_role
        page = AppointPage(role=role)
        if role is not None:
            page.role_label = ROLE_CHOICES[role]
            self.fields["role"].initial = role
            page.shortlist, choices = self._people(role)
            cast(forms.ChoiceField, self.fields["person"]).choices = choices
            picked = whole_number(
                self.data.get("person") if self.is_bound else self.query.get("person")
            )
            if picked is not None:
                if not self.is_bound:
                    self.fields["person"].initial = str(picked)
                if page.shortlist is not None:
                    page.chosen = page.shortlist.find(picked)
        if role in PANEL_ROLES:
            page.panel = [
                a
                for a in self.complaint.appointments.select_related("person")
                if a.role in PANEL_ROLES and a.ended_on is None
            ]
            page.panel_places_left = max(appointments.PANEL_SIZE - len(page.panel), 0)
        self._page = page
        return page

    def _people(self, role: str) -> tuple[Shortlist | None, list[Any]]:
        """The person list: the suggested first, then the others who hold the role."""
        blank: list[Any] = [("", "Choose a person")]
        if role in ROLE_GROUPS:
            found = shortlist(self.complaint, role, on=timezone.localdate())
            suggested = [(str(s.person.pk), person_label(s.person)) for s in found.suggested]
            # Someone the rules would refuse is not offered: choosing them could only end in
            # a refusal. Someone merely away or at capacity is offered, with the reason.
            others = [
                (str(o.person.pk), f"{person_label(o.person)}: {o.sentences[0]}")
                for o in found.left_out
                if not o.ruled_out(role)
            ]
            groups = [("Suggested", suggested), ("Not suggested", others)]
            return found, blank + [(name, options) for name, options in groups if options]
        staff_role, heading = STAFF_LISTS[role]
        # One person, one role on a complaint, ever: anyone who has held a role is not offered.
        involved = {a.person_id for a in self.complaint.appointments.all()}
        people = [
            (str(u.pk), person_label(u))
            for u in staff_with_role(staff_role)
            if u.pk not in involved
        ]
        return None, blank + ([(heading, people)] if people else [])


@step(
    "appoint",
    AppointForm,
    template="complaints/steps/appoint.html",
    guidance="Choose the role first: Heard then suggests people from the roster who hold it, "
    "are free, have a DBS check in date and have room for another complaint, best match "
    "first. One person can hold only one role on a complaint, so the Stage 2 Independent "
    "Person can never sit on the panel. The Independent Person and the three panel members "
    "must be independent: not a member or officer of the council, nor the spouse or civil "
    "partner of one.",
)
def _appoint(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    appointments.appoint(complaint, by=user, **data)


# -- standing down ------------------------------------------------------------------------


class AppointmentChoiceField(forms.ModelChoiceField):
    """One of this complaint's appointments, shown as "Name (role)"."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.person} ({obj.get_role_display()})"


def appointment_field(queryset: QuerySet[Appointment], label: str, error: str) -> Any:
    field = AppointmentChoiceField(
        queryset=queryset, label=label, empty_label=None, widget=forms.RadioSelect
    )
    field.error_messages["required"] = error
    field.error_messages["invalid_choice"] = error
    return field


class StandDownForm(StepForm):
    on = happened_on_field("Date they stood down", "the date they stood down")
    reason = text_area(
        "Why are they standing down?",
        "For example, a conflict of interest that has come to light, or illness.",
        error="Enter the reason for standing them down",
    )
    field_order = ["appointment", "reason"]

    def more_fields(self) -> dict[str, forms.Field]:
        panel = self.complaint.appointments.filter(
            role__in=PANEL_ROLES, ended_on__isnull=True
        ).select_related("person")
        return {
            "appointment": appointment_field(
                panel, "Who is standing down from the panel?", "Choose who is standing down"
            )
        }


@step(
    "stand_down",
    StandDownForm,
    guidance="Stand a panel member down when they cannot go on, for example because a "
    "conflict of interest has come to light. They stay in the record and cannot be appointed "
    "to this complaint again in any role. Appoint someone in their place before the panel "
    "meets.",
)
def _stand_down(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    try:
        appointments.stand_down(
            complaint,
            by=user,
            appointment=data["appointment"],
            reason=data["reason"],
            on=data["on"],
        )
    except Refused as exc:
        # The action names the person; on this form the person is the appointment chosen.
        field_name = "appointment" if exc.field == "person" else exc.field
        raise Refused(exc.message, field=field_name) from None


# -- time and fees ------------------------------------------------------------------------


class MoneyField(forms.DecimalField):
    """An amount in pounds; a typed "£" and thousands commas are allowed."""

    def to_python(self, value: Any) -> Any:
        """A Decimal, or None when empty (typed Any: django-stubs give DecimalField
        IntegerField's return type)."""
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "")
        return super().to_python(value)


def _number_input(width: int) -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "class": f"govuk-input--width-{width}"})


class RecordTimeForm(StepForm):
    worked_on = date_field("the date worked", "Date worked")
    hours = forms.DecimalField(
        label="Hours worked",
        help_text="For example, 3.5",
        max_digits=5,
        decimal_places=2,
        widget=_number_input(4),
        error_messages={
            "required": "Enter the hours worked",
            "invalid": "Enter the hours as a number, like 3.5",
            "max_decimal_places": "Enter the hours to no more than 2 decimal places",
            "max_digits": "The hours must be 24 or fewer",
            "max_whole_digits": "The hours must be 24 or fewer",
        },
    )
    fee = MoneyField(
        label="Fee in pounds (optional)",
        required=False,
        max_digits=8,
        decimal_places=2,
        widget=_number_input(5),
        error_messages={
            "invalid": "Enter the fee as an amount in pounds, like 150.00",
            "max_decimal_places": "Enter the fee in pounds and pence, like 150.00",
            "max_digits": "The fee must be less than £1,000,000",
            "max_whole_digits": "The fee must be less than £1,000,000",
        },
    )
    description = short_text(
        "What was the work?",
        "For example, 'Interviewed the team manager'. Shown on the provider's invoice.",
        error="Describe the work done",
        max_length=300,
    )
    field_order = ["appointment", "worked_on", "hours", "fee", "description"]

    def more_fields(self) -> dict[str, forms.Field]:
        mine = self.complaint.appointments.filter(role__in=time_actions.PAID_ROLES).select_related(
            "person__roster_entry"
        )
        if not is_complaints_staff(self.user):
            mine = mine.filter(person=self.user)
        field = appointment_field(mine, "Whose time is it?", "Choose whose time it is")
        choices = list(mine)
        if len(choices) == 1:
            field.initial = choices[0].pk
        self.rates = [(a.person, time_actions.hourly_rate(a)) for a in choices]
        return {"appointment": field}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rates = [
            f"{person}: {time_actions.pounds(rate)} an hour" for person, rate in self.rates if rate
        ]
        hint = "Leave blank to charge the hours at the hourly rate agreed on the roster"
        self.fields["fee"].help_text = f"{hint} ({'; '.join(rates)})." if rates else f"{hint}."


@step(
    "record_time",
    RecordTimeForm,
    guidance="Record each day's work on the complaint, with the fee to be charged. The "
    "complaints team sends each provider a monthly statement of their officers' time.",
)
def _record_time(complaint: Complaint, user: Any, data: dict[str, Any]) -> None:
    time_actions.record_time(complaint, by=user, **data)
