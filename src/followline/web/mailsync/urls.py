from django.urls import path

from followline.web.mailsync import views

app_name = "mailsync"
urlpatterns = [
    path("", views.personal, name="personal"),
    path("team/<slug:slug>/", views.team, name="team"),
]
