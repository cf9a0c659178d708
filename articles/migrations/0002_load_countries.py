"""Fills the country table from pycountry's ISO 3166-1 list."""
from django.db import migrations


def load_countries(apps, schema_editor):
    import pycountry

    Country = apps.get_model("articles", "Country")
    Country.objects.bulk_create(
        [Country(code=c.alpha_2, name=getattr(c, "common_name", c.name)) for c in pycountry.countries],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]
    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
