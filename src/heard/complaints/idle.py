"""Steps the workflow allows now but that have nothing to act on for this complaint.

The workflow table says who may do what in each status; some of those steps need something to
act on (an open action to record as done, an Ombudsman case to add a remedy to, a panel member
to stand down). The case page leaves such steps out of "What you can do" rather than offering a
form that can only be refused. Like ``guards``, this reads the complaint's prefetched relations
(see ``views.case_page.case_queryset``) and imports no app that depends on complaints.
"""

from __future__ import annotations

from heard.complaints.models import Complaint
from heard.complaints.models.choices import PANEL_ROLES


def idle_steps(complaint: Complaint) -> frozenset[str]:
    actions = list(complaint.actions.all())
    cases = list(complaint.ombudsman_cases.all())
    remedies = [remedy for case in cases for remedy in case.remedies.all()]
    current = [a for a in complaint.appointments.all() if a.ended_on is None]
    idle: set[str] = set()
    if not any(d.ended_on is None for d in complaint.deferrals.all()):
        idle.add("end_deferral")
    if not any(a.state == "open" for a in actions):
        idle.add("complete_action")
    if not any(a.state == "done" for a in actions):
        idle.add("sign_off_action")
    if not cases:
        idle |= {"record_ombudsman_decision", "add_remedy"}
    if not any(r.action.completed_on for r in remedies):
        idle.add("record_remedy_evidence")
    if not any(a.role in PANEL_ROLES for a in current):
        idle.add("stand_down")
    if not complaint.points.all():
        idle.add("set_point_themes")
    if not complaint.appointments.all():
        idle.add("record_time")
    return frozenset(idle)
