"""Everything the portal holds about one child, for a parent's request for inzage (AVG art. 15)."""

from django.db.models import Prefetch

from audit.models import AccessLog

from .models import ContactMoment, GroupPlacement, StatusChange, Trajectory


def _name(user):
    return (user.get_full_name() or user.username) if user else ""


def _date(value):
    return value.isoformat() if value else None


def collect(child, reader):
    """What the portal holds about `child`, as far as `reader` (a coördinator) may see it: the trajectories of
    the pilots they coordinate, and the access log of those. A trajectory of the same child in another pilot,
    at the same school or elsewhere, is that pilot's to give."""
    trajectories = (
        Trajectory.objects.restrict(reader, "coordinate").filter(child=child)
        .select_related("school", "pilot", "coach", "registered_by", "referral__organisation")
        .prefetch_related(
            "concern_areas",
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("changed_by")),
            Prefetch("record_changes"),
            Prefetch("contact_moments", queryset=ContactMoment.objects.select_related("created_by")),
            Prefetch("placements", queryset=GroupPlacement.objects.select_related("arrangement")
                     .prefetch_related("day_parts")),
        )
        .order_by("registered_at")
    )
    trajectories = list(trajectories)
    shown = [str(trajectory.pk) for trajectory in trajectories]
    return {
        "kind": {
            "pseudoniem": child.code, "voornaam": child.given_name, "achternaam": child.family_name,
            "geboortedatum": _date(child.date_of_birth), "groep": child.get_group_display(),
            "school": child.school.name, "vastgelegd_op": _date(child.created_at),
        },
        "trajecten": [_trajectory(t) for t in trajectories],
        "toegangslog": [
            {"tijdstip": _date(row.at), "gebruiker": row.username, "rol": row.roles, "organisatie": row.organisation,
             "handeling": row.get_action_display(), "uitkomst": row.get_outcome_display(),
             "adres": row.client_address, "toelichting": row.detail}
            for row in AccessLog.objects.filter(child_code=child.code, object_type="traject", object_id__in=shown)
            .order_by("at", "pk")
        ],
    }


def _trajectory(t):
    referral = getattr(t, "referral", None)
    return {
        "nummer": t.pk, "pilot": t.pilot.name, "school": t.school.name, "status": t.get_status_display(),
        "aangemeld_op": _date(t.registered_at), "aangemeld_door": _name(t.registered_by),
        "leerkracht": t.teacher_name, "hulpvraag": t.help_request, "al_geprobeerd": t.tried_already,
        "zorggebieden": [area.name for area in t.concern_areas.all()],
        "al_betrokken": t.help_involved_display(), "gevraagd": t.requested_support_display(),
        "urgentie": t.get_urgency_display(),
        "toestemming": {"gegeven": t.consent_given, "datum": _date(t.consent_date),
                        "door": t.get_consent_by_display(), "voor": t.consent_purposes_display()},
        "coach": _name(t.coach), "startdatum": _date(t.start_date), "einddatum": _date(t.end_date),
        "uitkomst": t.get_outcome_display(),
        "doorverwijzing": {"soort_hulp": referral.get_help_kind_display(), "datum": _date(referral.date),
                           "organisatie": referral.organisation.name if referral.organisation else "",
                           "toelichting": referral.note} if referral else None,
        "statuswijzigingen": [
            {"op": _date(c.changed_at), "door": _name(c.changed_by), "van": c.get_from_status_display(),
             "naar": c.get_to_status_display(), "toelichting": c.reason}
            for c in t.status_changes.all()
        ],
        "wijzigingen": [{"op": _date(c.changed_at), "wijzigingen": c.changes} for c in t.record_changes.all()],
        "contactmomenten": [
            {"datum": _date(m.date), "soort": m.get_kind_display(), "minuten": m.minutes, "verslag": m.note,
             "zichtbaar_voor_school": m.shared_with_school, "door": _name(m.created_by)}
            for m in t.contact_moments.all()
        ],
        "plaatsingen": [
            {"groepsarrangement": p.arrangement.name, "dagdelen": [str(d) for d in p.day_parts.all()],
             "vanaf": _date(p.start_date), "tot_en_met": _date(p.end_date)}
            for p in t.placements.all()
        ],
    }
