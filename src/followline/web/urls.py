"""All URLs of the site. Employer pages live under /teams/<slug>/ and check membership."""

from django.urls import include, path

from followline.web.core import views as core

urlpatterns = [
    path("", core.landing, name="landing"),
    path("home/", core.home, name="home"),
    path("help/", core.help_page, name="help"),
    path("accounts/", include("followline.web.accounts.urls")),
    path("applications/", include("followline.web.candidates.urls")),
    path("teams/", include("followline.web.employers.urls")),
    path("", include("followline.web.public.urls")),
    path("", include("followline.web.outbox.urls")),
    path("mail/", include("followline.web.mailsync.urls")),
]
