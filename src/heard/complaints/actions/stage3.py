"""Stage 3: the request, the panel, its report and the council's response (domain.md rules 30
to 37)."""
