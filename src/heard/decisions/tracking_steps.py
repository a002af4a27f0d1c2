"""Step forms for agreed actions and archiving (domain.md rule 38)."""
