from django.urls import path

from . import views

app_name = "methodology"
urlpatterns = [
    path("", views.programme_list, name="programmes"),
    path("<slug:code>/", views.programme_detail, name="programme"),
    path("<slug:code>/frameworks/<str:framework>/", views.framework_detail, name="framework"),
]
