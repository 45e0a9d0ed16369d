"""Draft report pages: visible to whoever may see the inspection (its team, administrators, moderators
from drafting on, the inspected force from the factual accuracy check on); 404 for everyone else, and
for a published inspection, whose report lives under /published/."""

from .routes import WORKING, Route, everyone, only

# Everyone else is checked for the working in every answer (see routes.py).
SEES_WORKING = WORKING

TEAM = ("inspector", "lead", "moderator", "admin")
TEAM_AND_FORCE = (*TEAM, "force_a")


def _id(name: str):  # type: ignore[no-untyped-def]
    return lambda w: {"inspection_id": getattr(w, name).pk}


ROUTES = [
    Route("reports:draft", only(TEAM, denied=404), kwargs=_id("report_drafting"), label="drafting"),
    Route(
        "reports:draft", only(TEAM_AND_FORCE, denied=404), kwargs=_id("report_fac"), label="factual accuracy"
    ),
    Route("reports:draft", everyone(404), kwargs=_id("report_published"), label="published"),
    Route("reports:draft", everyone(404), kwargs=lambda w: {"inspection_id": 999999}, label="unknown"),
    Route(
        "reports:draft_pdf",
        only(TEAM_AND_FORCE, denied=404),
        kwargs=_id("report_fac"),
        label="factual accuracy",
    ),
    Route("reports:draft_docx", only(TEAM, denied=404), kwargs=_id("report_drafting"), label="drafting"),
    # The force reads its draft in every format, and none of them prints the team's working.
    Route(
        "reports:draft_docx",
        only(TEAM_AND_FORCE, denied=404),
        kwargs=_id("report_fac"),
        label="factual accuracy",
    ),
    Route("reports:draft_docx", everyone(404), kwargs=_id("report_published"), label="published"),
]

# Publishing is the lead inspector's, from the factual accuracy check (tests/publication shows it
# working). In this world West Midlands already has a published report, so even the lead is refused
# (403: a change is a correction); anyone who cannot see the inspection meets 404; the public is sent
# to sign in.
ROUTES.append(
    Route(
        "reports:publish",
        {
            "public": 302,
            "inspector": 403,
            "lead": 403,
            "moderator": 403,
            "analyst": 404,
            "force_a": 404,
            "force_b": 404,
            "admin": 403,
        },
        kwargs=lambda w: {"inspection_id": w.report_drafting.pk},
        method="post",
        data=lambda w: {"note": ""},
    )
)
