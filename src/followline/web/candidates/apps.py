from django.apps import AppConfig


class CandidatesConfig(AppConfig):
    name = "followline.web.candidates"
    label = "candidates"
    default_auto_field = "django.db.models.BigAutoField"
