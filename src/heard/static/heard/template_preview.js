// The template editor's live preview: as the text or the case changes, the page posts them to
// the preview address (the form's data-template-preview) and shows the letter it sends back,
// filled in with that case's details, or why it could not be filled in. Without JavaScript
// the Preview button does the same with the whole page. Loaded only by documents/template.html.
const form = document.querySelector("form[data-template-preview]");

if (form) {
  const box = document.getElementById("template-preview");
  const status = document.getElementById("template-preview-status");
  const address = form.dataset.templatePreview;
  const watched = new Set(["body", "case"]);
  let timer = null;
  let running = null;
  let lastProblem = null;

  // Screen readers hear only a change between "filled in" and "could not be filled in", not
  // every pause in typing.
  const announce = (problem) => {
    if (problem === lastProblem) return;
    lastProblem = problem;
    status.textContent = problem
      ? "The letter could not be filled in. The reason is in the preview."
      : "The preview shows the letter filled in.";
  };

  const update = async () => {
    running?.abort();
    running = new AbortController();
    const data = new FormData(form);
    data.delete("action");
    try {
      const response = await fetch(address, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        signal: running.signal,
      });
      if (!response.ok) {
        status.textContent = "The preview could not be updated. Use the Preview button.";
        return;
      }
      box.innerHTML = await response.text();
      announce(box.querySelector("[data-preview-problem]") !== null);
    } catch (error) {
      if (error.name !== "AbortError") {
        status.textContent = "The preview could not be updated. Use the Preview button.";
      }
    }
  };

  form.addEventListener("input", (event) => {
    if (!watched.has(event.target.name)) return;
    clearTimeout(timer);
    timer = setTimeout(update, 500);
  });
}
