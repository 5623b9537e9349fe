// The app's own script, an ES module: it starts GOV.UK Frontend's components
// (their JavaScript only improves them: every page works without it). The
// Content-Security-Policy allows no inline script, so the classes GOV.UK
// Frontend's page template sets with one are set here; a browser that runs
// modules is one GOV.UK Frontend supports.
import { initAll } from "./vendor/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// htmx swaps parts of the page in: start the components in what it brought.
// One already started says so with an InitError, which is no fault here.
document.addEventListener("htmx:after:settle", (event) => {
  if (!(event.target instanceof Element)) {
    return;
  }
  initAll({
    scope: event.target,
    onError: (error) => {
      if (error.name !== "InitError") {
        console.log(error);
      }
    },
  });
});
