"""The employer workspace's data: teams, openings, candidates, status updates, imports.

One small module per concern; import the models from here.
"""

from followline.web.employers.models.candidates import (
    Candidate,
    CandidateContact,
    CandidateMilestone,
    Stage,
)
from followline.web.employers.models.imports import ImportJob
from followline.web.employers.models.openings import Opening
from followline.web.employers.models.teams import Membership, Role, Team
from followline.web.employers.models.updates import StatusUpdate

__all__ = [
    "Candidate",
    "CandidateContact",
    "CandidateMilestone",
    "ImportJob",
    "Membership",
    "Opening",
    "Role",
    "Stage",
    "StatusUpdate",
    "Team",
]
