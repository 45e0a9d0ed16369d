from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.index, name="index"),
    path("load/", views.load_now, name="load"),
    path("forces/<slug:code>/", views.force_dashboard, name="force"),
    path("funnel/<slug:indicator>/", views.funnel, name="funnel"),
    path("flags/", views.flag_list, name="flags"),
    path("flags/<int:pk>/", views.flag_detail, name="flag"),
]
