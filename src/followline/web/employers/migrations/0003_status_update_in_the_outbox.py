"""Status updates stop being a queue of their own: each row points at its outbox mail.

Rows the old ``updates`` job had already turned into outbox mail (dedupe key
``status-update:<id>``) are linked to it; rows still waiting for that job are marked with
a problem (they were never sent: the team sees it and can send again).
"""

import django.db.models.deletion
from django.db import migrations, models


def link_outbox_mail(apps, schema_editor):
    StatusUpdate = apps.get_model("employers", "StatusUpdate")
    OutboxMessage = apps.get_model("outbox", "OutboxMessage")
    for update in StatusUpdate.objects.all().iterator():
        mail = OutboxMessage.objects.filter(dedupe_key=f"status-update:{update.pk}").first()
        if mail is not None:
            update.outbox_message = mail
        elif update.state == "queued":
            update.error = "queued before an upgrade and never sent: send it again"
        update.save(update_fields=["outbox_message", "error"])


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0002_inbound_filed_once"),
        ("outbox", "0003_smtpaccount_outboxmessage_smtp_account"),
    ]

    operations = [
        migrations.AddField(
            model_name="statusupdate",
            name="outbox_message",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="status_update",
                to="outbox.outboxmessage",
            ),
        ),
        migrations.RunPython(link_outbox_mail, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="statusupdate", name="update_queue_idx"),
        migrations.RenameField(model_name="statusupdate", old_name="error", new_name="problem"),
        migrations.RemoveField(model_name="statusupdate", name="sent_at"),
        migrations.RemoveField(model_name="statusupdate", name="state"),
    ]
