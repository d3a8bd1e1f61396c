from django.urls import path

from followline.web.employers.views import (
    candidates,
    imports,
    openings,
    team_admin,
    teams,
    updates,
)

app_name = "employers"
urlpatterns = [
    path("", teams.team_list, name="teams"),
    path("<slug:slug>/", teams.dashboard, name="team"),
    path("<slug:slug>/search/", teams.search, name="team_search"),
    path("<slug:slug>/members/", teams.members, name="members"),
    path(
        "<slug:slug>/members/<int:membership_id>/remove/",
        team_admin.remove_member,
        name="member_remove",
    ),
    path(
        "<slug:slug>/members/<int:membership_id>/role/",
        team_admin.change_role,
        name="member_role",
    ),
    path("<slug:slug>/settings/", team_admin.settings, name="team_settings"),
    path(
        "<slug:slug>/candidates/<int:pk>/status-link/",
        team_admin.new_status_link,
        name="candidate_status_link",
    ),
    path("<slug:slug>/updates/", updates.updates, name="updates"),
    path("<slug:slug>/openings/new/", openings.create, name="opening_create"),
    path("<slug:slug>/openings/<int:pk>/", openings.detail, name="opening"),
    path("<slug:slug>/openings/<int:pk>/edit/", openings.edit, name="opening_edit"),
    path(
        "<slug:slug>/openings/<int:pk>/candidates.csv",
        openings.export_csv,
        name="opening_csv",
    ),
    path(
        "<slug:slug>/openings/<int:pk>/candidates/new/",
        openings.add_candidate,
        name="candidate_create",
    ),
    path("<slug:slug>/openings/<int:pk>/import/", imports.new, name="import_new"),
    path("<slug:slug>/imports/<int:job_id>/", imports.progress, name="import"),
    path("<slug:slug>/imports/<int:job_id>/cancel/", imports.cancel, name="import_cancel"),
    path("<slug:slug>/candidates/<int:pk>/", candidates.detail, name="candidate"),
    path("<slug:slug>/candidates/<int:pk>/archive/", candidates.archive, name="candidate_archive"),
    path("<slug:slug>/candidates/<int:pk>/reopen/", candidates.reopen, name="candidate_reopen"),
    path(
        "<slug:slug>/candidates/<int:pk>/timeline/",
        candidates.timeline,
        name="candidate_timeline",
    ),
    path(
        "<slug:slug>/candidates/<int:pk>/milestones/",
        candidates.add_milestone,
        name="candidate_milestone",
    ),
    path(
        "<slug:slug>/candidates/<int:pk>/contacts/",
        candidates.add_contact,
        name="candidate_contact",
    ),
    path(
        "<slug:slug>/candidates/<int:pk>/contacts/<int:contact_id>/kind/",
        candidates.correct_kind,
        name="candidate_kind",
    ),
]
