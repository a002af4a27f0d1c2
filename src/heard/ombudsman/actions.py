"""The Ombudsman's enquiries, decisions and remedies (domain.md rule 39)."""
