from django.apps import AppConfig


class MailsyncConfig(AppConfig):
    name = "followline.web.mailsync"
    label = "mailsync"
    verbose_name = "Inbox sync"
    default_auto_field = "django.db.models.BigAutoField"
