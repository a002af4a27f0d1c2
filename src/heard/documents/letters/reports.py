"""The three reports: the Investigating Officer's, the Independent Person's and the panel's.

A report is not a letter to someone: it is one document per case (``kind="report"``), made
from the case's records and the parts its writer types (``documents.narratives``), redrafted
from the latest of both whenever it is asked for, and frozen by the step that makes it final.
So no entry is drafted by an event (``on`` is empty): the finalising steps are subscribed
here to ``narratives.freeze_report`` instead, which makes the report one last time and
makes it final, inside the step's transaction.

``readers`` are the appointments, beside complaints staff, who may open each report: the
adjudicator reads both Stage 2 reports before deciding (rule 28), the Independent Person
comments on the Investigating Officer's (rule 26), the review panel reviews the Stage 2
outcome (reg 19), and the panel's report goes to the Stage 2 Independent Person (rule 36).
"""

from __future__ import annotations

from heard.audit.subscribers import subscribe
from heard.complaints.models.choices import AppointmentRole
from heard.documents.catalogue import Letter, register_letter
from heard.documents.narratives import FINALISED_BY, freeze_report, report_data_for

IO = f"appointed:{AppointmentRole.INVESTIGATING_OFFICER}"
IP = f"appointed:{AppointmentRole.INDEPENDENT_PERSON}"
ADJUDICATOR = f"appointed:{AppointmentRole.ADJUDICATOR}"
PANEL = frozenset(
    {f"appointed:{AppointmentRole.PANEL_CHAIR}", f"appointed:{AppointmentRole.PANEL_MEMBER}"}
)

register_letter(
    Letter(
        key="io_report",
        title="Investigating Officer's report",
        rule=(
            "Rules 25 and 27: a finding with reasons on every point of the agreed statement, "
            "fact-checked before it is final"
        ),
        on=(),
        kind="report",
        readers=frozenset({IO, IP, ADJUDICATOR}) | PANEL,
        more_data=report_data_for("io_report"),
    )
)

register_letter(
    Letter(
        key="ip_report",
        title="Independent Person's report",
        rule=(
            "Rule 26: the Independent Person's view on each finding, and whether the "
            "investigation was fair and complete"
        ),
        on=(),
        kind="report",
        readers=frozenset({IP, ADJUDICATOR}) | PANEL,
        more_data=report_data_for("ip_report"),
    )
)

register_letter(
    Letter(
        key="panel_report",
        title="Review panel's report",
        rule="Rule 36: a summary of the representations and the panel's recommendations",
        on=(),
        kind="report",
        readers=frozenset({IP, ADJUDICATOR}) | PANEL,
        more_data=report_data_for("panel_report"),
    )
)

for _event_name in FINALISED_BY.values():
    subscribe(_event_name, freeze_report)
