"""Published material at stable URLs. A report's versions never move: /published/<programme>/<force>/v<N>/
is version N for good; /published/<programme>/<force>/ is always the latest."""

from django.urls import path

from . import public_views as views

app_name = "published"
urlpatterns = [
    path("", views.index, name="index"),
    path("open-data/grades.csv", views.grades_csv, name="grades_csv"),
    path("open-data/grades.json", views.grades_json, name="grades_json"),
    path("forces/<slug:force>/", views.force_summary, name="force"),
    path("<slug:programme>/", views.programme_summary, name="programme"),
    path("<slug:programme>/<slug:force>/", views.report_page, name="latest"),
    path("<slug:programme>/<slug:force>/versions/", views.report_versions, name="versions"),
    path("<slug:programme>/<slug:force>/v<int:version>/", views.report_page, name="version"),
    path(
        "<slug:programme>/<slug:force>/v<int:version>.html",
        views.report_file,
        {"extension": "html"},
        name="version_html",
    ),
    path(
        "<slug:programme>/<slug:force>/v<int:version>.pdf",
        views.report_file,
        {"extension": "pdf"},
        name="version_pdf",
    ),
    path(
        "<slug:programme>/<slug:force>/v<int:version>.json",
        views.report_file,
        {"extension": "json"},
        name="version_json",
    ),
]
