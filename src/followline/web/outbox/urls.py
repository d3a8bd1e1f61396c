from django.urls import path

from followline.web.outbox import feeds

app_name = "outbox"
urlpatterns = [
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
]
