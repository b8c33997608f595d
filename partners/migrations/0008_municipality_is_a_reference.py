import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("partners", "0007_map_municipality_names")]

    operations = [
        migrations.RemoveField(model_name="school", name="municipality"),
        migrations.RemoveField(model_name="organisation", name="municipality"),
        migrations.RenameField(model_name="school", old_name="cbs_municipality", new_name="municipality"),
        migrations.RenameField(model_name="organisation", old_name="cbs_municipality", new_name="municipality"),
        migrations.AlterField(
            model_name="school",
            name="municipality",
            field=models.ForeignKey(
                help_text="De gemeente waarin de school staat. Ontbreekt een nieuwe gemeente, voeg haar dan toe "
                          "onder Gemeenten.",
                on_delete=django.db.models.deletion.PROTECT, related_name="schools", to="partners.municipality",
                verbose_name="gemeente"),
        ),
        migrations.AlterField(
            model_name="organisation",
            name="municipality",
            field=models.ForeignKey(
                blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="organisations",
                to="partners.municipality", verbose_name="gemeente"),
        ),
    ]
