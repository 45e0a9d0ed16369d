"""Jobs through their pages and the command line: who sees a job and its result, a programme's
reports rendered into a zip for the person who asked, and `inspectorate jobs`. Jobs run inside the
request under the test settings; tests/publication/test_publish_worker.py runs them on a worker."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.forces.models import Force
from inspectorate.jobs.models import Job
from inspectorate.reports import jobs as report_jobs
from tests.stages import drafting

pytestmark = pytest.mark.django_db


@pytest.fixture
def quick_draft_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in for the typesetting (seconds a report), naming the report it stands for."""
    monkeypatch.setattr(report_jobs, "render_pdf", lambda report: f"%PDF stand-in: {report.title}".encode())


def _as(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _drafts(pack_2007: Any, make_persona: Any) -> None:
    for code in ("west-midlands", "durham"):
        drafting(make_persona, force=Force.objects.get(code=code), programme=pack_2007, frameworks=["CA"])


@pytest.mark.usefixtures("quick_draft_pdf")
def test_it_renders_the_drafts_the_owner_may_see_into_a_zip_only_they_download(
    pack_2007: Any, make_persona: Any
) -> None:
    _drafts(pack_2007, make_persona)
    lead = make_persona("lead")

    answer = _as(lead).post(reverse("reports:render_programme", args=["hmic-2007"]), {"which": "draft"})

    job = Job.objects.get()
    assert answer["Location"] == reverse("jobs:detail", args=[job.pk])
    assert (job.status, job.done, job.total) == ("succeeded", 2, 2), job.error
    assert job.message.startswith("2 draft reports of ")
    download = _as(lead).get(reverse("jobs:result", args=[job.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert sorted(n.split("-hmic-2007")[0] for n in names) == ["durham", "west-midlands"]
    for persona in ("inspector", "moderator", "analyst", "force_a", "force_b"):
        assert _as(make_persona(persona)).get(reverse("jobs:result", args=[job.pk])).status_code == 404
    assert _as(make_persona("admin")).get(reverse("jobs:result", args=[job.pk])).status_code == 200


@pytest.mark.usefixtures("quick_draft_pdf")
def test_it_fails_in_words_when_there_is_nothing_the_owner_may_render(
    pack_2007: Any, make_persona: Any
) -> None:
    # Drafting inspections are the team's: the analyst sees none of them.
    _drafts(pack_2007, make_persona)

    _as(make_persona("analyst")).post(
        reverse("reports:render_programme", args=["hmic-2007"]), {"which": "draft"}
    )

    job = Job.objects.get()
    assert job.status == "failed" and not job.result_file
    assert job.error.startswith("There is no draft report of ")


def test_it_refuses_a_choice_that_is_not_offered_and_queues_nothing(
    pack_2007: Any, make_persona: Any
) -> None:
    answer = _as(make_persona("lead")).post(
        reverse("reports:render_programme", args=["hmic-2007"]), {"which": "everything"}
    )

    assert (
        answer.status_code == 400 and "choose the drafts or the published reports" in answer.content.decode()
    )
    assert not Job.objects.exists()


@pytest.mark.usefixtures("quick_draft_pdf")
def test_it_lists_each_persons_own_jobs(pack_2007: Any, make_persona: Any) -> None:
    _drafts(pack_2007, make_persona)
    _as(make_persona("lead")).post(
        reverse("reports:render_programme", args=["hmic-2007"]), {"which": "draft"}
    )

    mine = _as(make_persona("lead")).get(reverse("jobs:list")).content.decode()
    theirs = _as(make_persona("inspector")).get(reverse("jobs:list")).content.decode()

    assert "Render every draft report of" in mine
    assert "Render every draft report of" not in theirs and "No jobs yet." in theirs


@pytest.mark.usefixtures("quick_draft_pdf")
def test_it_lists_and_shows_jobs_on_the_command_line(
    pack_2007: Any, make_persona: Any, cli: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _drafts(pack_2007, make_persona)
    _as(make_persona("lead")).post(
        reverse("reports:render_programme", args=["hmic-2007"]), {"which": "draft"}
    )
    job = Job.objects.get()

    assert cli(["jobs", "list"]) == 0
    listed = capsys.readouterr().out
    assert "0 waiting" in listed and f"{job.pk:>6}  succeeded" in listed and "leonard.lead" in listed
    assert cli(["jobs", "show", str(job.pk), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["status"] == "succeeded" and shown["result_data"] == {"reports": 2, "which": "draft"}
    assert cli(["jobs", "show", "999999"]) == 1
    assert "there is no job 999999" in capsys.readouterr().err


def test_it_refuses_a_task_backend_it_does_not_know(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from tests.environment import settings_with

    with pytest.raises(ImproperlyConfigured, match="INSPECTORATE_TASK_BACKEND='redis': use one of database"):
        settings_with(monkeypatch, INSPECTORATE_TASK_BACKEND="redis", INSPECTORATE_ALLOW_DEV_SECRET="true")


def test_it_links_the_jobs_page_for_signed_in_people_only(make_persona: Any) -> None:
    from inspectorate.web.context import navigation_items

    assert dict(navigation_items(make_persona("force_b")))["Jobs"] == reverse("jobs:list")
    assert "Jobs" not in dict(navigation_items(None))
