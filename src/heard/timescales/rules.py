"""The statutory timescales, as data keyed by jurisdiction.

Each rule says how many working days a step has, the most it may have with an extension, what
the count runs from, and where the figure comes from. Wales has different Regulations: a
Welsh set would be a second entry in RULES, not new code. Numbers in square brackets are the
source numbers in docs/domain.md.
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
    source: str
    max_working_days: int | None = None  # the most allowed with an extension, if any
    statutory: bool = True  # False for a local target such as the acknowledgement


ENGLAND: tuple[TimescaleRule, ...] = (
    TimescaleRule(
        "england",
        "stage1_response",
        "Stage 1 response",
        10,
        "the complaint is received",
        "Children Act 1989 Representations Procedure (England) Regulations 2006, reg 14; "
        "Getting the Best from Complaints [14][17]",
        max_working_days=20,
    ),
    TimescaleRule(
        "england",
        "stage2_request",
        "Ask for Stage 2",
        20,
        "the Stage 1 response is received",
        "Local procedures following Getting the Best from Complaints [24][37][39]; "
        "a later request needs a recorded decision, never an automatic refusal",
    ),
    TimescaleRule(
        "england",
        "stage2_response",
        "Stage 2 response (adjudication)",
        25,
        "the Stage 2 request (or the agreed Statement of Complaint, by local setting)",
        "2006 Regulations, reg 17; Getting the Best from Complaints [17][45]",
        max_working_days=65,
    ),
    TimescaleRule(
        "england",
        "statement_agreed",
        "Statement of Complaint agreed",
        10,
        "the Investigating Officer's first contact with the complainant",
        "Hertfordshire Stage 2 roles and responsibilities [1]",
    ),
    TimescaleRule(
        "england",
        "stage3_request",
        "Ask for Stage 3",
        20,
        "the Stage 2 adjudication letter is received",
        "2006 Regulations, reg 18 [24][32]",
    ),
    TimescaleRule(
        "england",
        "panel_meeting",
        "Review panel meets",
        30,
        "the Stage 3 request is received",
        "2006 Regulations, reg 19(4) [5]",
    ),
    TimescaleRule(
        "england",
        "panel_report",
        "Panel report sent",
        5,
        "the panel meeting",
        "2006 Regulations, reg 20 [6][16]",
    ),
    TimescaleRule(
        "england",
        "council_response",
        "Council's response to the panel",
        15,
        "the panel report is received",
        "2006 Regulations, reg 20(3) [6][16]",
    ),
)

RULES: dict[str, tuple[TimescaleRule, ...]] = {"england": ENGLAND}


def acknowledgement_rule(jurisdiction: str) -> TimescaleRule:
    """The acknowledgement target: a local setting, reported apart from statutory timescales."""
    return TimescaleRule(
        jurisdiction,
        "acknowledgement",
        "Acknowledge the complaint",
        settings.ACKNOWLEDGEMENT_WORKING_DAYS,
        "the complaint is received",
        "Local target (HEARD_ACKNOWLEDGEMENT_WORKING_DAYS); no statutory figure [24][35]",
        statutory=False,
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
