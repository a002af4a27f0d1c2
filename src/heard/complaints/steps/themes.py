"""The step that sets the themes of a complaint point."""
