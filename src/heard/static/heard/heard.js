// Starts GOV.UK Frontend's components (error summary focus, password reveal, menu button...).
// A separate file rather than an inline script, so a strict Content Security Policy needs no
// nonce. Every page works without it.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
