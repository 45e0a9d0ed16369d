from django.urls import path

from .views import moderation as views

app_name = "moderation"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/v<int:version>/<str:framework>/", views.board, name="board"),
    path("awards/<int:award_id>/decision/", views.decide, name="decide"),
]
