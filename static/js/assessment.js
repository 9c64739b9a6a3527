// Assessment pages: show "menyimpan..." while an autosave is on its way. htmx does the saving.
document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.detail.elt;
  if (!form.matches || !form.matches("[data-answer-form]")) return;
  const status = document.querySelector(form.getAttribute("hx-target"));
  if (status) status.textContent = status.dataset.saving || "Menyimpan…";
});
document.addEventListener("htmx:responseError", (event) => {
  const form = event.detail.elt;
  if (!form.matches || !form.matches("[data-answer-form]")) return;
  const status = document.querySelector(form.getAttribute("hx-target"));
  if (status) status.textContent = status.dataset.failed || "!";
});
