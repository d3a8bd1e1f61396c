from django.urls import path

from followline.web.mailsync import oauth_views, template_views, views

app_name = "mailsync"
urlpatterns = [
    path("", views.personal, name="personal"),
    path("templates/", template_views.personal_templates, name="templates"),
    path("help/", views.connect_help, name="help"),
    path("oauth/start/", oauth_views.start, name="oauth_start"),
    path("oauth/callback/", oauth_views.callback, name="oauth_callback"),
    path("team/<slug:slug>/", views.team, name="team"),
    path("team/<slug:slug>/templates/", template_views.team_templates, name="team_templates"),
]
