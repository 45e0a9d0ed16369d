from django.urls import path

from .views import (
    corrections,
    evidence,
    findings,
    grades,
    history,
    inspections,
    judgements,
    self_assessment,
    settings,
)

app_name = "inspections"
urlpatterns = [
    path("", inspections.inspection_list, name="list"),
    path("new/", inspections.inspection_new, name="new"),
    path("approvals/", grades.approvals, name="approvals"),
    path("approvals/<int:award_pk>/", grades.approval_decide, name="approval_decide"),
    path("<int:pk>/", inspections.inspection_detail, name="detail"),
    path("<int:pk>/move/", inspections.inspection_move, name="move"),
    path("<int:pk>/send-back/", inspections.inspection_send_back, name="send_back"),
    path("<int:pk>/history/", history.inspection_history, name="history"),
    path("<int:pk>/team/", settings.inspection_team, name="team"),
    path("<int:pk>/dates/", settings.inspection_dates, name="dates"),
    path("<int:pk>/context/", settings.inspection_context, name="context"),
    path("<int:pk>/self-assessment/", self_assessment.self_assessment, name="self_assessment"),
    path(
        "<int:pk>/self-assessment/<int:evidence_pk>/file/",
        self_assessment.self_assessment_file,
        name="self_assessment_file",
    ),
    path("<int:pk>/evidence/", evidence.evidence_register, name="evidence"),
    path("<int:pk>/evidence/add/", evidence.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/", evidence.evidence_detail, name="evidence_detail"),
    path("<int:pk>/evidence/<int:evidence_pk>/edit/", evidence.evidence_edit, name="evidence_edit"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/verification/",
        evidence.evidence_verification,
        name="evidence_verification",
    ),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/criteria/", evidence.evidence_criteria, name="evidence_criteria"
    ),
    path("<int:pk>/evidence/<int:evidence_pk>/attach/", evidence.evidence_attach, name="evidence_attach"),
    path("<int:pk>/evidence/<int:evidence_pk>/file/", evidence.evidence_file, name="evidence_file"),
    path("<int:pk>/frameworks/<str:code>/judgements/", judgements.judgement_grid, name="judgements"),
    path(
        "<int:pk>/frameworks/<str:code>/judgements/<str:criterion>/",
        judgements.judgement_record,
        name="judgement",
    ),
    path("<int:pk>/frameworks/<str:code>/conditions/", judgements.conditions_record, name="conditions"),
    path("<int:pk>/frameworks/<str:code>/grade/", grades.grade_award, name="grade"),
    path("<int:pk>/frameworks/<str:code>/findings/", findings.framework_findings, name="findings"),
    path("<int:pk>/groups/<str:code>/findings/", findings.group_findings, name="group_findings"),
    path("<int:pk>/findings/<int:finding_pk>/edit/", findings.finding_edit, name="finding_edit"),
    path("<int:pk>/findings/<int:finding_pk>/delete/", findings.finding_delete, name="finding_delete"),
    path("<int:pk>/findings/<int:finding_pk>/move/", findings.finding_move, name="finding_move"),
    path("<int:pk>/findings/<int:finding_pk>/comments/", findings.finding_comment, name="finding_comment"),
    path("<int:pk>/comments/<int:comment_pk>/answer/", findings.comment_respond, name="comment_respond"),
    path("<int:pk>/corrections/new/", corrections.correction_new, name="correction_new"),
    path("<int:pk>/corrections/<int:correction_pk>/", corrections.correction_detail, name="correction"),
    path(
        "<int:pk>/corrections/<int:correction_pk>/cancel/",
        corrections.correction_cancel,
        name="correction_cancel",
    ),
]
