"""The statutory timescales, as data keyed by jurisdiction.

Each rule says how many working days a step has, the most it may have with an extension, what
the count runs from (and which rule's date that is, so the steps can be chained), and where the
figure comes from in words a reader can look up. Wales has different Regulations: a
Welsh set would be a second entry in RULES, not new code. ``refs`` keeps the source numbers in
docs/domain.md for maintainers; pages never show them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class TimescaleRule:
    jurisdiction: str
    key: str
    label: str  # plain English, for the calculator and case pages
    working_days: int
    counted_from: str  # the event the count runs from
    source: str  # where the figure comes from, in words a reader can follow up
    max_working_days: int | None = None  # the most allowed with an extension, if any
    statutory: bool = True  # False for a local target such as the acknowledgement
    # The rule whose date this one is counted from, so the calculator can chain the steps as
    # the procedure does (the panel report from the panel meeting); None: from the complaint.
    after: str | None = None
    refs: str = ""  # the source numbers in docs/domain.md, for maintainers; never shown


REGULATIONS = "The Children Act 1989 Representations Procedure (England) Regulations 2006"
GUIDANCE = "Getting the Best from Complaints (Department for Education and Skills, 2006)"

# In the order the steps happen, so each rule comes after the one it is counted from.
ENGLAND: tuple[TimescaleRule, ...] = (
    TimescaleRule(
        "england",
        "stage1_response",
        "Stage 1 response",
        10,
        "the complaint is received",
        f"{REGULATIONS}, regulation 14; {GUIDANCE}",
        max_working_days=20,
        refs="[14][17]",
    ),
    TimescaleRule(
        "england",
        "stage2_request",
        "Ask for Stage 2",
        20,
        "the Stage 1 response is received",
        f"Local complaints procedures that follow {GUIDANCE}. A later request needs a "
        "recorded decision, never an automatic refusal.",
        after="stage1_response",
        refs="[24][37][39]",
    ),
    TimescaleRule(
        "england",
        "statement_agreed",
        "Statement of Complaint agreed",
        10,
        "the Investigating Officer's first contact with the complainant",
        "Good practice: Hertfordshire County Council's Stage 2 roles and responsibilities",
        after="stage2_request",
        refs="[1]",
    ),
    TimescaleRule(
        "england",
        "stage2_response",
        "Stage 2 response (adjudication)",
        25,
        "the Stage 2 request (some councils count from the agreed Statement of Complaint)",
        f"{REGULATIONS}, regulation 17; {GUIDANCE}",
        max_working_days=65,
        after="stage2_request",
        refs="[17][45]",
    ),
    TimescaleRule(
        "england",
        "stage3_request",
        "Ask for Stage 3",
        20,
        "the Stage 2 adjudication letter is received",
        f"{REGULATIONS}, regulation 18",
        after="stage2_response",
        refs="[24][32]",
    ),
    TimescaleRule(
        "england",
        "panel_meeting",
        "Review panel meets",
        30,
        "the Stage 3 request is received",
        f"{REGULATIONS}, regulation 19(4)",
        after="stage3_request",
        refs="[5]",
    ),
    TimescaleRule(
        "england",
        "panel_report",
        "Panel report sent",
        5,
        "the panel meeting",
        f"{REGULATIONS}, regulation 20",
        after="panel_meeting",
        refs="[6][16]",
    ),
    TimescaleRule(
        "england",
        "council_response",
        "Council's response to the panel",
        15,
        "the panel report is received",
        f"{REGULATIONS}, regulation 20(3)",
        after="panel_report",
        refs="[6][16]",
    ),
)

RULES: dict[str, tuple[TimescaleRule, ...]] = {"england": ENGLAND}


def acknowledgement_rule(jurisdiction: str) -> TimescaleRule:
    """The acknowledgement target: a local setting, reported apart from statutory timescales.
    Its source says it is the council's own target in words; the name of the setting that
    holds it is for whoever runs Heard, not for the people reading the calculator."""
    days = settings.ACKNOWLEDGEMENT_WORKING_DAYS
    return TimescaleRule(
        jurisdiction,
        "acknowledgement",
        "Acknowledge the complaint",
        days,
        "the complaint is received",
        f"A local target this council has set ({days} working day{'s' if days != 1 else ''}). "
        "The Regulations set no figure for the acknowledgement.",
        statutory=False,
        refs="[24][35]",
    )


def rules_for(jurisdiction: str | None = None) -> tuple[TimescaleRule, ...]:
    """Every timescale rule for a jurisdiction, the local acknowledgement target first."""
    jurisdiction = jurisdiction or settings.JURISDICTION
    return (acknowledgement_rule(jurisdiction), *RULES[jurisdiction])


def rule(key: str, jurisdiction: str | None = None) -> TimescaleRule:
    """One rule by key, e.g. ``rule("stage2_response").working_days == 25``."""
    for candidate in rules_for(jurisdiction):
        if candidate.key == key:
            return candidate
    raise KeyError(key)
