"""Each contact's word count as the line's duplicate check counts it (``text_words``), for
the incremental re-judging of a write (followline.web.core.rejudge), filled in for the rows
already there; and the index its window queries use."""

from django.db import migrations, models

from followline.line.similarity import words


def count_words(apps, schema_editor):
    rows = apps.get_model("candidates", "Contact").objects
    rows.filter(text="").update(text_words=0)
    batch = []
    for row in rows.exclude(text="").only("id", "text").iterator(chunk_size=2000):
        row.text_words = len(words(row.text))
        batch.append(row)
        if len(batch) >= 2000:
            rows.bulk_update(batch, ["text_words"])
            batch = []
    rows.bulk_update(batch, ["text_words"])


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0003_contact_kind_reading"),
    ]

    operations = [
        migrations.AddField(
            model_name="contact",
            name="text_words",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(fields=["application", "at"], name="contact_app_at_idx"),
        ),
        migrations.RunPython(count_words, migrations.RunPython.noop, elidable=True),
    ]
