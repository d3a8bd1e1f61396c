"""Item 5: owners manage their team (remove a member, change a role, rename, delete with
confirmation; never without an owner), and a candidate's status link can be replaced."""

from __future__ import annotations

import pytest
from django.urls import reverse

from followline.web.employers.models import Candidate, Membership, Opening, Team

pytestmark = pytest.mark.django_db


def _member(team, user) -> Membership:
    return team.memberships.get(user=user)


def test_an_owner_removes_a_member_who_then_sees_nothing(client, owner, teammate, team):
    client.force_login(owner)
    page = client.get(reverse("employers:members", args=[team.slug])).text
    assert "Remove" in page
    m = _member(team, teammate)
    r = client.post(reverse("employers:member_remove", args=[team.slug, m.pk]))
    assert r.status_code == 302 and not team.memberships.filter(user=teammate).exists()
    client.force_login(teammate)
    assert client.get(reverse("employers:team", args=[team.slug])).status_code == 404


def test_a_member_cannot_manage_the_team(client, owner, teammate, team):
    client.force_login(teammate)
    mine, theirs = _member(team, teammate), _member(team, owner)
    for name, kwargs, data in (
        ("employers:member_remove", [team.slug, theirs.pk], {}),
        ("employers:member_role", [team.slug, mine.pk], {"role": "owner"}),
        ("employers:team_settings", [team.slug], {"delete": "1", "confirm_name": team.name}),
    ):
        assert client.post(reverse(name, args=kwargs), data).status_code == 404
    assert _member(team, teammate).role == "member" and Team.objects.filter(pk=team.pk).exists()


def test_roles_change_but_the_last_owner_stays(client, owner, teammate, team):
    client.force_login(owner)
    url = reverse("employers:member_role", args=[team.slug, _member(team, owner).pk])
    client.post(url, {"role": "member"})
    assert _member(team, owner).role == "owner"  # the only owner
    client.post(
        reverse("employers:member_role", args=[team.slug, _member(team, teammate).pk]),
        {"role": "owner"},
    )
    assert _member(team, teammate).role == "owner"
    client.post(url, {"role": "member"})
    assert _member(team, owner).role == "member"  # now there is another owner
    me = reverse("employers:member_remove", args=[team.slug, _member(team, teammate).pk])
    client.force_login(teammate)
    client.post(me)
    assert _member(team, teammate).role == "owner"  # the last owner cannot leave
    assert client.post(url, {"role": "boss"}).status_code == 400


def test_rename_and_delete_with_confirmation(client, owner, team, opening, candidate):
    client.force_login(owner)
    url = reverse("employers:team_settings", args=[team.slug])
    client.post(url, {"rename": "1", "name": "Lakeside Bakery"})
    team.refresh_from_db()
    assert team.name == "Lakeside Bakery"
    page = client.post(url, {"delete": "1", "confirm_name": "lakeside"}).text
    assert "Type the team" in page and Team.objects.filter(pk=team.pk).exists()
    r = client.post(url, {"delete": "1", "confirm_name": "Lakeside Bakery"})
    assert r.status_code == 302
    assert not Team.objects.filter(pk=team.pk).exists()
    assert not Opening.objects.exists() and not Candidate.objects.exists()


def test_a_candidates_status_link_can_be_replaced(client, teammate, team, candidate):
    old = candidate.status_token
    assert client.get(reverse("public:status", args=[old])).status_code == 200
    client.force_login(teammate)
    r = client.post(reverse("employers:candidate_status_link", args=[team.slug, candidate.pk]))
    assert r.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status_token != old and len(candidate.status_token) >= 40
    client.logout()
    assert client.get(reverse("public:status", args=[old])).status_code == 404
    assert client.get(reverse("public:status", args=[candidate.status_token])).status_code == 200
