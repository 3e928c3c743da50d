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
