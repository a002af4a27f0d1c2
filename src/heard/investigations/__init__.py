"""Investigations: consent to access records, contact attempts, the plan, rooms, interviews
and records requests for a Stage 2 investigation."""
