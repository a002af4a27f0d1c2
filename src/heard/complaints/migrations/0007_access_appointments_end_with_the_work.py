"""Appointments end with their work (ADR 022): the field that says an appointment ended that
way, and the endings the rule would have made already, each recorded as a case event.

The rule is copied here as it stands today (``complaints.appointment_ends``) so this migration
means the same thing whatever the rule becomes later.
"""

from typing import Any

from django.db import migrations, models
from django.utils import timezone

IO, IP, ADJ = "investigating_officer", "independent_person", "adjudicator"
RESPONDER, CHAIR, MEMBER = "stage1_responder", "panel_chair", "panel_member"
STAGE2 = {IO, IP, ADJ}
PANEL = {IO, IP, CHAIR, MEMBER}
WORK_IN_STATUS = {
    "intake": {RESPONDER},
    "stage1_open": {RESPONDER},
    "stage2_setup": STAGE2,
    "stage2_investigation": STAGE2,
    "stage2_adjudication": STAGE2,
    "stage3_requested": {IO, IP},
    "stage3_panel": PANEL,
    "stage3_report": PANEL,
    "stage3_response": PANEL,
}
ROLE_LABELS = {
    RESPONDER: "Stage 1 responder",
    IO: "Investigating Officer",
    IP: "Independent Person",
    ADJ: "Adjudicating officer",
    CHAIR: "Stage 3 panel chair",
    MEMBER: "Stage 3 panel member",
}


def end_finished_work(apps: Any, schema_editor: Any) -> None:
    Appointment = apps.get_model("complaints", "Appointment")
    CaseEvent = apps.get_model("audit", "CaseEvent")
    today = timezone.localdate()
    current = Appointment.objects.filter(ended_on__isnull=True).select_related(
        "complaint", "person"
    )
    for a in current.iterator():
        complaint = a.complaint
        if complaint.archived_on is None and a.role in WORK_IN_STATUS.get(complaint.status, ()):
            continue
        why = (
            "the complaint was archived"
            if complaint.archived_on is not None
            else f"their work had ended when this rule came in (status '{complaint.status}')"
        )
        # Historical models have no methods: the name is put together as User.__str__ does.
        name = f"{a.person.first_name} {a.person.last_name}".strip() or a.person.username
        Appointment.objects.filter(pk=a.pk).update(ended_on=today, ended_with_work=True)
        CaseEvent.objects.create(
            complaint_id=complaint.pk,
            name="appointment.ended",
            summary=f"{name}'s appointment as {ROLE_LABELS.get(a.role, a.role)} ended: {why}",
            by=None,
            details={"appointment": a.pk, "person": a.person_id, "role": a.role, "why": why},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0006_shown_backfill_decisions"),
        ("audit", "0003_versions_text_and_submissions"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="ended_with_work",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(end_finished_work, migrations.RunPython.noop),
    ]
