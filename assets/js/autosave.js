// Nobody loses work, on every content editor form (the forms with a hidden
// form_token, and forms marked data-autosave):
//  - autosave: a few seconds after typing stops (and at least every 10 s
//    while typing goes on) the fields go to the user's server-side draft of
//    the form (POST /admin/drafts), never to the item; the form shows when;
//  - restore: opening the form again puts the draft back (rich-text body,
//    radios, checkboxes, selects, hidden fields) with a notice and a
//    "discard draft" button; the same for values the page itself carries
//    in <script type="application/json" data-form-values> (a pending
//    change), which a newer draft beats;
//  - a warning when leaving the page with changes the item does not have;
//  - one request per save however often the button is pressed;
//  - window.nrSession: scripts whose request met an expired session show a
//    "log in again" link and retry when the user comes back to the tab.
// The server keeps only the user's own drafts (web.FormDrafts).
"use strict";
(function () {
  var DEBOUNCE = 3000, MAX_WAIT = 10000;

  // ---- expired session, shared with news-form.js and editor.js ----
  var banner = null, waiters = [];
  function sessionExpired(j) {
    j = j || {};
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "flash error session-banner";
      banner.setAttribute("role", "alert");
      document.body.appendChild(banner);
    }
    banner.textContent = (j.error || "") + " ";
    var a = document.createElement("a");
    a.href = j.login || "/admin/login?msg=expired";
    a.target = "_blank";
    a.rel = "noopener";
    a.textContent = j.login_text || a.href;
    banner.appendChild(a);
    banner.hidden = false;
    return new Promise(function (resolve) { waiters.push(resolve); });
  }
  function comeBack() {
    if (document.visibilityState === "hidden" || !waiters.length) return;
    var ws = waiters;
    waiters = [];
    if (banner) banner.hidden = true;
    ws.forEach(function (w) { w(); });
  }
  window.addEventListener("focus", comeBack);
  document.addEventListener("visibilitychange", comeBack);
  window.nrSession = { expired: sessionExpired };

  var form = document.querySelector("form[data-autosave]") ||
    (document.querySelector("form input[name=form_token]") || {}).form;
  if (!form) return;

  var path = location.pathname;
  var tokenInput = form.querySelector("input[name=form_token]");
  var token = tokenInput ? tokenInput.value : "";
  var csrf = form.getAttribute("data-csrf") || (form.querySelector("input[name=csrf]") || {}).value || "";
  var skip = { csrf: true, form_token: true, draft_form: true };

  // The form page travels with the form: the server deletes this draft
  // when the save succeeds, and a post into an expired session comes back
  // here after login.
  var keyInput = document.createElement("input");
  keyInput.type = "hidden"; keyInput.name = "draft_form"; keyInput.value = path;
  form.appendChild(keyInput);

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || skip[el.name]) return false;
      return ["file", "submit", "button", "reset", "image"].indexOf(el.type) < 0 && el.tagName !== "BUTTON" && el.tagName !== "FIELDSET";
    });
  }
  function isBody(el) { return el.id === "body" && window.newsEditor; }

  function values() {
    var v = {};
    fields().forEach(function (el) {
      if (el.disabled) return;
      var add = function (x) { (v[el.name] = v[el.name] || []).push(x); };
      if (el.type === "checkbox" || el.type === "radio") { if (el.checked) add(el.value); return; }
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { add(o.value); });
        return;
      }
      add(isBody(el) ? window.newsEditor.html() : el.value);
    });
    return v;
  }

  function apply(v) {
    var seen = {};
    fields().forEach(function (el) {
      var vs = v[el.name];
      if (el.type === "checkbox") { el.checked = !!vs && vs.indexOf(el.value) >= 0; return; }
      if (!vs) return;
      if (el.type === "radio") { el.checked = vs.indexOf(el.value) >= 0; return; }
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = vs.indexOf(o.value) >= 0; });
        return;
      }
      var i = seen[el.name] || 0;
      seen[el.name] = i + 1;
      if (i >= vs.length) return;
      el.value = vs[i];
      if (isBody(el) && window.newsEditor.set) window.newsEditor.set(vs[i]);
      if (el.type !== "hidden") el.dispatchEvent(new Event("input", { bubbles: false }));
    });
    form.dispatchEvent(new CustomEvent("nr:restored", { bubbles: true }));
  }

  // ---- state line and notices ----
  var state = document.createElement("p");
  state.className = "autosave-state";
  state.setAttribute("role", "status");
  state.setAttribute("aria-live", "polite");
  form.insertBefore(state, form.firstChild);
  var T = {};

  var notice = null;
  function showNotice(msg, onDiscard) {
    if (notice) notice.remove();
    notice = document.createElement("div");
    notice.className = "flash autosave-notice";
    notice.setAttribute("role", "status");
    var span = document.createElement("span");
    span.textContent = msg + " ";
    notice.appendChild(span);
    if (onDiscard) {
      var b = document.createElement("button");
      b.type = "button"; b.className = "btn small"; b.textContent = T.discard || "Discard draft";
      b.setAttribute("data-discard-draft", "");
      b.addEventListener("click", onDiscard);
      notice.appendChild(b);
    }
    form.parentNode.insertBefore(notice, form);
  }
  function fmt(msg, s) { return (msg || "%s").replace("%s", s); }
  function clock(iso, lang) {
    try {
      return new Date(iso).toLocaleTimeString(lang === "en" ? "en-GB" : "th-TH",
        { timeZone: "Asia/Bangkok", hour: "2-digit", minute: "2-digit" });
    } catch (e) { return iso; }
  }

  // ---- saving ----
  var dirty = false, submitting = false, timer = 0, firstChange = 0, adopt = "", saving = false, again = false;

  function post(url, data) {
    return fetch(url, { method: "POST", credentials: "same-origin", body: new URLSearchParams(data),
      headers: { "X-CSRF-Token": csrf, "Accept": "application/json" } }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) { return { status: r.status, j: j }; });
    });
  }

  function save() {
    timer = 0;
    if (submitting) return;
    if (saving) { again = true; return; }
    saving = true;
    firstChange = 0;
    var data = { form: path, token: token, values: JSON.stringify(values()) };
    if (adopt) data.adopt = adopt;
    post("/admin/drafts", data).then(function (res) {
      if (res.status === 200) {
        adopt = "";
        state.textContent = res.j.message || "";
        state.classList.remove("err");
        form.setAttribute("data-draft-saved", res.j.saved_at || "");
        return;
      }
      if (res.status === 401) {
        sessionExpired(res.j).then(schedule);
        return;
      }
      state.textContent = res.j.error || T.save_failed || "";
      state.classList.add("err");
      if (res.status >= 500) setTimeout(schedule, MAX_WAIT);
    }, function () {
      state.textContent = T.save_failed || "";
      state.classList.add("err");
      setTimeout(schedule, MAX_WAIT);
    }).then(function () {
      saving = false;
      if (again) { again = false; schedule(); }
    });
  }

  function schedule() {
    var now = Date.now();
    if (!firstChange) firstChange = now;
    clearTimeout(timer);
    timer = setTimeout(save, Math.max(0, Math.min(DEBOUNCE, firstChange + MAX_WAIT - now)));
  }

  function changed(e) {
    if (e && e.target && e.target.type === "file") { dirty = true; return; }
    if (e && e.target && skip[e.target.name]) return;
    dirty = true;
    schedule();
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);

  // The page goes (closed, reloaded, another page): its last state goes to
  // the draft, marked closed, so the form opened again is offered it. A
  // live tab's draft is never offered to another tab.
  window.addEventListener("pagehide", function () {
    if (!dirty || submitting || !navigator.sendBeacon) return;
    clearTimeout(timer);
    var data = new URLSearchParams({ csrf: csrf, form: path, token: token, values: JSON.stringify(values()), closed: "1" });
    if (adopt) data.set("adopt", adopt);
    navigator.sendBeacon("/admin/drafts", data);
  });

  // ---- leaving ----
  window.addEventListener("beforeunload", function (e) {
    if (!dirty || submitting) return;
    e.preventDefault();
    e.returnValue = ""; // older browsers need a value to ask
  });

  // ---- one submit ----
  var copy = null;
  document.addEventListener("submit", function (e) {
    if (e.target !== form || e.defaultPrevented) return;
    var sub = e.submitter;
    if (sub && (sub.getAttribute("formtarget") || "").toLowerCase() === "_blank") return; // preview
    if (submitting) { e.preventDefault(); return; }
    submitting = true;
    clearTimeout(timer);
    if (window.newsEditor) { var b = document.getElementById("body"); if (b) b.value = window.newsEditor.html(); }
    if (sub && sub.name) {
      copy = document.createElement("input");
      copy.type = "hidden"; copy.name = sub.name; copy.value = sub.value;
      form.appendChild(copy);
    }
    form.querySelectorAll("button[type=submit], input[type=submit], button:not([type])").forEach(function (b) {
      if (b !== sub) b.disabled = true;
    });
    // The pressed button goes last, once the browser has read the form.
    setTimeout(function () { if (sub) sub.disabled = true; }, 0);
  });
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    submitting = false;
    if (copy) { copy.remove(); copy = null; }
    form.querySelectorAll("button[type=submit], input[type=submit], button:not([type])").forEach(function (b) { b.disabled = false; });
  });

  // ---- restore ----
  // Values the page carries (a pending change): applied at once, before
  // the editor starts, so it starts with them.
  var pending = null;
  var pendingEl = form.querySelector("script[type='application/json'][data-form-values]") ||
    document.querySelector("script[type='application/json'][data-form-values]");
  if (pendingEl) {
    try {
      pending = { values: JSON.parse(pendingEl.textContent), at: pendingEl.getAttribute("data-saved-at") || "",
        source: pendingEl.getAttribute("data-source") || "pending" };
      apply(pending.values);
    } catch (err) { pending = null; }
  }
  var initial = null; // the form as the page came, for "discard draft"
  // A page that answers a refused save shows what was posted: that is
  // newer than any draft, and becomes the draft.
  var refused = !!form.querySelector(".invalid, .err");

  fetch("/admin/drafts?" + new URLSearchParams({ form: path, token: token }), {
    credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (r) { return r.json(); })
    .then(function (j) {
      T = j.t || {};
      var lang = j.lang || document.documentElement.lang;
      if (refused) { if (j.found) { adopt = j.token !== token ? j.token : ""; } dirty = true; schedule(); return; }
      var newer = j.found && (!pending || !pending.at || new Date(j.saved_at) > new Date(pending.at));
      if (newer) {
        initial = values();
        apply(j.values);
        dirty = true;
        if (j.token !== token) { adopt = j.token; save(); }
        var msg = j.source === "stash" ? T.restored_stash : T.restored;
        showNotice(fmt(msg, j.label || clock(j.saved_at, lang)), discard);
      } else if (pending) {
        showNotice(fmt(T.restored_pending, clock(pending.at, lang)), null);
      }
      form.setAttribute("data-draft-checked", "");
    })
    .catch(function () { /* no draft: nothing to restore */ });

  function discard() {
    clearTimeout(timer);
    var data = { form: path, token: token };
    post("/admin/drafts/delete", data);
    if (adopt) post("/admin/drafts/delete", { form: path, token: adopt });
    adopt = "";
    if (initial) apply(initial);
    dirty = false;
    firstChange = 0;
    state.textContent = "";
    if (notice) { notice.remove(); notice = null; }
  }
})();
