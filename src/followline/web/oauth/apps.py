from django.apps import AppConfig


class OAuthConfig(AppConfig):
    name = "followline.web.oauth"
    label = "oauth"
    verbose_name = "OAuth2 mailboxes"
    default_auto_field = "django.db.models.BigAutoField"
