"""Every URL of both workspaces, for three personas: the owner and a teammate get in, an
outsider (a member of another team) gets 404 — never a 403 that would confirm the data
exists. Applications are personal: only their owner sees them."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from followline.web.employers.models import ImportJob
from followline.web.notices.notify import notify

pytestmark = pytest.mark.django_db

# name -> (method, who besides the owner gets in, kwargs builder)
OWNER_ONLY, TEAM, ANYONE = "owner", "team", "anyone"


def _urls(application, opening, candidate, job, notice):
    t = opening.team.slug
    app = {"pk": application.pk}
    return {
        "account": ("get", ANYONE, {}),  # one's own settings
        "resend_confirmation": ("post", ANYONE, {}),  # one's own confirmation link
        "notices:list": ("get", ANYONE, {}),  # one's own notices
        "notices:read_all": ("post", ANYONE, {}),
        "notices:open": ("get", OWNER_ONLY, {"pk": notice.pk}),
        "notices:read": ("post", OWNER_ONLY, {"pk": notice.pk}),
        "candidates:board": ("get", ANYONE, {}),  # one's own applications only
        "candidates:undo": ("post", ANYONE, {}),  # the person's own last delete (session)
        "candidates:move": ("post", OWNER_ONLY, app),
        "candidates:archive": ("post", OWNER_ONLY, app),
        "candidates:reopen": ("post", OWNER_ONLY, app),
        "candidates:resume": ("get", OWNER_ONLY, app),
        "employers:candidate_archive": ("post", TEAM, {"slug": t, "pk": candidate.pk}),
        "employers:candidate_reopen": ("post", TEAM, {"slug": t, "pk": candidate.pk}),
        "candidates:overview": ("get", ANYONE, {}),  # lists only one's own applications
        "candidates:create": ("get", ANYONE, {}),
        "candidates:export_csv": ("get", ANYONE, {}),  # one's own applications only
        "candidates:detail": ("get", OWNER_ONLY, app),
        "candidates:edit": ("get", OWNER_ONLY, app),
        "candidates:timeline": ("get", OWNER_ONLY, app),
        "candidates:add_milestone": ("post", OWNER_ONLY, app),
        "candidates:delete_milestone": (
            "post",
            OWNER_ONLY,
            {**app, "milestone_id": application.milestones.first().pk},
        ),
        "candidates:add_contact": ("post", OWNER_ONLY, app),
        "candidates:correct_kind": (  # before the contact is deleted below
            "post",
            OWNER_ONLY,
            {**app, "contact_id": application.contacts.first().pk},
        ),
        "candidates:delete_contact": (
            "post",
            OWNER_ONLY,
            {**app, "contact_id": application.contacts.first().pk},
        ),
        "candidates:what_if": ("post", OWNER_ONLY, app),
        "employers:team": ("get", TEAM, {"slug": t}),
        "employers:members": ("get", OWNER_ONLY, {"slug": t}),
        "employers:team_settings": ("get", OWNER_ONLY, {"slug": t}),
        "employers:member_role": (
            "post",
            OWNER_ONLY,
            {"slug": t, "membership_id": opening.team.memberships.get(role="member").pk},
        ),
        "employers:updates": ("get", TEAM, {"slug": t}),
        "employers:team_search": ("get", TEAM, {"slug": t}),
        "employers:opening_create": ("get", TEAM, {"slug": t}),
        "employers:opening": ("get", TEAM, {"slug": t, "pk": opening.pk}),
        "employers:opening_edit": ("get", TEAM, {"slug": t, "pk": opening.pk}),
        "employers:opening_csv": ("get", TEAM, {"slug": t, "pk": opening.pk}),
        "employers:candidate_create": ("get", TEAM, {"slug": t, "pk": opening.pk}),
        "employers:import_new": ("get", TEAM, {"slug": t, "pk": opening.pk}),
        "employers:import": ("get", TEAM, {"slug": t, "job_id": job.pk}),
        "employers:import_cancel": ("post", TEAM, {"slug": t, "job_id": job.pk}),
        "employers:candidate": ("get", TEAM, {"slug": t, "pk": candidate.pk}),
        "employers:candidate_timeline": ("get", TEAM, {"slug": t, "pk": candidate.pk}),
        "employers:candidate_milestone": ("post", TEAM, {"slug": t, "pk": candidate.pk}),
        "employers:candidate_contact": ("post", TEAM, {"slug": t, "pk": candidate.pk}),
        "employers:candidate_status_link": ("post", TEAM, {"slug": t, "pk": candidate.pk}),
        "employers:candidate_kind": (
            "post",
            TEAM,
            {"slug": t, "pk": candidate.pk, "contact_id": candidate.contacts.first().pk},
        ),
        "employers:member_remove": (  # the owner's turn removes the teammate (not the owner)
            "post",
            OWNER_ONLY,
            {"slug": t, "membership_id": opening.team.memberships.get(role="member").pk},
        ),
        "outbox:draft": ("get", OWNER_ONLY, {**app, "kind": "thank_you"}),
        "outbox:draft_eml": ("get", OWNER_ONLY, {**app, "kind": "status_inquiry"}),
        "outbox:next_ics": ("get", OWNER_ONLY, app),
        "mailsync:personal": ("get", ANYONE, {}),  # one's own mailboxes and calendar link
        "mailsync:team": ("get", TEAM, {"slug": t}),
        "mailsync:templates": ("get", ANYONE, {}),  # one's own templates
        "mailsync:team_templates": ("get", TEAM, {"slug": t}),
        # the OAuth2 flow: a Connect button (no provider: 400), the provider's redirect back
        # (an unknown state: back to /mail/); a team's flow checks membership in the view
        "mailsync:oauth_start": ("post", ANYONE, {}),
        "mailsync:oauth_callback": ("get", ANYONE, {}),
    }


# pages every signed-in person may open (lists of their own things) and public pages
OPEN_TO_ALL = {
    "employers:teams",
    "home",
    "help",
    "landing",
    "login",
    "logout",
    "signup",
    "confirm_email",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "public:status",
    "public:policy",
    "outbox:calendar_feed",
    "mailsync:help",  # Connect your mailbox: what is read, what is never done
}  # the 256-bit token is the credential


def _all_names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _all_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name


@pytest.fixture
def job(opening, owner):
    return ImportJob.objects.create(
        opening=opening, filename="x.mbox", upload="x.mbox", created_by=owner
    )


@pytest.fixture
def notice(owner, application):
    return notify(owner.pk, "reply", "Contoso wrote", url=application.get_absolute_url())


@pytest.fixture
def table(application, opening, candidate, job, notice):
    application.resume.save("cv.pdf", ContentFile(b"%PDF-1.4 a resume"))
    application.resume_name = "cv.pdf"
    application.save()
    return _urls(application, opening, candidate, job, notice)


def test_every_url_is_in_the_persona_table(table):
    names = set(_all_names(get_resolver().url_patterns))
    missing = names - set(table) - OPEN_TO_ALL
    assert not missing, f"add these URLs to the persona table: {sorted(missing)}"


@pytest.mark.parametrize("persona", ["owner", "teammate", "outsider"])
def test_personas(client, table, persona, owner, teammate, outsider, outsider_team):
    user = {"owner": owner, "teammate": teammate, "outsider": outsider}[persona]
    client.force_login(user)
    for name, (method, who, kwargs) in table.items():
        url = reverse(name, kwargs=kwargs)
        response = getattr(client, method)(url)
        allowed = persona == "owner" or who == ANYONE or (persona == "teammate" and who == TEAM)
        if allowed:
            assert response.status_code in (200, 302, 400), (persona, name, response.status_code)
        else:
            assert response.status_code == 404, (persona, name, response.status_code)


def test_anonymous_is_sent_to_login(client, table):
    for name, (method, _who, kwargs) in table.items():
        response = getattr(client, method)(reverse(name, kwargs=kwargs))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


def test_outsider_cannot_reach_data_through_own_team_slug(
    client, outsider, outsider_team, candidate, opening
):
    """The object ids of another team under the outsider's own team: still 404."""
    client.force_login(outsider)
    for url in (
        reverse("employers:candidate", kwargs={"slug": "elsewhere", "pk": candidate.pk}),
        reverse("employers:opening", kwargs={"slug": "elsewhere", "pk": opening.pk}),
    ):
        assert client.get(url).status_code == 404


def test_lists_show_only_ones_own(client, outsider, outsider_team, application, candidate):
    client.force_login(outsider)
    assert application.company not in client.get(reverse("candidates:overview")).text
    page = client.get(reverse("employers:teams")).text
    assert "Elsewhere" in page and "Lakeside" not in page
