"""Complaint models, one module per part of the case."""

from heard.complaints.models.appointments import Appointment, TimeEntry
from heard.complaints.models.complaint import Complaint, Deferral
from heard.complaints.models.decisions import Decision, DecisionKind
from heard.complaints.models.parties import Child, Complainant
from heard.complaints.models.running import RunningDeadline, WaitsOn
from heard.complaints.models.search import SearchEntry
from heard.complaints.models.stages import Breach, CopySent, Stage1, Stage2, Stage3
from heard.complaints.models.statement import ComplaintPoint, StatementVersion

__all__ = [
    "Appointment",
    "Breach",
    "Child",
    "Complaint",
    "Complainant",
    "ComplaintPoint",
    "CopySent",
    "Decision",
    "DecisionKind",
    "Deferral",
    "RunningDeadline",
    "SearchEntry",
    "Stage1",
    "Stage2",
    "Stage3",
    "StatementVersion",
    "TimeEntry",
    "WaitsOn",
]
