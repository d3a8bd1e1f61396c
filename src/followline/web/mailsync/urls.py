from django.urls import path

from followline.web.mailsync import template_views, views

app_name = "mailsync"
urlpatterns = [
    path("", views.personal, name="personal"),
    path("templates/", template_views.personal_templates, name="templates"),
    path("team/<slug:slug>/", views.team, name="team"),
    path("team/<slug:slug>/templates/", template_views.team_templates, name="team_templates"),
]
