"""All URLs of the site. Employer pages live under /teams/<slug>/ and check membership."""

from django.urls import include, path

from followline.web.home import views as home

urlpatterns = [
    path("", home.landing, name="landing"),
    path("home/", home.home, name="home"),
    path("help/", home.help_page, name="help"),
    path("accounts/", include("followline.web.accounts.urls")),
    path("applications/", include("followline.web.applications.urls")),
    path("teams/", include("followline.web.employers.urls")),
    path("", include("followline.web.public.urls")),
    path("", include(("followline.web.applications.mail_urls", "outbox"))),
    path("mail/", include("followline.web.mailsync.urls")),
    path("notifications/", include("followline.web.notices.urls")),
]
