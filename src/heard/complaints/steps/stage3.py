"""Stage 3 step forms (domain.md rules 30 to 37)."""
