"""Fills the country table from pycountry's ISO 3166-1 list."""
from django.db import migrations


def load(apps, schema_editor):
    from articles.records.countries import load_countries

    load_countries(apps.get_model("articles", "Country"))


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
