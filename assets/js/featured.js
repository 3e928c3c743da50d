// Featured desk: drag the picked stories into order (the ↑/↓ buttons do the
// same without a mouse); pick and unpick in place, without a reload, so the
// desk keeps its place (the forms still work without JavaScript). The
// report page's print button.
"use strict";
(function () {
  var dragged = null;
  function list() { return document.getElementById("pick-list"); }
  function live(text, bad) {
    var el = document.getElementById("desk-live");
    if (!el) return;
    el.className = "desk-live" + (bad ? " error" : "");
    el.textContent = "";
    // A fresh text node, so that screen readers announce a repeat too.
    window.setTimeout(function () { el.textContent = text; }, 30);
  }
  function failed() {
    var el = document.getElementById("desk-live");
    return (el && el.getAttribute("data-failed")) || "";
  }
  // apply puts the server's desk parts in place: the picks (heading with the
  // counter and the list) and each candidate's pick button or badge.
  function apply(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var picks = doc.getElementById("desk-picks"), here = document.getElementById("desk-picks");
    if (picks && here) here.innerHTML = picks.innerHTML;
    doc.querySelectorAll(".card-action[data-id]").forEach(function (a) {
      var id = a.getAttribute("data-id");
      var old = document.querySelector('.card-action[data-id="' + id + '"]');
      if (!old) return;
      old.replaceWith(document.importNode(a, true));
      var card = document.getElementById("card-" + id);
      if (card) card.classList.toggle("picked", !a.querySelector("form"));
    });
  }
  function send(form, button) {
    var l = list();
    var csrf = (form.querySelector("input[name=csrf]") || {}).value || (l && l.getAttribute("data-csrf")) || "";
    var body = new URLSearchParams(new FormData(form));
    var id = (form.querySelector("input[name=news_id]") || {}).value;
    var unpick = /unpick$/.test(form.getAttribute("action"));
    if (button) button.disabled = true;
    return fetch(form.getAttribute("action"), { method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json" } })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (r.status === 401 && window.nrSession) {
            if (button) button.disabled = false;
            return window.nrSession.expired(j).then(function () { return send(form, button); });
          }
          if (j.html) apply(j.html);
          else if (button) button.disabled = false;
          live(j.message || failed(), !j.ok);
          // Keep the keyboard in place: on the picked card, or after an
          // unpick on the card's pick button again (else the picks' heading).
          var target = unpick ? (id && document.querySelector('.card-action[data-id="' + id + '"] button')) || document.getElementById("picks-h")
            : id && document.querySelector("#card-" + id + " h3 a");
          if (target) target.focus({ preventScroll: true });
          window.nrDesk = { count: j.count, max: j.max };
        });
      })
      .catch(function () {
        if (button) button.disabled = false;
        live(failed(), true);
      });
  }
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.matches || !form.matches("form[data-desk]") || !window.fetch || !window.DOMParser) return;
    e.preventDefault();
    send(form, e.submitter || form.querySelector("button[type=submit]"));
  });
  document.addEventListener("dragstart", function (e) {
    var l = list();
    if (l && l.contains(e.target)) { dragged = e.target.closest("li"); e.dataTransfer.effectAllowed = "move"; }
  });
  document.addEventListener("dragover", function (e) {
    var l = list();
    var over = e.target.closest && e.target.closest("#pick-list li");
    if (!l || !dragged || !over || over === dragged) return;
    e.preventDefault();
    var r = over.getBoundingClientRect();
    l.insertBefore(dragged, (e.clientY - r.top) > r.height / 2 ? over.nextSibling : over);
  });
  document.addEventListener("dragend", function () {
    var l = list();
    if (!dragged || !l) return;
    dragged = null;
    var body = new URLSearchParams();
    body.append("day", l.getAttribute("data-day"));
    l.querySelectorAll("li").forEach(function (li, i) {
      body.append("ids", li.getAttribute("data-id"));
      var slot = li.querySelector(".slot"); if (slot) slot.textContent = i + 1;
    });
    fetch("/admin/featured/order", { method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": l.getAttribute("data-csrf") } });
  });
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
