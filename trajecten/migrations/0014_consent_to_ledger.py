"""Each trajectory's one consent record becomes entries in the ledger: a guardian with gezag per giver ('beide
ouders' two: mother and father), each purpose given on the recorded date. The old record knew no names and not
how consent was given: those stay empty. Purposes added later ('Toestemming aanvullen') had no date of their own
and get the first consent's date."""

from django.db import migrations

BATCH = 5_000
GIVERS = {"moeder": ["moeder"], "vader": ["vader"], "beide": ["moeder", "vader"], "voogd": ["voogd"]}


def forwards(apps, schema_editor):
    Trajectory = apps.get_model("trajecten", "Trajectory")
    Guardian = apps.get_model("trajecten", "Guardian")
    ConsentEntry = apps.get_model("trajecten", "ConsentEntry")
    rows = (Trajectory.objects.filter(consent_given=True).order_by("pk")
            .values_list("pk", "consent_date", "consent_by", "consent_purposes", "registered_by_id", "registered_at"))
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        batch.append(row)
        if len(batch) >= BATCH:
            _write(Guardian, ConsentEntry, batch)
            batch = []
    _write(Guardian, ConsentEntry, batch)


def _write(Guardian, ConsentEntry, rows):
    guardians, purposes_of = [], []
    for pk, on, by, purposes, registered_by, registered_at in rows:
        for relation in GIVERS.get(by, ["ouder"]):
            guardians.append(Guardian(trajectory_id=pk, relation=relation, has_authority=True,
                                      created_by_id=registered_by, created_at=registered_at))
            purposes_of.append((purposes, on, registered_by, registered_at))
    Guardian.objects.bulk_create(guardians)
    ConsentEntry.objects.bulk_create([
        ConsentEntry(guardian_id=guardian.pk, purpose=purpose, action="gegeven", on=on, method="",
                     recorded_by_id=by, recorded_at=at)
        for guardian, (purposes, on, by, at) in zip(guardians, purposes_of, strict=True)
        for purpose in dict.fromkeys(purposes)
    ], batch_size=BATCH)


def backwards(apps, schema_editor):
    """Back to one record: consent given when a guardian gave any, on the first date, by whom it was given."""
    Trajectory = apps.get_model("trajecten", "Trajectory")
    ConsentEntry = apps.get_model("trajecten", "ConsentEntry")
    ledger = {}
    for trajectory, relation, purpose, on in (ConsentEntry.objects.filter(action="gegeven").order_by("on", "pk")
                                              .values_list("guardian__trajectory_id", "guardian__relation",
                                                           "purpose", "on").iterator(chunk_size=BATCH)):
        record = ledger.setdefault(trajectory, {"on": on, "relations": set(), "purposes": []})
        record["relations"].add(relation)
        if purpose not in record["purposes"]:
            record["purposes"].append(purpose)
    for trajectory, record in ledger.items():
        relations = record["relations"]
        by = "beide" if {"moeder", "vader"} <= relations else next(
            (r for r in ("moeder", "vader") if relations == {r}), "voogd")
        Trajectory.objects.filter(pk=trajectory).update(
            consent_given=True, consent_date=record["on"], consent_by=by, consent_purposes=record["purposes"])


class Migration(migrations.Migration):

    dependencies = [
        ("trajecten", "0013_consent_ledger"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
