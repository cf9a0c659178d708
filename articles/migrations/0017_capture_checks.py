"""Captures keep what a conditional request needs (ETag, Last-Modified) and the date their feed entry gave;
addresses that failed for good are remembered, so a scheduled run does not fetch them again."""
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_person_name_key'),
    ]

    operations = [
        migrations.CreateModel(
            name='CaptureFailure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('normalized_url', models.CharField(db_index=True, max_length=2000)),
                ('url', models.URLField(max_length=2000, verbose_name='address')),
                ('status', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='HTTP status')),
                ('reason', models.TextField()),
                ('feed_updated', models.CharField(blank=True, help_text='When its feed or sitemap entry said the page was last changed.', max_length=100)),
                ('failed_at', models.DateTimeField()),
                ('attempts', models.PositiveIntegerField(default=1)),
            ],
            options={
                'ordering': ['-failed_at', '-pk'],
            },
        ),
        migrations.AddField(
            model_name='capture',
            name='etag',
            field=models.CharField(blank=True, editable=False, max_length=500),
        ),
        migrations.AddField(
            model_name='capture',
            name='feed_updated',
            field=models.CharField(blank=True, editable=False, help_text='When its feed or sitemap entry said the page was last changed.', max_length=100),
        ),
        migrations.AddField(
            model_name='capture',
            name='last_modified',
            field=models.CharField(blank=True, editable=False, max_length=100),
        ),
    ]
