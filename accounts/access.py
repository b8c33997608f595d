"""Who holds which role where: the one place the scoping querysets ask.

Every queryset's `restrict(user, action)` (scoping.py) composes these ids, so a role's reach is written once. The
memberships of the request's user are read once and kept on the user object.
"""

from base import places

from .models import Membership, Role

TEAM_ROLES = (Role.COACH, Role.COORDINATOR)


def memberships_of(user):
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_kid_memberships", None)
    if cached is None:
        cached = list(Membership.objects.of(user).select_related("organisation", "school"))
        user._kid_memberships = cached
    return cached


def roles_of(user):
    return {membership.role for membership in memberships_of(user)}


def has_role(user, *roles):
    return bool(roles_of(user) & set(roles))


def registrar_words(user):
    """The words of the places where the user registers children: a kinderopvang's when all of them are
    kinderopvang, a school's when all are schools, the mixed words for both (base/places.py)."""
    return places.words_for_all(
        m.school.school_type for m in memberships_of(user) if m.role == Role.IB and m.school_id is not None
    )


def is_beheerder(user):
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.BEHEERDER))


def school_ids(user, roles=(Role.IB,)):
    """Schools where the user holds one of `roles` (IB-er by default)."""
    return _ids(user, roles, "school_id")


def pilot_ids(user, roles=TEAM_ROLES):
    """Pilots in whose team the user holds one of `roles`."""
    return _ids(user, roles, "pilot_id")


def partnership_ids(user, roles=(Role.STUURGROEP,)):
    return _ids(user, roles, "partnership_id")


def _ids(user, roles, attribute):
    """From the memberships already read for this request: a list of ids makes a simpler query
    for the database to plan than a subquery on memberships and users, on every page."""
    return sorted({getattr(m, attribute) for m in memberships_of(user) if m.role in roles} - {None})


def needs_second_factor(user):
    """Coördinatoren and functioneel beheerders reach many children's data: they log in with TOTP too."""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.COORDINATOR, Role.BEHEERDER))
