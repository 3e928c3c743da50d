// News form: the rich-text editor, photo uploads with
// upload and processing progress, and the photo manager (main photo,
// delete, captions, drag or button reordering). No inline scripts (CSP).
"use strict";
(function () {
  var form = document.getElementById("news-form");
  if (!form) return;
  var csrf = form.getAttribute("data-csrf");
  var gallery = form.getAttribute("data-gallery");
  // A restored draft (autosave.js) brings its own gallery of a new item.
  function syncGallery() {
    var d = form.elements.draft;
    if (gallery.indexOf("draft=") === 0 && d && d.value) gallery = "draft=" + encodeURIComponent(d.value);
  }
  syncGallery();
  form.addEventListener("nr:restored", function () { syncGallery(); load(); });

  function post(url, data) {
    var body = new URLSearchParams();
    Object.keys(data || {}).forEach(function (k) {
      [].concat(data[k]).forEach(function (v) { body.append(k, v); });
    });
    return fetch(url, { method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf } }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error(j.error || r.statusText);
        return j;
      });
    });
  }

  // The headline counter is admin.js's, shared with the notice form.

  // Double submit: the server also keeps one item per form token.
  form.addEventListener("submit", function (e) {
    if (window.newsEditor) document.getElementById("body").value = window.newsEditor.html();
    if (e.submitter && e.submitter.hasAttribute("data-preview")) return;
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    }, 0);
  });

  // ---- photo manager ----
  var grid = document.getElementById("photo-grid");
  var mainInput = document.getElementById("main_photo_id");
  var T = function (k) { return grid.getAttribute("data-t-" + k); };

  function render(photos) {
    grid.textContent = "";
    if (!photos.length) {
      var empty = document.createElement("li");
      empty.className = "empty";
      empty.textContent = grid.getAttribute("data-empty");
      grid.appendChild(empty);
      countUncaptioned();
      return;
    }
    var anyMain = photos.some(function (p) { return p.main || String(p.id) === mainInput.value; });
    photos.forEach(function (p, i) {
      var isMain = p.main || String(p.id) === mainInput.value || (!anyMain && i === 0);
      var li = document.createElement("li");
      li.className = "photo" + (isMain ? " is-main" : "");
      li.draggable = true;
      li.dataset.id = p.id;
      var img = document.createElement("img");
      img.src = p.thumb; img.alt = p.caption; img.width = 200; img.height = 150; img.loading = "lazy";
      var bar = document.createElement("div");
      bar.className = "photo-tools";
      var main = button("main", isMain ? "✔" : "✓", isMain ? T("is-main") : T("main"));
      main.setAttribute("aria-pressed", isMain ? "true" : "false");
      main.addEventListener("click", function () { setMain(p.id); });
      var left = button("move", "◀", T("left"));
      left.addEventListener("click", function () { move(li, -1); });
      var right = button("move", "▶", T("right"));
      right.addEventListener("click", function () { move(li, 1); });
      var del = button("del", "🗑", T("delete"));
      del.addEventListener("click", function () {
        if (!confirm(T("delete-confirm"))) return;
        post("/admin/news/photos/" + p.id + "/delete").then(load, alertErr);
      });
      bar.append(main, left, right, del);
      var cap = document.createElement("input");
      cap.type = "text"; cap.value = p.caption; cap.maxLength = 300;
      cap.setAttribute("aria-label", T("caption") + " " + (i + 1));
      cap.addEventListener("change", function () {
        post("/admin/news/photos/" + p.id + "/caption", { caption: cap.value }).catch(alertErr);
      });
      // A photo's caption is its alt text: a photo without one gets a
      // visible badge, updated as the caption is typed.
      var badge = document.createElement("p");
      badge.className = "no-caption"; badge.id = "no-caption-" + p.id;
      badge.textContent = captionWarning.getAttribute("data-t-badge");
      cap.setAttribute("aria-describedby", badge.id);
      var mark = function () {
        var none = !cap.value.trim();
        badge.hidden = !none;
        li.classList.toggle("uncaptioned", none);
      };
      cap.addEventListener("input", function () { mark(); countUncaptioned(); });
      mark();
      li.append(img, bar, cap, badge);
      grid.appendChild(li);
    });
    countUncaptioned();
  }

  // The count of photos without a caption, above the photos.
  var captionWarning = document.getElementById("caption-warning");
  function countUncaptioned() {
    var n = grid.querySelectorAll("li.photo.uncaptioned").length;
    captionWarning.hidden = n === 0;
    captionWarning.textContent = n === 0 ? "" :
      n === 1 ? captionWarning.getAttribute("data-t-one") : format(captionWarning.getAttribute("data-t-many"), [n]);
  }

  // Icons are SVG paths: no emoji or symbol font is needed on the office PC.
  var ICONS = {
    "✓": "M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z", "✔": "M9 16.2 4.8 12l-1.4 1.4L9 19 21 7l-1.4-1.4z",
    "◀": "M15.4 7.4 14 6l-6 6 6 6 1.4-1.4-4.6-4.6z", "▶": "M8.6 16.6 10 18l6-6-6-6-1.4 1.4 4.6 4.6z",
    "🗑": "M6 19a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V7H6v12zM19 4h-3.5l-1-1h-5l-1 1H5v2h14V4z"
  };
  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("width", "20"); svg.setAttribute("height", "20");
    svg.setAttribute("aria-hidden", "true");
    var p = document.createElementNS(ns, "path");
    p.setAttribute("fill", "currentColor"); p.setAttribute("d", ICONS[name]);
    svg.appendChild(p);
    return svg;
  }

  function button(cls, text, label) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "icon-btn " + cls; b.appendChild(icon(text));
    b.title = label; b.setAttribute("aria-label", label);
    return b;
  }

  function alertErr(e) { alert(e.message); }

  function load() {
    return fetch("/admin/news/photos?" + gallery, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { if (j) render(j.photos || []); });
  }

  function setMain(id) {
    mainInput.value = id;
    if (gallery.indexOf("news_id=") === 0) {
      post("/admin/news/photos/" + id + "/main").then(load, alertErr);
    } else {
      load();
    }
  }

  function order() {
    var ids = Array.prototype.map.call(grid.querySelectorAll("li.photo"), function (li) { return li.dataset.id; });
    return post("/admin/news/photos/order?" + gallery, { ids: ids }).catch(alertErr);
  }

  function move(li, dir) {
    var sib = dir < 0 ? li.previousElementSibling : li.nextElementSibling;
    if (!sib) return;
    if (dir < 0) grid.insertBefore(li, sib); else grid.insertBefore(sib, li);
    order();
    li.querySelector(".move").focus();
  }

  var dragged = null;
  grid.addEventListener("dragstart", function (e) {
    dragged = e.target.closest("li.photo");
    if (dragged) { dragged.classList.add("dragging"); e.dataTransfer.effectAllowed = "move"; }
  });
  grid.addEventListener("dragover", function (e) {
    var over = e.target.closest("li.photo");
    if (!dragged || !over || over === dragged) return;
    e.preventDefault();
    var r = over.getBoundingClientRect();
    var after = (e.clientX - r.left) > r.width / 2;
    grid.insertBefore(dragged, after ? over.nextSibling : over);
  });
  grid.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
    order();
  });

  // ---- uploads ----
  var input = document.getElementById("photo-files");
  var drop = document.getElementById("dropzone");
  var status = document.getElementById("upload-status");
  var upBar = document.getElementById("upload-bar");
  var procBar = document.getElementById("proc-bar");
  var procLabel = status.querySelector("[data-proc-label]");
  var problems = document.getElementById("upload-problems");

  input.addEventListener("change", function () { upload(input.files); input.value = ""; });
  ["dragenter", "dragover"].forEach(function (ev) {
    drop.addEventListener(ev, function (e) { if (hasFiles(e)) { e.preventDefault(); drop.classList.add("over"); } });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    drop.addEventListener(ev, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    if (!hasFiles(e)) return;
    e.preventDefault();
    upload(e.dataTransfer.files);
  });
  function hasFiles(e) { return e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, "Files") >= 0; }

  function upload(files) {
    if (!files || !files.length) return;
    files = Array.prototype.slice.call(files); // kept for a retry after login
    var fd = new FormData();
    Array.prototype.forEach.call(files, function (f) { fd.append("files", f, f.name); });
    status.hidden = false;
    upBar.value = 0; procBar.hidden = true; procLabel.hidden = true;
    problems.textContent = "";
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/admin/news/photos?" + gallery);
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) upBar.value = Math.round(e.loaded / e.total * 100);
    };
    xhr.onload = function () {
      var j = {};
      try { j = JSON.parse(xhr.responseText); } catch (err) { /* not JSON */ }
      // An expired session: the chosen files stay here; after login in
      // another tab, coming back to this one sends them again.
      if (xhr.status === 401 && window.nrSession) {
        problem("", j.error || T("failed"));
        window.nrSession.expired(j).then(function () { upload(files); });
        return;
      }
      if (xhr.status !== 202) { problem("", j.error || T("failed")); return; }
      upBar.value = 100;
      poll(j.progress);
    };
    // A dropped connection: nothing was kept on the server; choose the files again.
    xhr.onerror = function () { problem("", T("failed")); };
    xhr.send(fd);
  }

  // format fills a catalog message's verbs (%d, %s, and %[2]d when a
  // language orders them differently) with args, as the server's Tf does.
  function format(msg, args) {
    var next = 0;
    return msg.replace(/%(?:\[(\d+)\])?([dsvg%])/g, function (m, idx, verb) {
      if (verb === "%") return "%";
      var i = idx ? +idx - 1 : next;
      next = i + 1;
      return i < args.length ? String(args[i]) : "";
    });
  }

  function problem(name, msg) {
    var li = document.createElement("li");
    li.textContent = (name ? name + ": " : "") + msg;
    problems.appendChild(li);
  }

  function poll(url) {
    fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (r.status === 401 && window.nrSession) {
        return r.json().then(function (j) { window.nrSession.expired(j).then(function () { poll(url); }); return null; });
      }
      return r.json();
    }).then(function (p) {
      if (!p) return;
      procBar.hidden = false; procLabel.hidden = false;
      procBar.max = Math.max(p.total, 1); procBar.value = p.processed;
      procLabel.textContent = format(T("processed"), [p.processed, p.total]);
      problems.textContent = "";
      (p.problems || []).forEach(function (x) { problem(x.name, x.message); });
      load();
      if (p.state !== "done" && p.state !== "failed") setTimeout(function () { poll(url); }, 800);
    }, function () { setTimeout(function () { poll(url); }, 2000); });
  }

  load();
})();
