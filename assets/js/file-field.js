// Form file fields that upload at once (banner crop preview, video poster,
// notice PDF): the checked file's key goes into a hidden input, so a form
// with errors keeps it and the save needs no second upload.
"use strict";
document.querySelectorAll("[data-upload]").forEach(function (box) {
  var form = box.closest("form");
  var kind = box.getAttribute("data-upload");
  var hidden = form.querySelector("input[name=" + box.getAttribute("data-target") + "]");
  var input = box.querySelector("input[type=file]");
  var preview = box.querySelector(".upload-preview");
  var note = box.querySelector("[data-note]");
  var error = box.querySelector("[data-error]");
  var clear = box.querySelector("[data-clear]");
  if (clear) clear.addEventListener("click", function () {
    hidden.value = ""; if (note) note.textContent = ""; clear.hidden = true;
  });
  input.addEventListener("change", function () {
    var f = input.files[0];
    if (!f) return;
    var fd = new FormData();
    fd.append("file", f, f.name);
    error.textContent = "";
    box.classList.add("busy");
    fetch("/admin/files/" + kind, { method: "POST", body: fd, credentials: "same-origin",
      headers: { "X-CSRF-Token": form.getAttribute("data-csrf") } })
      // A refusal carries its message as JSON; one from a proxy in front
      // of the site (its own size limit, a timeout) may not.
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok) throw new Error(j.error || (r.status + " " + r.statusText));
          return j;
        });
      })
      .then(function (j) {
        hidden.value = j.key;
        if (preview) { preview.src = j.url; preview.hidden = false; }
        if (note) note.textContent = kind === "notice" ? j.name + " (" + Math.ceil(j.size / 1024) + " KB)" : j.note;
        if (clear) clear.hidden = false;
      }, function (e) { error.textContent = e.message; input.value = ""; })
      .finally(function () { box.classList.remove("busy"); });
  });
});
