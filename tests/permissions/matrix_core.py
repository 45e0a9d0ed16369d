"""The site shell, forces, methodology and their read API: public reference data."""

from .routes import PERSONAS, Route, everyone

signed_in_redirect = {p: (200 if p == "public" else 302) for p in PERSONAS}

ROUTES = [
    Route("home", everyone()),
    Route("login", signed_in_redirect),
    # Signing out is POST-only, so a link cannot sign someone out behind their back.
    Route("logout", everyone(405), label="get"),
    Route("logout", everyone(302), method="post", label="post"),
    Route("forces:list", everyone()),
    Route("forces:detail", everyone(), kwargs=lambda w: {"code": w.force_a.code}),
    Route("forces:detail", everyone(404), kwargs=lambda w: {"code": "no-such-force"}, label="unknown"),
    Route("methodology:programmes", everyone()),
    Route("methodology:programme", everyone(), kwargs=lambda w: {"code": w.programme.code}),
    Route(
        "methodology:framework",
        everyone(),
        kwargs=lambda w: {"code": w.programme.code, "framework": w.framework.code},
    ),
    # The API's root exists only so that its URLs can be reversed; it answers nothing.
    Route("api-1:api-root", everyone(404)),
    Route("api-1:openapi-json", everyone()),
    Route("api-1:openapi-view", everyone()),
    Route("api-1:list_forces", everyone()),
    Route("api-1:get_force", everyone(), kwargs=lambda w: {"code": w.force_a.code}),
    Route("api-1:list_programmes", everyone()),
    Route("api-1:get_programme", everyone(), kwargs=lambda w: {"code": w.programme.code}),
    Route("api-1:list_frameworks", everyone(), kwargs=lambda w: {"code": w.programme.code}),
    Route(
        "api-1:list_criteria",
        everyone(),
        kwargs=lambda w: {"code": w.programme.code, "framework": w.framework.code},
    ),
]
