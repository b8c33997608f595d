"""The continuing line (doorgaande lijn, issue 18.2): a kinderopvang hands a peuter over to the basisschool it goes
to. One transaction: the handover, the child's move to its new place, and the access-log row, or nothing.

The child stays one child: `Child.school` is the child's current place, and the handover moves it. The school then
finds the same child when it registers them (registrations.matching_child), and the new trajectory links to the
earlier one (`Trajectory.previous`). See docs/decisions.md, "The continuing line (issue 18)".
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.log import log_access
from partners.models import School, SchoolType

from .models import Child, ConsentPurpose, Handover, Trajectory
from .registrations import matching_child
from .workflow import require_consent

RECEIVING_TYPES = (SchoolType.BASISSCHOOL, SchoolType.IKC, SchoolType.SBO, SchoolType.SO)


def receiving_schools(trajectory):
    """The places a trajectory's peuter can be handed over to: the schools (not kinderopvang) of its
    samenwerkingsverband."""
    return School.objects.filter(
        partnership=trajectory.school.partnership_id, school_type__in=RECEIVING_TYPES,
    ).order_by("name")


@transaction.atomic
def hand_over(trajectory, *, to_school, date, summary, facts, by, request=None):
    # The trajectory's row, as a placement does: a withdrawal of consent claims it, so the two do not pass.
    Trajectory.objects.select_for_update().filter(pk=trajectory.pk).first()
    if not trajectory.school.words.is_childcare:
        raise ValidationError(_("Alleen een kinderopvang draagt een peuter over aan een school."))
    if to_school.partnership_id != trajectory.school.partnership_id or to_school.school_type not in RECEIVING_TYPES:
        raise ValidationError(_("Deze school hoort niet bij het samenwerkingsverband van de kinderopvang."))
    if Handover.objects.filter(trajectory=trajectory).exists():
        raise ValidationError(_("Dit traject is al overgedragen."))
    require_consent(trajectory, ConsentPurpose.HANDOVER, date)
    child = Child.objects.select_for_update().get(pk=trajectory.child_id)
    known = matching_child(to_school, child.given_name, child.family_name, child.date_of_birth)
    if known is not None:
        raise ValidationError(_(
            "%(school)s kent dit kind al (pseudoniem %(code)s). Twee dossiers van één kind samenvoegen kan nog "
            "niet; neem contact op met de functioneel beheerder."
        ) % {"school": to_school.name, "code": known.code})
    handover = Handover.objects.create(
        trajectory=trajectory, to_school=to_school, date=date, summary=summary.strip(), facts=list(facts),
        created_by=by,
    )
    child.school = to_school
    child.save(update_fields=["school"])
    trajectory.child = child
    log_access(request, "change", trajectory=trajectory, detail=_("overdracht aan %(school)s") % {
        "school": to_school.name})
    return handover
