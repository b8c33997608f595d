"""The parents' consent as a ledger: per parent or guardian (Guardian), each purpose given or withdrawn on a date
(ConsentEntry). Entries are never edited; a withdrawal, or consent given again, is a new entry.

The rule, written once (`holds_condition`): consent for a purpose holds on a day when at least one guardian with
gezag is recorded and every guardian with gezag has given it, as things stood that day. Guardians without gezag
(a step-parent, a foster parent without gezag) are recorded for the team's information; their consent neither
counts nor is needed. The exception: a guardian with gezag who cannot be asked is recorded so, with the reason,
and is not waited for. A single guardian with gezag (eenhoofdig gezag) is simply the only one counted.
See docs/decisions.md, "Consent as a ledger per parent (issue 18)".
"""

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Prefetch
from django.utils import timezone

from .models import ConsentAction, ConsentEntry, ConsentPurpose, Guardian, Trajectory


def _counted(trajectory):
    """The guardians whose consent is needed: those with gezag who can be asked."""
    return Guardian.objects.filter(trajectory=trajectory, has_authority=True, cannot_be_asked=False)


def lacking(trajectory, purpose, on):
    """The guardians with gezag who had not given consent for `purpose` on `on` (never, or withdrawn since)."""
    given = ConsentEntry.objects.in_force(on).filter(
        guardian=OuterRef("pk"), purpose=purpose, action=ConsentAction.GIVEN,
    )
    return _counted(trajectory).exclude(Exists(given))


def holds_condition(purpose, on, trajectory=None):
    """A condition on trajectories (on the outer query's trajectory by default): consent for `purpose` holds
    on the day `on`."""
    trajectory = OuterRef("pk") if trajectory is None else trajectory
    return Exists(_counted(trajectory)) & ~Exists(lacking(trajectory, purpose, on))


def holds(trajectory, purpose, on=None):
    """Does the parents' consent for `purpose` hold for `trajectory` on the day `on` (today by default)? The one
    question every step that needs consent asks (workflow.py, placements.py, the handover to school)."""
    on = on or timezone.localdate()
    return Trajectory.objects.filter(pk=trajectory.pk).filter(holds_condition(purpose, on)).exists()


def purposes_holding(trajectory, on=None):
    """The purposes for which consent holds on `on` (today by default), in the order of ConsentPurpose: the
    database's answer, against which the tests hold the page's reading of the ledger (`holding_in`)."""
    on = on or timezone.localdate()
    flags = Trajectory.objects.filter(pk=trajectory.pk).annotate(**{
        f"holds_{number}": ExpressionWrapper(holds_condition(purpose, on), output_field=BooleanField())
        for number, purpose in enumerate(ConsentPurpose.values)
    }).values(*(f"holds_{number}" for number in range(len(ConsentPurpose.values)))).first() or {}
    return [purpose for number, purpose in enumerate(ConsentPurpose.values) if flags.get(f"holds_{number}")]


def labels(purposes):
    return [str(ConsentPurpose(purpose).label) for purpose in purposes]


def support_consent(on=None):
    """Annotation for lists: consent for support in class holds today."""
    return ExpressionWrapper(holds_condition(ConsentPurpose.SUPPORT, on or timezone.localdate()),
                             output_field=BooleanField())


def withdrawal_in_force(on=None):
    """Annotation for lists: a guardian's withdrawal of some purpose is in force (not given again since)."""
    return Exists(ConsentEntry.objects.in_force(on or timezone.localdate()).filter(
        guardian__trajectory=OuterRef("pk"), action=ConsentAction.WITHDRAWN,
    ))


def withdrawals_in_force(trajectory, on=None):
    """The withdrawals that stand on `on` (today by default), the latest first, with their guardian."""
    return (ConsentEntry.objects.in_force(on or timezone.localdate())
            .filter(guardian__trajectory=trajectory, action=ConsentAction.WITHDRAWN)
            .select_related("guardian").order_by("-on", "-recorded_at"))


def standing_of(guardian, on=None):
    """The guardian's entries in force on `on` (today by default): one per purpose they ever decided on."""
    return ConsentEntry.objects.in_force(on or timezone.localdate()).filter(guardian=guardian)


def ledger(trajectory, on=None):
    """The guardians of `trajectory`, each with `entries` (their whole history, oldest first) and `standing`
    (the entries in force on `on`, by purpose), for the pages that show the ledger. Two queries: the standing is
    read off the history the page loads anyway, with the rule of `ConsentEntry.objects.in_force`."""
    on = on or timezone.localdate()
    entries = ConsentEntry.objects.select_related("recorded_by")  # who recorded it, in the same query
    guardians = list(trajectory.guardians.prefetch_related(Prefetch("entries", queryset=entries)))
    for guardian in guardians:
        latest = {}
        for entry in guardian.entries.all():
            if entry.on <= on:
                key = (entry.on, entry.recorded_at, entry.pk)
                if entry.purpose not in latest or key > latest[entry.purpose][0]:
                    latest[entry.purpose] = (key, entry)
        guardian.standing = sorted((entry for _key, entry in latest.values()),
                                   key=lambda e: ConsentPurpose.values.index(e.purpose))
        guardian.given_now = [e for e in guardian.standing if not e.is_withdrawal]
    return guardians


def holding_in(guardians):
    """The purposes for which consent holds, read off a loaded `ledger()`: `holds_condition`'s rule for a page that
    has the ledger in hand (tests/trajecten/test_consent_ledger.py checks that both always agree)."""
    counted = [g for g in guardians if g.has_authority and not g.cannot_be_asked]
    return [purpose for purpose in ConsentPurpose.values
            if counted and all(any(e.purpose == purpose for e in g.given_now) for g in counted)]


def withdrawals_in(guardians):
    """The withdrawals in force in a loaded `ledger()`, the latest first, each with its guardian."""
    # The prefetch of guardian.entries set each entry's guardian already: no query more.
    withdrawals = [entry for guardian in guardians for entry in guardian.standing if entry.is_withdrawal]
    return sorted(withdrawals, key=lambda e: (e.on, e.recorded_at), reverse=True)


# Writing the ledger's rows. The services that call these (registrations.py) claim the trajectory's version
# first and write the history row and the access-log entry beside them.


def add_guardian(trajectory, *, name, relation, has_authority, by, cannot_be_asked_reason=""):
    return Guardian.objects.create(
        trajectory=trajectory, name=name.strip(), relation=relation, has_authority=has_authority,
        cannot_be_asked=bool(cannot_be_asked_reason.strip()), cannot_be_asked_reason=cannot_be_asked_reason.strip(),
        created_by=by,
    )


def write_given(guardian, purposes, *, on, method, by):
    ConsentEntry.objects.bulk_create([
        ConsentEntry(guardian=guardian, purpose=purpose, action=ConsentAction.GIVEN, on=on, method=method,
                     recorded_by=by)
        for purpose in purposes
    ])
