"""Agreed actions, from agreement to sign-off, and archiving (domain.md rule 38)."""
