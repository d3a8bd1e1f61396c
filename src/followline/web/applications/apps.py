from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    """The job seeker's applications. The app label stays ``candidates`` (its first name), so
    its tables, migrations and template folder keep theirs."""

    name = "followline.web.applications"
    label = "candidates"
    default_auto_field = "django.db.models.BigAutoField"
