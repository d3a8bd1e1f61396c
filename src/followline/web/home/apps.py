from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "followline.web.home"
    label = "home"
    default_auto_field = "django.db.models.BigAutoField"
