from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_delete, post_save


class AccountsConfig(AppConfig):
    name = "followline.web.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from followline.web.accounts.backends import forget  # noqa: PLC0415

        post_save.connect(forget, sender=settings.AUTH_USER_MODEL, dispatch_uid="forget-user")
        post_delete.connect(forget, sender=settings.AUTH_USER_MODEL, dispatch_uid="forget-user-d")
