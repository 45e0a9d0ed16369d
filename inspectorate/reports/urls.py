from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("draft/<int:inspection_id>/", views.draft_html, name="draft"),
    path("draft/<int:inspection_id>.pdf", views.draft_pdf, name="draft_pdf"),
    path("draft/<int:inspection_id>.docx", views.draft_docx, name="draft_docx"),
    path("publish/<int:inspection_id>/", views.publish, name="publish"),
    path("corrections/<int:correction_pk>/publish/", views.publish_correction, name="publish_correction"),
    path("programme/<slug:code>/render/", views.render_programme, name="render_programme"),
]
