"""Step forms (to be built)."""
