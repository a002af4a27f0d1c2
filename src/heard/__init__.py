"""Heard: case management for children's social care complaints in England."""
