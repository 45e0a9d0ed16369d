from django.urls import path

from . import views

app_name = "practice"
urlpatterns = [
    path("", views.example_list, name="list"),
    path("submit/", views.submit, name="submit"),
    path("<int:pk>/", views.example_detail, name="detail"),
    path("<int:pk>/adoptions/", views.record_adoption, name="adopt"),
    path("inspections/<int:pk>/", views.selection, name="selection"),
    path("inspections/<int:pk>/examples/<int:example_pk>/", views.decide, name="decide"),
]
