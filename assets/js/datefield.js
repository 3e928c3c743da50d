// Date fields of the admin forms: a calendar button beside each text field
// marked data-datefield="date" or "datetime". The field itself stays a
// plain text field in the user's calendar (dd/mm/yyyy, the Buddhist-Era year
// in Thai), read by the server; without this script it works as it is.
// The calendar: Thai or English month names, B.E. years in Thai, and the
// keyboard: arrows move a day or a week, PageUp/PageDown a month,
// Home/End the week's ends, Enter or Space picks, Escape closes.
(function () {
  "use strict";
  var MONTHS = {
    th: ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"],
    en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
  };
  var DAYS = {th: ["อา.", "จ.", "อ.", "พ.", "พฤ.", "ศ.", "ส."], en: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]};
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // read: the field's day as {y, m (0-11), d, time} (Gregorian), or null.
  function read(value) {
    var s = value.trim().replace(/[๐-๙]/g, function (c) { return String(THAI_DIGITS.indexOf(c)); });
    var m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}:\d{2}))?/.exec(s);
    var y, mo, d, time;
    if (m) {
      y = +m[1]; mo = +m[2]; d = +m[3]; time = m[4];
    } else if ((m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})(?:\s+(\d{1,2})[:.](\d{2}))?/.exec(s))) {
      d = +m[1]; mo = +m[2]; y = +m[3]; time = m[4] ? pad(+m[4]) + ":" + m[5] : "";
    } else {
      return null;
    }
    if (y >= 2400) y -= 543;
    var date = new Date(y, mo - 1, d);
    if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
    return {y: y, m: mo - 1, d: d, time: time || ""};
  }

  function yearIn(lang, y) { return lang === "en" ? y : y + 543; }

  function write(lang, date, time, withTime) {
    var s = pad(date.getDate()) + "/" + pad(date.getMonth() + 1) + "/" + yearIn(lang, date.getFullYear());
    return withTime ? s + " " + (time || "00:00") : s;
  }

  function sameDay(a, b) {
    return a && b && a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  }

  var seq = 0;

  function setup(input) {
    var lang = input.getAttribute("data-lang") === "en" ? "en" : "th";
    var withTime = input.getAttribute("data-datefield") === "datetime";
    var id = "datepop-" + (++seq);
    var wrap = el("span", {"class": "date-wrap"});
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var button = el("button", {type: "button", "class": "btn date-btn", "aria-haspopup": "dialog", "aria-expanded": "false",
      "aria-controls": id, title: input.getAttribute("data-pick") || ""});
    button.innerHTML = '<svg aria-hidden="true" width="20" height="20" viewBox="0 0 20 20" fill="none" stroke="currentColor" stroke-width="1.6">' +
      '<rect x="2.5" y="4" width="15" height="13.5" rx="2"/><path d="M2.5 8h15M6.5 2v4M13.5 2v4"/></svg>';
    button.appendChild(el("span", {"class": "sr-only"}, (input.getAttribute("data-pick") || "") + " " + (labelOf(input) || "")));
    wrap.appendChild(button);

    var pop = el("div", {id: id, "class": "date-pop", role: "dialog", "aria-modal": "false", "aria-label": labelOf(input) || ""});
    pop.hidden = true;
    var head = el("div", {"class": "date-head"});
    var prev = el("button", {type: "button", "class": "btn small", "aria-label": input.getAttribute("data-prev") || "‹"}, "‹");
    var title = el("h2", {"class": "date-title", "aria-live": "polite"});
    var next = el("button", {type: "button", "class": "btn small", "aria-label": input.getAttribute("data-next") || "›"}, "›");
    head.appendChild(prev);
    head.appendChild(title);
    head.appendChild(next);
    pop.appendChild(head);
    var table = el("table", {role: "grid"});
    var thead = el("thead");
    var hr = el("tr");
    DAYS[lang].forEach(function (d) { hr.appendChild(el("th", {scope: "col"}, d)); });
    thead.appendChild(hr);
    table.appendChild(thead);
    var tbody = el("tbody");
    table.appendChild(tbody);
    pop.appendChild(table);
    var close = el("button", {type: "button", "class": "btn small date-close"}, input.getAttribute("data-close") || "×");
    pop.appendChild(close);
    wrap.appendChild(pop);

    var focused; // the day with the keyboard focus
    var picked; // the field's day
    var time = "";

    function render() {
      title.textContent = MONTHS[lang][focused.getMonth()] + " " + yearIn(lang, focused.getFullYear());
      tbody.textContent = "";
      var first = new Date(focused.getFullYear(), focused.getMonth(), 1);
      var day = new Date(first);
      day.setDate(1 - first.getDay());
      for (var w = 0; w < 6; w++) {
        var tr = el("tr");
        for (var i = 0; i < 7; i++) {
          var td = el("td");
          if (day.getMonth() === focused.getMonth()) {
            var b = el("button", {type: "button", tabindex: sameDay(day, focused) ? "0" : "-1",
              "aria-selected": sameDay(day, picked) ? "true" : "false",
              "aria-label": day.getDate() + " " + MONTHS[lang][day.getMonth()] + " " + yearIn(lang, day.getFullYear()),
              "data-day": day.getDate()}, String(day.getDate()));
            td.appendChild(b);
          }
          tr.appendChild(td);
          day.setDate(day.getDate() + 1);
        }
        tbody.appendChild(tr);
        if (day.getMonth() !== focused.getMonth()) break;
      }
    }

    function focusDay() {
      var b = tbody.querySelector('button[data-day="' + focused.getDate() + '"]');
      if (b) b.focus();
    }

    function move(days, months) {
      var d = new Date(focused);
      if (months) {
        var want = d.getDate();
        d.setDate(1);
        d.setMonth(d.getMonth() + months);
        d.setDate(Math.min(want, new Date(d.getFullYear(), d.getMonth() + 1, 0).getDate()));
      } else {
        d.setDate(d.getDate() + days);
      }
      var redraw = d.getMonth() !== focused.getMonth() || d.getFullYear() !== focused.getFullYear();
      focused = d;
      if (redraw) render();
      else tbody.querySelectorAll("button").forEach(function (b) {
        b.setAttribute("tabindex", +b.getAttribute("data-day") === d.getDate() ? "0" : "-1");
      });
      focusDay();
    }

    function open() {
      var r = read(input.value);
      picked = r ? new Date(r.y, r.m, r.d) : null;
      time = r ? r.time : "";
      focused = picked ? new Date(picked) : new Date();
      render();
      pop.hidden = false;
      button.setAttribute("aria-expanded", "true");
      focusDay();
    }

    function shut(refocus) {
      if (pop.hidden) return;
      pop.hidden = true;
      button.setAttribute("aria-expanded", "false");
      if (refocus) button.focus();
    }

    function pick(d) {
      input.value = write(lang, d, time, withTime);
      input.dispatchEvent(new Event("input", {bubbles: true}));
      input.dispatchEvent(new Event("change", {bubbles: true}));
      shut(false);
      input.focus();
    }

    button.addEventListener("click", function () { if (pop.hidden) open(); else shut(true); });
    prev.addEventListener("click", function () { move(0, -1); });
    next.addEventListener("click", function () { move(0, 1); });
    close.addEventListener("click", function () { shut(true); });
    tbody.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-day]");
      if (b) pick(new Date(focused.getFullYear(), focused.getMonth(), +b.getAttribute("data-day")));
    });
    pop.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); shut(true); return; }
      if (!e.target.closest("tbody")) return;
      var k = e.key;
      if (k === "ArrowLeft") move(-1);
      else if (k === "ArrowRight") move(1);
      else if (k === "ArrowUp") move(-7);
      else if (k === "ArrowDown") move(7);
      else if (k === "PageUp") move(0, -1);
      else if (k === "PageDown") move(0, 1);
      else if (k === "Home") move(-focused.getDay());
      else if (k === "End") move(6 - focused.getDay());
      else return; // Enter and Space: the day's button is clicked, as any button

      e.preventDefault();
    });
    document.addEventListener("click", function (e) { if (!wrap.contains(e.target)) shut(false); });
  }

  function labelOf(input) {
    var l = input.id && document.querySelector('label[for="' + input.id + '"]');
    return l ? l.textContent.trim() : "";
  }

  function init() {
    document.querySelectorAll("input[data-datefield]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
