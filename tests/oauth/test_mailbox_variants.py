"""The other ways an OAuth2 mailbox is connected, end to end on loopback: a team's hiring
mailbox, a provider that does not say which address it is (the user types it), and an
IMAP server that offers OAUTHBEARER but not XOAUTH2."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import timezone

from followline.web.employers.models import (
    Candidate,
    CandidateMilestone,
    Membership,
    Opening,
    Role,
    Team,
)
from followline.web.mailsync.models import MailAccount, Side
from followline.web.mailsync.sync import run_all
from followline.web.oauth.models import OAuthGrant
from tests.oauth import mailbox_site as site
from tests.oauth.dovecot import OAuthDovecot

pytestmark = pytest.mark.django_db


@pytest.fixture
def ann(django_user_model, client):
    user = django_user_model.objects.create_user("ann", "ann@lakeside.test", "pw")
    client.force_login(user)
    return user


@pytest.fixture
def registered(oauth_provider):
    return oauth_provider.create_client("http://testserver" + site.CALLBACK)


def test_a_team_connects_its_hiring_mailbox_and_a_candidates_mail_is_filed(
    client, ann, settings, oauth_provider, oauth_imap, registered
):
    site.configure(settings, oauth_provider, registered, imap_port=oauth_imap.port)
    team = Team.objects.create(name="Lakeside", slug="lakeside")
    Membership.objects.create(team=team, user=ann, role=Role.MEMBER)
    baker = Opening.objects.create(team=team, title="Baker")
    bo = Candidate.objects.create(opening=baker, name="Bo Lin", email="bo@example.com")
    CandidateMilestone.objects.create(
        candidate=bo, type="interview", at=timezone.now() - timedelta(days=3)
    )
    hiring = oauth_provider.new_user("jobs")
    location = oauth_provider.consent(
        site.start(client, team="lakeside", **{"other-opening": baker.pk}), hiring
    )
    page = site.come_back(client, location)
    assert page.request["PATH_INFO"] == "/mail/team/lakeside/"
    assert f"{hiring.email} connected" in page.content.decode()
    account = MailAccount.objects.get()
    assert (account.side, account.team_id, account.opening_id) == (
        Side.EMPLOYER,
        team.pk,
        baker.pk,
    )
    assert OAuthGrant.objects.get().team_id == team.pk
    oauth_imap.deliver(
        hiring.email,
        site.message(
            "Bo Lin <bo@example.com>",
            hiring.email,
            "Thank you",
            "Thank you for the interview on Monday, I enjoyed meeting the team.",
        ),
    )
    oauth_imap.deliver(
        hiring.email,
        site.message(
            "Dee <dee@example.com>",
            hiring.email,
            "Application",
            "Please find my application for the Baker position attached.",
        ),
    )
    assert run_all() == {"accounts": 1, "stored": 2, "errors": 0}
    (contact,) = Candidate.objects.get(pk=bo.pk).contacts.all()
    assert contact.kind == "thank_you"
    assert Candidate.objects.get(email="dee@example.com").opening == baker


def test_a_provider_that_does_not_say_the_address_lets_the_user_type_it(
    client, ann, settings, oauth_provider, oauth_imap, registered
):
    site.configure(
        settings,
        oauth_provider,
        registered,
        imap_port=oauth_imap.port,
        userinfo_url="",
        jwks_url="",
        scopes="mail",
    )
    page = client.get("/mail/").content.decode()
    assert 'name="other-address"' in page and "does not tell us which address" in page
    missing = client.post("/mail/oauth/start/", {"provider": "other"}, follow=True)
    assert "This field is required." in missing.content.decode()

    user = oauth_provider.new_user("ann")
    other = oauth_provider.new_user("bob")
    # a typo (another mailbox): the mail server refuses the token for it; nothing stored
    location = oauth_provider.consent(site.start(client, **{"other-address": other.email}), user)
    page = site.come_back(client, location).content.decode()
    assert f"refused to let {other.email} in" in page and not MailAccount.objects.exists()
    location = oauth_provider.consent(site.start(client, **{"other-address": user.email}), user)
    page = site.come_back(client, location).content.decode()
    assert f"{user.email} connected" in page
    assert MailAccount.objects.get().username == user.email


class OAuthBearerOnlyDovecot(OAuthDovecot):
    """The loopback Dovecot offering OAUTHBEARER (RFC 7628) and not XOAUTH2."""

    def _write_config(self) -> None:
        super()._write_config()
        text = self.conf.read_text()
        self.conf.write_text(text.replace("xoauth2 oauthbearer", "oauthbearer"))


@pytest.fixture
def bearer_only_imap(oauth_provider) -> Iterator[OAuthDovecot]:
    server = OAuthBearerOnlyDovecot(oauth_provider)
    server.start()
    yield server
    server.stop()
    server.cleanup()


def test_a_server_offering_only_oauthbearer_is_logged_in_with_it(
    client, ann, settings, oauth_provider, bearer_only_imap, registered
):
    site.configure(settings, oauth_provider, registered, imap_port=bearer_only_imap.port)
    user = oauth_provider.new_user("ann")
    assert f"{user.email} connected" in site.connect(client, oauth_provider, user).content.decode()
    bearer_only_imap.deliver(user.email, site.message("hr@acme.example", user.email, "Hi", "x"))
    assert run_all() == {"accounts": 1, "stored": 1, "errors": 0}
    log = bearer_only_imap.log_text()
    assert "method=OAUTHBEARER" in log and "method=XOAUTH2" not in log
