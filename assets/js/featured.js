// Featured desk: drag the picked stories into order (the ↑/↓ buttons do the
// same without a mouse). The report page's print button.
"use strict";
(function () {
  var list = document.getElementById("pick-list");
  if (list) {
    var dragged = null;
    list.addEventListener("dragstart", function (e) { dragged = e.target.closest("li"); e.dataTransfer.effectAllowed = "move"; });
    list.addEventListener("dragover", function (e) {
      var over = e.target.closest("li");
      if (!dragged || !over || over === dragged) return;
      e.preventDefault();
      var r = over.getBoundingClientRect();
      list.insertBefore(dragged, (e.clientY - r.top) > r.height / 2 ? over.nextSibling : over);
    });
    list.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged = null;
      var body = new URLSearchParams();
      body.append("day", list.getAttribute("data-day"));
      list.querySelectorAll("li").forEach(function (li, i) {
        body.append("ids", li.getAttribute("data-id"));
        var slot = li.querySelector(".slot"); if (slot) slot.textContent = i + 1;
      });
      fetch("/admin/featured/order", { method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRF-Token": list.getAttribute("data-csrf") } });
    });
  }
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
})();
