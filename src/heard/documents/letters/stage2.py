"""Letters from Stage 2: the investigation by an Investigating Officer and an Independent Person.

The first block (acknowledgement to non-engagement) covers the start of Stage 2, up to the
agreed Statement of Complaint; entries for the investigation's end follow it.
"""

from __future__ import annotations

# --- The start of Stage 2: request, appointments, Statement of Complaint, engagement ---------

# --- The end of Stage 2 (entries added below) ------------------------------------------------
