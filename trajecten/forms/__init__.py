from .handover import HandoverForm
from .registration import RegistrationForm, already_registered_message, same_child_message
from .work import (
    AssignForm,
    CompleteForm,
    ConsentForm,
    ConsentWithdrawalForm,
    ContactMomentForm,
    FollowUpForm,
    PlacementForm,
    ReassignCaseloadForm,
    ReferForm,
    StartForm,
    WithdrawForm,
)

__all__ = [
    "AssignForm",
    "CompleteForm",
    "ConsentForm",
    "ConsentWithdrawalForm",
    "ContactMomentForm",
    "FollowUpForm",
    "HandoverForm",
    "PlacementForm",
    "ReassignCaseloadForm",
    "ReferForm",
    "RegistrationForm",
    "StartForm",
    "WithdrawForm",
    "already_registered_message",
    "same_child_message",
]
