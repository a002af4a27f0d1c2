// Runs first thing in <body>, before anything is drawn: tells GOV.UK Frontend's CSS that its
// JavaScript will run, so components can be styled for it without a flash of the plain version.
// Browsers without ES modules get neither class and keep the plain pages, which work fully.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
