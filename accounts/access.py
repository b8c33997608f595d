"""Who holds which role where: the one place the scoping querysets ask.

Every queryset's `restrict(user, action)` (scoping.py) composes these ids, so a role's reach is written once. The
memberships of the request's user are read once and kept on the user object.
"""

from django.db.models import Q

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
    """Pilots in whose team the user holds one of `roles`. A coördinator's reach includes the sub-pilots of
    the pilots they coordinate, and the responsible kernteamlid (`Pilot.lead`) of a pilot coordinates it
    (issue 17): both are read once per request, so that every queryset's `restrict()` gets them here."""
    ids = set(_ids(user, roles, "pilot_id"))
    if Role.COORDINATOR in roles:
        ids |= coordinated_pilot_ids(user)
    return sorted(ids)


def coordinated_pilot_ids(user):
    """The pilots the user coordinates by membership or as lead (kernteamlid), with all their sub-pilots."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_kid_coordinated_pilots", None)
    if cached is None:
        # Membership's pilot model without importing pilots (the layering): one query, two levels down.
        pilots = Membership._meta.get_field("pilot").related_model.objects
        own = _ids(user, (Role.COORDINATOR,), "pilot_id")
        reach = Q(lead=user) | Q(pk__in=own) | Q(parent__in=own) | Q(parent__parent__in=own)
        reach |= Q(parent__lead=user) | Q(parent__parent__lead=user)
        cached = set(pilots.filter(reach).values_list("pk", flat=True))
        user._kid_coordinated_pilots = cached
    return cached


def partnership_ids(user, roles=(Role.STUURGROEP,)):
    return _ids(user, roles, "partnership_id")


def _ids(user, roles, attribute):
    """From the memberships already read for this request: a list of ids makes a simpler query
    for the database to plan than a subquery on memberships and users, on every page."""
    return sorted({getattr(m, attribute) for m in memberships_of(user) if m.role in roles} - {None})


def needs_second_factor(user):
    """Coördinatoren and functioneel beheerders reach many children's data: they log in with TOTP too."""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.COORDINATOR, Role.BEHEERDER))
