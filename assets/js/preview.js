// Preview links on an item's editor: the copy button beside a new link.
// The clipboard API needs a secure context; elsewhere the field's text is
// selected and copied the old way.
"use strict";
document.addEventListener("click", function (e) {
  var btn = e.target.closest && e.target.closest("[data-copy]");
  if (!btn) return;
  var field = document.getElementById(btn.getAttribute("data-copy"));
  if (!field) return;
  var done = function () {
    btn.textContent = btn.getAttribute("data-t-copied");
  };
  field.focus();
  field.select();
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, function () {
      if (document.execCommand("copy")) done();
    });
  } else if (document.execCommand("copy")) {
    done();
  }
});
document.addEventListener("focusin", function (e) {
  if (e.target.hasAttribute && e.target.hasAttribute("data-preview-url")) e.target.select();
});
