from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.register, name="register"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<slug:code>/", views.plan_detail, name="plan"),
    path("plans/<slug:code>/solve/", views.plan_solve, name="plan_solve"),
    path("plans/<slug:code>/pins/", views.plan_pin, name="plan_pin"),
    path("plans/<slug:code>/pins/<int:pin_id>/delete/", views.plan_unpin, name="plan_unpin"),
    path("plans/<slug:code>/approve/", views.plan_approve, name="plan_approve"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/", views.action_detail, name="action"),
    path("actions/<int:pk>/updates/", views.action_update, name="action_update"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/new/", views.assessment_new, name="assessment_new"),
    path("engagement/<slug:code>/", views.engagement_set, name="engagement_set"),
]
