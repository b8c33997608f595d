from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base import places

from . import access
from .models import Role

# Each entry: (label, url name, roles that may use it). The start view and these links
# follow the same roles; the views themselves are guarded by the scoping querysets. A label may name the
# user's own places, as %(my_places)s: "mijn school(en)", "mijn kinderopvang" (base/places.py).
NAVIGATION = [
    (_("Kind aanmelden"), "trajecten:register", {Role.IB}),
    (_("Aanmeldingen van %(my_places)s"), "trajecten:school_list", {Role.IB}),
    (_("Mijn trajecten"), "trajecten:caseload", {Role.COACH}),
    (_("Mijn nazorg"), "trajecten:my_follow_ups", {Role.COACH}),
    (_("Nieuwe aanmeldingen"), "trajecten:queue", {Role.COACH, Role.COORDINATOR}),
    (_("Alle trajecten"), "trajecten:list", {Role.COACH, Role.COORDINATOR}),
    (_("Nazorg"), "trajecten:follow_ups", {Role.COORDINATOR}),
    (_("Overdrachten"), "trajecten:handovers", {Role.IB, Role.COORDINATOR}),
    (_("Dashboard"), "dashboards:dashboard", {Role.COORDINATOR, Role.STUURGROEP, Role.BEHEERDER}),
    (_("Pilots"), "pilots:list", {Role.IB, Role.COACH, Role.COORDINATOR, Role.STUURGROEP}),
    (_("Toegangslog"), "audit:access_log", {Role.BEHEERDER}),
    (_("Beheer"), "admin:index", {Role.BEHEERDER}),
]


def is_current(url_name, current):
    """The menu item of the page one is on: the page itself; for the dashboard, pilots, access log and admin
    also their further pages. The trajectory pages belong to no single list and mark none."""
    section = url_name.partition(":")[0]
    return url_name == current or (section != "trajecten" and current.partition(":")[0] == section)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": [], "place_words": places.SCHOOL_WORDS}
    if access.needs_second_factor(user) and not user.is_verified():
        return {"navigation": [], "user_roles": [], "place_words": places.SCHOOL_WORDS}
    roles = access.roles_of(user)
    if user.is_superuser:
        roles.add(Role.BEHEERDER)
    current = request.resolver_match.view_name if request.resolver_match else ""
    place_words = access.registrar_words(user)
    words = {"my_places": place_words.my_places}
    items = []
    for label, url_name, allowed in NAVIGATION:
        if roles & allowed:
            items.append({"label": label % words, "url": reverse(url_name), "active": is_current(url_name, current)})
    labels = {str(membership.role_label) for membership in access.memberships_of(user)}
    if user.is_superuser:
        labels.add(str(Role.BEHEERDER.label))
    return {
        "navigation": items,
        "user_roles": sorted(labels),
        # The words of the places where the user registers (base/places.py), for any page's template.
        "place_words": place_words,
    }
