// Assessment pages: show "menyimpan..." while an autosave is on its way. htmx does the saving.
document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.detail.elt;
  if (!form.matches || !form.matches("[data-answer-form]")) return;
  const status = document.querySelector(form.getAttribute("hx-target"));
  if (status) status.textContent = status.dataset.saving || "Menyimpan…";
});
// A save that failed on the server (responseError) or never reached it (sendError: network
// down, server restarting) must not leave the old "Tersimpan" time on screen.
function showSaveFailed(event) {
  const form = event.detail.elt;
  if (!form.matches || !form.matches("[data-answer-form]")) return;
  const status = document.querySelector(form.getAttribute("hx-target"));
  if (status) status.textContent = status.dataset.failed || "!";
}
document.addEventListener("htmx:responseError", showSaveFailed);
document.addEventListener("htmx:sendError", showSaveFailed);
