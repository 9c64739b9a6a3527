// Evidence: several files at once (chosen or dropped), each assigned to an expected document
// (suggested from its name, changeable), checked for size here against the server's limit,
// uploaded one request each with progress; the result shows next to the file, inside the
// indicator. And the reviewer's in-page preview. No inline script: the CSP forbids it.
(function () {
  "use strict";

  function words(text) {
    return (text.toLowerCase().match(/[a-z0-9]+/g) || []);
  }

  // The expected document whose words (rendered by the server, evidence.suggestion_words)
  // the file name shares most; the first on a tie; "Lainnya" when none.
  function suggest(select, filename) {
    const name = new Set(words(filename));
    let best = null;
    let bestScore = 0;
    for (const option of select.options) {
      const score = (option.dataset.words || "").split(" ").filter((w) => w && name.has(w)).length;
      if (score > bestScore) {
        best = option.value;
        bestScore = score;
      }
    }
    return best === null ? "" : best;
  }

  // Like Django's filesizeformat in Indonesian ("48,9 KB", "12,0 MB"), so the file's size
  // and the limit read alike.
  function humanSize(size) {
    const units = ["KB", "MB", "GB"];
    let value = size / 1024;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit += 1;
    }
    return value.toFixed(1).replace(".", ",") + "\u00a0" + units[unit];
  }

  function addFiles(zone, files) {
    const queue = zone.querySelector("[data-upload-queue]");
    const template = zone.querySelector("[data-requirements]");
    const limit = Number(zone.dataset.maxBytes);
    for (const file of files) {
      const row = document.createElement("li");
      row.className = "d-flex flex-wrap align-items-center gap-2 mb-1";
      row.dataset.uploadRow = "";
      row.setAttribute("data-testid", "upload-row");
      const name = document.createElement("span");
      name.className = "fw-semibold";
      name.textContent = file.name;
      const select = template.cloneNode(true);
      select.removeAttribute("id");
      select.removeAttribute("data-requirements");
      select.className = "form-select form-select-sm w-auto";
      select.setAttribute("aria-label", `${zone.dataset.forLabel} ${file.name}`);
      select.value = suggest(template, file.name);
      const progress = document.createElement("progress");
      progress.max = 100;
      progress.value = 0;
      progress.className = "d-none";
      progress.setAttribute("aria-label", `${zone.dataset.progressLabel} ${file.name}`);
      const status = document.createElement("span");
      status.setAttribute("data-upload-status", "");
      row.append(name, select, progress, status);
      if (file.size > limit) {
        // The same limit and the same words as the server's refusal.
        status.className = "text-danger";
        status.textContent = zone.dataset.tooBig
          .replace("%(name)s", file.name)
          .replace("%(size)s", humanSize(file.size));
        select.disabled = true;
        row.dataset.state = "refused";
      } else {
        row.dataset.state = "waiting";
        row.uploadFile = file;
      }
      queue.append(row);
    }
  }

  function uploadRow(zone, form, row) {
    return new Promise((resolve) => {
      const data = new FormData();
      data.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
      data.append("requirement", row.querySelector("select").value);
      data.append("file", row.uploadFile, row.uploadFile.name);
      const progress = row.querySelector("progress");
      const status = row.querySelector("[data-upload-status]");
      progress.classList.remove("d-none");
      status.className = "text-muted";
      status.textContent = zone.dataset.uploading;
      row.querySelector("select").disabled = true;
      const xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("HX-Request", "true");
      xhr.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) progress.value = Math.round((100 * event.loaded) / event.total);
      });
      xhr.addEventListener("load", () => {
        progress.classList.add("d-none");
        const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        const block = doc.querySelector("[data-evidence-block]");
        const result = block && block.querySelector("[data-result]");
        if (xhr.status !== 200 || !block || !result) {
          status.className = "text-danger";
          status.textContent = zone.dataset.failed;
          row.dataset.state = "failed";
          resolve();
          return;
        }
        const ok = result.dataset.ok === "1";
        status.className = ok ? "text-success" : "text-danger";
        status.textContent = result.textContent.trim();
        row.dataset.state = ok ? "done" : "refused";
        result.remove();  // shown in the file's own row instead
        const current = document.querySelector(zone.dataset.block);
        const fresh = document.importNode(block, true);
        current.replaceWith(fresh);
        if (window.htmx) window.htmx.process(fresh);
        resolve();
      });
      xhr.addEventListener("error", () => {
        progress.classList.add("d-none");
        status.className = "text-danger";
        status.textContent = zone.dataset.failed;
        row.dataset.state = "failed";
        row.querySelector("select").disabled = false;
        resolve();
      });
      xhr.send(data);
    });
  }

  async function uploadAll(zone, form) {
    const rows = zone.querySelectorAll("[data-upload-row][data-state=waiting], [data-upload-row][data-state=failed]");
    for (const row of rows) {
      if (row.uploadFile) await uploadRow(zone, form, row);
    }
  }

  function setUp(zone) {
    if (zone.dataset.ready) return;
    zone.dataset.ready = "1";
    const form = zone.querySelector("form");
    const input = form.querySelector("input[type=file]");
    const fallback = zone.querySelector("[data-fallback]");
    // With script, each file gets its own choice in the queue; the single one is for the
    // form without script.
    fallback.hidden = true;
    input.addEventListener("change", () => {
      addFiles(zone, input.files);
      input.value = "";
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      uploadAll(zone, form);
    });
    zone.addEventListener("dragover", (event) => {
      event.preventDefault();
      zone.classList.add("evidence-drop-over");
    });
    zone.addEventListener("dragleave", () => zone.classList.remove("evidence-drop-over"));
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      zone.classList.remove("evidence-drop-over");
      if (event.dataTransfer && event.dataTransfer.files.length) addFiles(zone, event.dataTransfer.files);
    });
  }

  // The reviewer's preview: the browser's own viewer in a frame (PDF) or an image, loaded
  // on demand, inside the review page.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-preview]");
    if (!button) return;
    const box = document.getElementById(button.getAttribute("aria-controls"));
    if (!box) return;
    const open = button.getAttribute("aria-expanded") === "true";
    box.replaceChildren();
    if (!open) {
      let viewer;
      if (button.dataset.kind === "image") {
        viewer = document.createElement("img");
        viewer.alt = button.dataset.name || "";
        viewer.className = "img-fluid border";
      } else {
        viewer = document.createElement("iframe");
        viewer.title = button.dataset.name || "";
        viewer.className = "evidence-preview border w-100";
      }
      viewer.src = button.dataset.src;
      viewer.setAttribute("data-testid", "preview-viewer");
      box.append(viewer);
    }
    box.hidden = open;
    button.setAttribute("aria-expanded", open ? "false" : "true");
  });

  function init(root) {
    root.querySelectorAll("[data-evidence-upload]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", () => init(document));
  } else {
    init(document);
  }
})();
