"""Each capture knows its final response record: its WARC-Record-ID and WARC-Payload-Digest (what a later ingest
recognises the record by, and an index lists) and its length as stored (what an index points at). Captures
kept before are read once from their WARC files; one whose file is gone keeps the fields blank."""
from pathlib import Path

from django.conf import settings
from django.db import migrations, models
from warcio.archiveiterator import ArchiveIterator


def _response_facts(root, name, offset):
    """(WARC-Record-ID, WARC-Payload-Digest, length) of the record at ``offset``; None when it cannot be read."""
    path = (root / name).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            records = ArchiveIterator(handle)
            record = next(records)
            records.read_to_end(record)
            return (record.rec_headers.get_header("WARC-Record-ID") or "",
                    record.rec_headers.get_header("WARC-Payload-Digest") or "", records.get_record_length())
    except Exception:  # a damaged file: the capture keeps blank fields, as one whose file is gone
        return None


def fill_records(apps, schema_editor):
    Capture = apps.get_model("articles", "Capture")
    root = Path(settings.NEWSROOM_WARC_DIR).resolve()
    batch = []
    for capture in Capture.objects.only("pk", "warc_file", "response_offset").iterator(chunk_size=500):
        facts = _response_facts(root, capture.warc_file, capture.response_offset)
        if facts is None:
            continue
        capture.record_id, capture.payload_digest, capture.response_length = facts[0][:200], facts[1][:100], facts[2]
        batch.append(capture)
        if len(batch) >= 500:
            Capture.objects.bulk_update(batch, ["record_id", "payload_digest", "response_length"])
            batch = []
    Capture.objects.bulk_update(batch, ["record_id", "payload_digest", "response_length"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_capture_checks")]

    operations = [
        migrations.AddField(
            model_name="capture",
            name="response_length",
            field=models.PositiveBigIntegerField(default=0, help_text="Bytes of the final response record."),
        ),
        migrations.AddField(
            model_name="capture",
            name="record_id",
            field=models.CharField(blank=True, db_index=True, help_text="The final response record's WARC-Record-ID.",
                                   max_length=200),
        ),
        migrations.AddField(
            model_name="capture",
            name="payload_digest",
            field=models.CharField(blank=True, help_text="The final response record's WARC-Payload-Digest.",
                                   max_length=100),
        ),
        migrations.RunPython(fill_records, migrations.RunPython.noop),
    ]
