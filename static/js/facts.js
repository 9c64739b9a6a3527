// The reviewer cites a fact (#14): the button puts the fact's sentence into the indicator's
// return reason, ticks "Kembalikan" and lets the form save itself as on any other change.
(function () {
  if (window.meritFactsBound) return;
  window.meritFactsBound = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-cite-fact]");
    if (!button) return;
    var row = button.closest("tr") || document;
    var reason = row.querySelector("input[name=return_reason], textarea[name=return_reason]");
    if (!reason) return;
    var text = button.getAttribute("data-cite-fact");
    reason.value = reason.value ? reason.value + " " + text : text;
    var box = row.querySelector("input[name=return_requested]");
    if (box) box.checked = true;
    reason.dispatchEvent(new Event("change", { bubbles: true }));
    reason.focus();
  });
})();
