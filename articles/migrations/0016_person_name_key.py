from django.db import migrations, models

from articles.kernel.transliteration import name_key


def fill_keys(apps, schema_editor):
    Person = apps.get_model("articles", "Person")
    batch = []
    for person in Person.objects.only("pk", "name").iterator(chunk_size=2000):
        person.name_key = name_key(person.name)
        batch.append(person)
        if len(batch) >= 2000:
            Person.objects.bulk_update(batch, ["name_key"])
            batch = []
    Person.objects.bulk_update(batch, ["name_key"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0015_saved_searches")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=200),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
