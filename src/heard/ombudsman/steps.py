"""Ombudsman step forms (domain.md rule 39)."""
