import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Beside each free-text municipality, a reference to a real one; 0007 fills it, 0008 drops the text (the text
    may be blank meanwhile, so that going back re-adds it empty before 0007 writes the names back)."""

    dependencies = [("partners", "0005_seed_municipalities")]

    operations = [
        migrations.AlterField(
            model_name="school",
            name="municipality",
            field=models.CharField(blank=True, max_length=100, verbose_name="gemeente"),
        ),
        migrations.AddField(
            model_name="school",
            name="cbs_municipality",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="partners.municipality"),
        ),
        migrations.AddField(
            model_name="organisation",
            name="cbs_municipality",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="partners.municipality"),
        ),
    ]
