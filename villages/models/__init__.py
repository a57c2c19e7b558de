from .cooperation import (
    Agreement,
    AgreementDocument,
    AgreementFunding,
    AgreementParty,
    AgreementPhoto,
    AgreementUpdate,
    CooperationReminder,
    Milestone,
    ResourceMessage,
    ResourcePost,
    StaffExchange,
)
from .networks import Network, NetworkMembership
from .regions import TIME_ZONES, Region, RegionQuerySet
from .villages import IdmScore, Official, OfficialInvitation, Position, Village

__all__ = [
    "Agreement",
    "AgreementDocument",
    "AgreementFunding",
    "AgreementParty",
    "AgreementPhoto",
    "AgreementUpdate",
    "CooperationReminder",
    "Milestone",
    "ResourceMessage",
    "ResourcePost",
    "StaffExchange",
    "TIME_ZONES",
    "IdmScore",
    "Network",
    "NetworkMembership",
    "Official",
    "OfficialInvitation",
    "Position",
    "Region",
    "RegionQuerySet",
    "Village",
]
