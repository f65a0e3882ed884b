"""A survey answer keeps the day it was given, not the moment (a moment could be matched against a server log)."""

from django.db import migrations, models


def keep_the_day(apps, schema_editor):
    SurveyResponse = apps.get_model("ecosystem", "SurveyResponse")
    for response in SurveyResponse.objects.only("pk", "submitted_at"):
        SurveyResponse.objects.filter(pk=response.pk).update(submitted_on=response.submitted_at.date())


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0005_sdg_label")]

    operations = [
        migrations.AddField(
            model_name="surveyresponse",
            name="submitted_on",
            field=models.DateField(auto_now_add=True, default="2026-01-01", verbose_name="ingevuld op"),
            preserve_default=False,
        ),
        migrations.RunPython(keep_the_day, migrations.RunPython.noop),
        migrations.RemoveField(model_name="surveyresponse", name="submitted_at"),
    ]
