"""What a captured page is shown with: its stylesheets, images, fonts and scripts, each a record in the
capture's WARC file. Captures kept before have none, and replay shows them as before."""
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_capture_records")]

    operations = [
        migrations.CreateModel(
            name="CaptureRequisite",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("url", models.URLField(help_text="Made absolute against the page (or its stylesheet), without a "
                                                  "fragment.", max_length=2000,
                                        verbose_name="address as the page names it")),
                ("final_url", models.URLField(max_length=2000, verbose_name="final address")),
                ("kind", models.CharField(help_text="stylesheet, image, font or script", max_length=20)),
                ("content_type", models.CharField(blank=True, max_length=200)),
                ("response_offset", models.PositiveBigIntegerField()),
                ("response_length", models.PositiveBigIntegerField()),
                ("capture", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="requisites",
                                              to="articles.capture")),
            ],
            options={"ordering": ["pk"]},
        ),
        migrations.AddConstraint(
            model_name="capturerequisite",
            constraint=models.UniqueConstraint(fields=("capture", "url"), name="one_requisite_per_address"),
        ),
    ]
