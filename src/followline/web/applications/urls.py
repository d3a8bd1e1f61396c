from django.urls import path

from followline.web.applications import archiving, board, resumes, views

app_name = "candidates"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("board/", board.board, name="board"),
    path("new/", views.create, name="create"),
    path("applications.csv", views.export_csv, name="export_csv"),
    path("undo/", views.undo_delete, name="undo"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/timeline/", views.timeline, name="timeline"),
    path("<int:pk>/stage/", board.move, name="move"),
    path("<int:pk>/archive/", archiving.archive, name="archive"),
    path("<int:pk>/reopen/", archiving.reopen, name="reopen"),
    path("<int:pk>/resume/", resumes.download, name="resume"),
    path("<int:pk>/milestones/", views.add_milestone, name="add_milestone"),
    path(
        "<int:pk>/milestones/<int:milestone_id>/delete/",
        views.delete_milestone,
        name="delete_milestone",
    ),
    path("<int:pk>/contacts/", views.add_contact, name="add_contact"),
    path("<int:pk>/contacts/<int:contact_id>/delete/", views.delete_contact, name="delete_contact"),
    path("<int:pk>/contacts/<int:contact_id>/kind/", views.correct_kind, name="correct_kind"),
    path("<int:pk>/what-if/", views.what_if, name="what_if"),
]
