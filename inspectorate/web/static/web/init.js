// Starts GOV.UK Frontend's components. A file of its own, not an inline script, so that the
// Content-Security-Policy can refuse every script the service did not ship.
import { initAll } from "../govuk/js/govuk-frontend.min.js";

initAll();
