"""Complaint models, one module per part of the case."""

from heard.complaints.models.appointments import Appointment
from heard.complaints.models.complaint import Complaint, Deferral
from heard.complaints.models.parties import Child, Complainant
from heard.complaints.models.stages import CopySent, Stage1, Stage2
from heard.complaints.models.statement import ComplaintPoint, StatementVersion

__all__ = [
    "Appointment",
    "Child",
    "Complaint",
    "Complainant",
    "ComplaintPoint",
    "CopySent",
    "Deferral",
    "Stage1",
    "Stage2",
    "StatementVersion",
]
