// The reviewer cites a fact (#14): the button puts the fact's sentence into the indicator's
// return reason (on its own line, reasons may have several) and ticks "Kembalikan". Nothing is
// saved yet: the return has its own "Simpan pengembalian" button, where the reason is checked.
(function () {
  if (window.meritFactsBound) return;
  window.meritFactsBound = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-cite-fact]");
    if (!button) return;
    var row = button.closest("tr") || document;
    var reason = row.querySelector("textarea[name=return_reason], input[name=return_reason]");
    if (!reason) return;
    var text = button.getAttribute("data-cite-fact");
    reason.value = reason.value ? reason.value.replace(/\s+$/, "") + "\n" + text : text;
    var box = row.querySelector("input[name=return_requested]");
    if (box) box.checked = true;
    reason.focus();
  });
})();
