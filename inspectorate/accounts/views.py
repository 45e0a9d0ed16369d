"""The one-time password step after the password: setting up an authenticator app, and giving a code."""

from __future__ import annotations

import re

from axes.helpers import get_cool_off, get_failure_limit
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import two_factor


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("Enter the code as 6 digits, like 123456")
        return code


@never_cache
@sensitive_post_parameters("code")
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    next_url = two_factor.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if two_factor.confirmed_device(request.user) is not None:
        # Already set up: a second device is added only after an administrator resets the first.
        return redirect(next_url if request.user.is_verified() else "otp-verify")  # type: ignore[union-attr]
    device = two_factor.new_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = two_factor.confirm(request, device, form.cleaned_data["code"])
        if refusal is None:
            return redirect(next_url)
        form.add_error("code", refusal)
    page = {
        "form": form,
        "next": next_url,
        "qr_svg": two_factor.qr_svg(device),
        "secret": two_factor.secret_for_typing(device),
        "required": two_factor.otp_required_for(request.user),
    }
    return render(request, "accounts/otp_setup.html", page, status=400 if form.errors else 200)


@never_cache
@sensitive_post_parameters("code")
@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    next_url = two_factor.safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if two_factor.confirmed_device(request.user) is None:
        return redirect("otp-setup")
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = two_factor.verify(request, form.cleaned_data["code"])
        if refusal is None:
            return redirect(next_url)
        form.add_error("code", refusal)
    return render(
        request,
        "accounts/otp_verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


def _wait_in_words(minutes: int) -> str:
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def locked_out(
    request: HttpRequest, original_response: object = None, credentials: object = None
) -> HttpResponse:
    """The answer to a sign-in for a locked-out username (django-axes calls it), right password or not."""
    cool_off = get_cool_off(request)
    wait = _wait_in_words(max(1, round(cool_off.total_seconds() / 60))) if cool_off else ""
    page = {"failure_limit": get_failure_limit(request, credentials), "wait": wait}
    return render(request, "registration/locked_out.html", page, status=429)
