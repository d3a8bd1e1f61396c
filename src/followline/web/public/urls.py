from django.urls import path

from followline.web.public import views

app_name = "public"
urlpatterns = [
    path("s/<str:token>/", views.status, name="status"),
    path("line/<str:slug>/", views.policy, name="policy"),
]
