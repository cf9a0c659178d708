"""People named in Chinese characters get their name's key (its Pinyin): they had none."""
from django.db import migrations

from articles.kernel.transliteration import HAN_NAME_RE, name_key


def fill_keys(apps, schema_editor):
    Person = apps.get_model("articles", "Person")
    batch = []
    for person in Person.objects.filter(name_key="").only("pk", "name").iterator(chunk_size=2000):
        if HAN_NAME_RE.match(person.name.strip()):
            person.name_key = name_key(person.name)
            batch.append(person)
    Person.objects.bulk_update(batch, ["name_key"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_capture_screenshot")]

    operations = [migrations.RunPython(fill_keys, migrations.RunPython.noop)]
