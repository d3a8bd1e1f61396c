from django.urls import path

from followline.web.outbox import draft_views, feeds

app_name = "outbox"
urlpatterns = [
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
    path("mail/applications/<int:pk>/draft/<str:kind>/", draft_views.draft, name="draft"),
    path(
        "mail/applications/<int:pk>/draft/<str:kind>.eml", draft_views.draft_eml, name="draft_eml"
    ),
    path("mail/applications/<int:pk>/next.ics", draft_views.next_ics, name="next_ics"),
]
