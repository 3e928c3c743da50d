// Newsroom admin behaviour. No inline scripts (the CSP forbids them).
"use strict";
document.addEventListener("submit", function (e) {
  // Forms marked data-confirm ask before a destructive action.
  var msg = e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) e.preventDefault();
});
document.addEventListener("DOMContentLoaded", function () {
  var btn = document.querySelector(".menu-toggle");
  var nav = document.getElementById("sidenav");
  if (btn && nav) {
    btn.addEventListener("click", function () {
      var open = nav.classList.toggle("open");
      btn.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
});
// Character counters: an input with data-max shows its length in the
// element #<id>-count (its .n), counted in Unicode code points as the server
// counts, and marks it .over past the limit (news and notice headlines).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-max][id], textarea[data-max][id]").forEach(function (el) {
    var box = document.getElementById(el.id + "-count");
    var n = box && box.querySelector(".n");
    if (!n) return;
    function count() {
      var len = Array.from(el.value).length;
      n.textContent = len;
      box.classList.toggle("over", len > +el.getAttribute("data-max"));
    }
    el.addEventListener("input", count);
    // A restored draft sets the value without an input event.
    if (el.form) el.form.addEventListener("nr:restored", count);
    count();
  });
});
