"""The job seeker's drafts, calendar file and calendar feed. Mounted at the site's root
under the URL namespace ``outbox`` (their names since they were first published: links in
mail and saved calendar subscriptions keep working)."""

from django.urls import path

from followline.web.applications import drafts, feeds

urlpatterns = [
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar_feed"),
    path("mail/applications/<int:pk>/draft/<str:kind>/", drafts.draft, name="draft"),
    path("mail/applications/<int:pk>/draft/<str:kind>.eml", drafts.draft_eml, name="draft_eml"),
    path("mail/applications/<int:pk>/next.ics", drafts.next_ics, name="next_ics"),
]
