from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "followline.web.employers"
    label = "employers"
    default_auto_field = "django.db.models.BigAutoField"
