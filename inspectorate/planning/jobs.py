"""Planner solves started from the planning pages run on a worker (docs/jobs.md): scoring every force
and framework and solving the programme takes seconds to minutes, too long for a request."""

from __future__ import annotations

from django.urls import reverse

from inspectorate.inspections.services.errors import Invalid, NotAllowed
from inspectorate.jobs.models import Job
from inspectorate.jobs.services import JobFailed, Outcome, job_task, progress

from . import services
from .models import Plan

# solve_plan says what it is doing at each of these steps, in this order.
_STEPS = ("scoring", "solving", "explaining")


@job_task
def solve_plan(job: Job, plan_id: int) -> Outcome:
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        raise JobFailed("The plan no longer exists.")
    progress(job.pk, 0, len(_STEPS), "Waiting to score")

    def say(message: str) -> None:
        step = next((n for n, word in enumerate(_STEPS) if message.startswith(word)), 0)
        progress(job.pk, step, len(_STEPS), message[:1].upper() + message[1:])

    try:
        data = services.solve_plan(job.owner, plan, progress=say)
    except NotAllowed as refusal:
        raise JobFailed(f"Not solved: {refusal.reason}.") from refusal
    except Invalid as bad:
        raise JobFailed(f"Not solved: {bad}.") from bad
    return Outcome(
        message=f"Solved: {len(data['chosen'])} inspections chosen (value {data['value']:g}).",
        url=reverse("planning:plan", kwargs={"code": plan.code}),
        data={"chosen": len(data["chosen"]), "value": data["value"]},
    )
