// Small behaviours shared by every page. No inline scripts: a strict CSP can forbid them.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) {
    el.form.submit();
  }
});
document.addEventListener("submit", (event) => {
  const form = event.target;
  const question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
// A "select all" checkbox ticks (or clears) every checkbox of the named field in its form.
document.addEventListener("change", (event) => {
  const box = event.target;
  const name = box.getAttribute && box.getAttribute("data-select-all");
  if (!name || !box.form) {
    return;
  }
  box.form.querySelectorAll(`input[type=checkbox][name="${name}"]`).forEach((item) => {
    item.checked = box.checked;
  });
});
