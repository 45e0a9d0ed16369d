"""The one-time password step after the password. Anyone signed in may set up an authenticator app
(it is required of inspectorate staff when the step is on); the public is sent to sign in first."""

from .routes import PERSONAS, Route

signed_in = {p: (302 if p == "public" else 200) for p in PERSONAS}
# Nobody in the matrix has set up an app yet, so the code page sends everyone on: staff to set one up,
# the public to sign in.
redirected = {p: 302 for p in PERSONAS}
wrong_code = {p: (302 if p == "public" else 400) for p in PERSONAS}

ROUTES = [
    Route("otp-setup", signed_in),
    Route("otp-setup", wrong_code, method="post", data=lambda w: {"code": "000000"}, label="wrong code"),
    Route("otp-verify", redirected),
    Route("otp-verify", redirected, method="post", data=lambda w: {"code": "000000"}, label="no app yet"),
]
