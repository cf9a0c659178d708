"""Collections (a file is known by its collection and path), the index outbox, editors' deletions and merges
remembered, and jobs for the worker. Existing articles move into two collections in place: pages captured
from the web into "web captures", files into "earlier ingests" (a later ingest of their folder adopts them
by content)."""

import django.db.models.deletion
from django.db import migrations, models


CAPTURES = "web captures"
EARLIER = "earlier ingests"


def into_collections(apps, schema_editor):
    Article, DuplicateSource, Collection = (apps.get_model("articles", name)
                                            for name in ("Article", "DuplicateSource", "Collection"))
    captured = Article.objects.filter(source_file__regex=r"^https?://")
    if captured.exists():
        captured.update(collection=Collection.objects.get_or_create(name=CAPTURES)[0])
    files = Article.objects.filter(collection=None)
    duplicates = DuplicateSource.objects.filter(collection=None)
    if files.exists() or duplicates.exists():
        earlier = Collection.objects.get_or_create(name=EARLIER)[0]
        files.update(collection=earlier)
        duplicates.update(collection=earlier)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0009_archive_change_names'),
    ]

    operations = [
        migrations.CreateModel(
            name='Collection',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True)),
                ('root', models.CharField(blank=True, db_index=True, help_text='The folder last ingested into this collection (resolved path).', max_length=1000)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='DeletedArticle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('source_file', models.CharField(max_length=1000)),
                ('content_hash', models.CharField(db_index=True, max_length=64)),
                ('title', models.CharField(max_length=500)),
                ('source_url', models.URLField(blank=True, max_length=500)),
                ('deleted_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['-deleted_at'],
            },
        ),
        migrations.CreateModel(
            name='IndexOutbox',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('article_id', models.BigIntegerField(db_index=True)),
                ('queued_at', models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.CreateModel(
            name='Job',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40)),
                ('state', models.CharField(choices=[('queued', 'queued'), ('running', 'running'), ('done', 'done'), ('failed', 'failed')], db_index=True, default='queued', max_length=10)),
                ('payload', models.JSONField(blank=True, default=dict)),
                ('items', models.JSONField(blank=True, default=list)),
                ('summary', models.TextField(blank=True)),
                ('created_by', models.CharField(blank=True, max_length=150)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('heartbeat', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='MergedRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('outlet', 'outlet'), ('person', 'person'), ('delegation', 'delegation')], max_length=20)),
                ('old_slug', models.SlugField(max_length=200)),
                ('old_pk', models.BigIntegerField()),
                ('old_name', models.CharField(max_length=300)),
                ('target_pk', models.BigIntegerField()),
                ('merged_at', models.DateTimeField(auto_now_add=True)),
            ],
        ),
        migrations.AlterField(
            model_name='article',
            name='source_file',
            field=models.CharField(db_index=True, help_text="The file's path inside its collection's folder.", max_length=1000),
        ),
        migrations.AlterField(
            model_name='duplicatesource',
            name='source_file',
            field=models.CharField(max_length=1000),
        ),
        migrations.AddField(
            model_name='article',
            name='collection',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='articles', to='articles.collection'),
        ),
        migrations.AddField(
            model_name='duplicatesource',
            name='collection',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='duplicate_sources', to='articles.collection'),
        ),
        migrations.RunPython(into_collections, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='article',
            name='collection',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='articles', to='articles.collection'),
        ),
        migrations.AlterField(
            model_name='duplicatesource',
            name='collection',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='duplicate_sources', to='articles.collection'),
        ),
        migrations.AddConstraint(
            model_name='article',
            constraint=models.UniqueConstraint(fields=('collection', 'source_file'), name='article_file_once'),
        ),
        migrations.AddConstraint(
            model_name='duplicatesource',
            constraint=models.UniqueConstraint(fields=('collection', 'source_file'), name='duplicate_file_once'),
        ),
        migrations.AddField(
            model_name='deletedarticle',
            name='collection',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='deleted_articles', to='articles.collection'),
        ),
        migrations.AddIndex(
            model_name='mergedrecord',
            index=models.Index(fields=['kind', 'old_pk'], name='merged_pk'),
        ),
        migrations.AddConstraint(
            model_name='mergedrecord',
            constraint=models.UniqueConstraint(fields=('kind', 'old_slug'), name='merged_slug_once'),
        ),
        migrations.AddIndex(
            model_name='deletedarticle',
            index=models.Index(fields=['collection', 'source_file'], name='deleted_file'),
        ),
        migrations.AlterField(
            model_name='article',
            name='date_source',
            field=models.CharField(choices=[('stated', 'stated'), ('inferred', 'inferred from context'), ('address', 'from the address'), ('unknown', 'unknown')], default='unknown', max_length=10),
        ),
    ]
