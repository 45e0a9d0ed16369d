from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from inspectorate.accounts import views as account_views
from inspectorate.api.main import api
from inspectorate.operations import health
from inspectorate.web import views as web_views

urlpatterns = [
    path("", web_views.home, name="home"),
    path("sign-in/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("sign-in/authenticator-app/", account_views.otp_verify, name="otp-verify"),
    path("sign-in/set-up-authenticator-app/", account_views.otp_setup, name="otp-setup"),
    path("forces/", include("inspectorate.forces.urls")),
    path("methodology/", include("inspectorate.methodology.urls")),
    path("inspections/", include("inspectorate.inspections.urls")),
    path("moderation/", include("inspectorate.inspections.moderation_urls")),
    path("practice/", include("inspectorate.practice.urls")),
    path("published/", include("inspectorate.reports.public_urls")),
    path("reports/", include("inspectorate.reports.urls")),
    path("monitoring/", include("inspectorate.monitoring.urls")),
    path("planning/", include("inspectorate.planning.urls")),
    path("notifications/", include("inspectorate.notifications.urls")),
    path("jobs/", include("inspectorate.jobs.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]

admin.site.site_header = "Inspectorate administration"
admin.site.site_title = "Inspectorate"
