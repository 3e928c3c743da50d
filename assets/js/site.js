// Public site behaviour: the gallery lightbox (keyboard and touch usable) and
// click-to-load YouTube players. Nothing here talks to another host until
// the visitor clicks a video.
"use strict";
(function () {
  // onSwipe calls fn(+1) after a swipe to the left and fn(-1) after one to
  // the right. The CSS gives horizontal pans on these elements to us
  // (touch-action: pan-y), and the last position seen by touchmove decides,
  // so a gesture that ends in touchcancel still counts when clearly sideways.
  function onSwipe(el, fn) {
    var t0 = null, t1 = null;
    function at(e) { var p = e.touches[0]; return { x: p.clientX, y: p.clientY }; }
    el.addEventListener("touchstart", function (e) { t0 = t1 = at(e); }, { passive: true });
    el.addEventListener("touchmove", function (e) { if (t0) t1 = at(e); }, { passive: true });
    function end() {
      if (!t0) return;
      var dx = t1.x - t0.x, dy = t1.y - t0.y;
      t0 = t1 = null;
      if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) fn(dx < 0 ? 1 : -1);
    }
    el.addEventListener("touchend", end);
    el.addEventListener("touchcancel", end);
  }

  document.querySelectorAll("[data-lightbox]").forEach(function (list) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var T = function (k) { return list.getAttribute("data-t-" + k); };
    var box, img, cap, idx = 0, opener = null;

    function build() {
      box = document.createElement("div");
      box.className = "lightbox";
      box.setAttribute("role", "dialog");
      box.setAttribute("aria-modal", "true");
      box.tabIndex = -1;
      img = document.createElement("img");
      cap = document.createElement("p");
      cap.className = "lb-caption";
      cap.setAttribute("aria-live", "polite");
      var close = btn("lb-close", "×", T("close"), hide);
      var prev = btn("lb-prev", "‹", T("prev"), function () { show(idx - 1); });
      var next = btn("lb-next", "›", T("next"), function () { show(idx + 1); });
      box.append(img, cap, prev, next, close);
      box.addEventListener("click", function (e) { if (e.target === box) hide(); });
      box.addEventListener("keydown", function (e) {
        if (e.key === "Escape") hide();
        else if (e.key === "ArrowLeft") show(idx - 1);
        else if (e.key === "ArrowRight") show(idx + 1);
        else if (e.key === "Tab") trap(e);
      });
      onSwipe(box, function (d) { show(idx + d); });
      document.body.appendChild(box);
    }
    function btn(cls, text, label, fn) {
      var b = document.createElement("button");
      b.type = "button"; b.className = cls; b.textContent = text; b.setAttribute("aria-label", label);
      b.addEventListener("click", fn);
      return b;
    }
    function trap(e) {
      var f = box.querySelectorAll("button");
      if (e.shiftKey && (document.activeElement === f[0] || document.activeElement === box)) { e.preventDefault(); f[f.length - 1].focus(); }
      else if (!e.shiftKey && document.activeElement === f[f.length - 1]) { e.preventDefault(); f[0].focus(); }
    }
    function show(i) {
      idx = (i + links.length) % links.length;
      var a = links[idx], thumb = a.querySelector("img");
      img.src = a.href;
      img.alt = thumb.alt;
      cap.textContent = T("of").replace("%d", idx + 1).replace("%d", links.length) + (thumb.alt ? " — " + thumb.alt : "");
    }
    function hide() {
      box.hidden = true;
      document.body.classList.remove("lb-open");
      if (opener) opener.focus();
    }
    links.forEach(function (a, i) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        if (!box) build();
        opener = a;
        box.hidden = false;
        document.body.classList.add("lb-open");
        show(i);
        // The dialog itself takes the focus: Enter opens it on keydown, and
        // its keypress would press a focused close button at once.
        box.focus();
      });
    });
  });

  // YouTube: a placeholder becomes the privacy-enhanced player only on click.
  document.querySelectorAll(".yt[data-yt]").forEach(function (el) {
    var id = el.getAttribute("data-yt");
    if (!/^[A-Za-z0-9_-]{11}$/.test(id)) return;
    var a = el.querySelector("a") || el;
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var f = document.createElement("iframe");
      f.src = "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1";
      f.title = "YouTube";
      f.allow = "autoplay; encrypted-media; picture-in-picture";
      f.allowFullscreen = true;
      f.referrerPolicy = "strict-origin-when-cross-origin";
      el.replaceChildren(f);
      el.classList.add("playing");
      f.focus(); // the link is gone: keep the keyboard's place on the player
    });
  });

  // Banner carousel: our own few lines, no library. Arrow keys, swipe,
  // previous/next buttons; it pauses on hover, on focus and when asked, and
  // never moves by itself for visitors who prefer reduced motion.
  document.querySelectorAll("[data-carousel]").forEach(function (root) {
    var slides = Array.prototype.slice.call(root.querySelectorAll(".slide"));
    if (slides.length < 2) return;
    var T = function (k) { return root.getAttribute("data-t-" + k); };
    var i = 0, timer = null, paused = window.matchMedia("(prefers-reduced-motion: reduce)").matches, mouse = false, focus = false;
    function show(n) {
      slides[i].hidden = true;
      i = (n + slides.length) % slides.length;
      slides[i].hidden = false;
      dots.forEach(function (d, k) { d.setAttribute("aria-current", k === i ? "true" : "false"); });
    }
    function btn(cls, label, text, fn) {
      var b = document.createElement("button");
      b.type = "button"; b.className = cls; b.setAttribute("aria-label", label); b.textContent = text;
      b.addEventListener("click", fn);
      return b;
    }
    var controls = document.createElement("div");
    controls.className = "carousel-controls";
    var prev = btn("c-prev", T("prev"), "‹", function () { show(i - 1); });
    var next = btn("c-next", T("next"), "›", function () { show(i + 1); });
    // Constant SVG icons: no symbol font is needed on the visitor's phone.
    var PLAY = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" d="M8 5v14l11-7z"/></svg>';
    var PAUSE = '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true"><path fill="currentColor" d="M6 5h4v14H6zm8 0h4v14h-4z"/></svg>';
    var toggle = btn("c-toggle", paused ? T("play") : T("pause"), "", function () {
      paused = !paused;
      toggle.setAttribute("aria-label", paused ? T("play") : T("pause"));
      toggle.innerHTML = paused ? PLAY : PAUSE;
    });
    toggle.innerHTML = paused ? PLAY : PAUSE;
    var dots = slides.map(function (_, k) {
      return btn("c-dot", (k + 1) + " / " + slides.length, "", function () { show(k); });
    });
    controls.append(prev, toggle);
    dots.forEach(function (d) { controls.appendChild(d); });
    controls.appendChild(next);
    root.appendChild(controls);
    show(0);
    // Paused while the mouse is over it or the keyboard focus is inside it.
    root.addEventListener("mouseenter", function () { mouse = true; });
    root.addEventListener("mouseleave", function () { mouse = false; });
    root.addEventListener("focusin", function () { focus = true; });
    root.addEventListener("focusout", function (e) { focus = root.contains(e.relatedTarget); });
    root.addEventListener("keydown", function (e) {
      if (e.key === "ArrowLeft") { show(i - 1); e.preventDefault(); }
      if (e.key === "ArrowRight") { show(i + 1); e.preventDefault(); }
    });
    onSwipe(root, function (d) { show(i + d); });
    timer = setInterval(function () { if (!paused && !mouse && !focus && !document.hidden) show(i + 1); }, 6000);
  });

  // Notice tabs (WAI-ARIA tabs pattern). Without script every category's
  // list shows one under another.
  document.querySelectorAll("[data-tabs]").forEach(function (root) {
    var list = root.querySelector("[role=tablist]");
    var tabs = Array.prototype.slice.call(root.querySelectorAll("[role=tab]"));
    var panels = tabs.map(function (t) { return document.getElementById(t.getAttribute("aria-controls")); });
    list.hidden = false;
    root.classList.add("tabbed");
    function select(k, focus) {
      tabs.forEach(function (t, j) {
        t.setAttribute("aria-selected", j === k ? "true" : "false");
        t.tabIndex = j === k ? 0 : -1;
        panels[j].hidden = j !== k;
      });
      if (focus) tabs[k].focus();
    }
    tabs.forEach(function (t, k) {
      t.addEventListener("click", function () { select(k, false); });
      t.addEventListener("keydown", function (e) {
        var n = { ArrowRight: k + 1, ArrowLeft: k - 1, Home: 0, End: tabs.length - 1 }[e.key];
        if (n === undefined) return;
        e.preventDefault();
        select((n + tabs.length) % tabs.length, true);
      });
    });
    select(0, false);
  });
  // Copy link: a plain link to the story; with script, a click copies the
  // address instead of following it. The share links beside it are plain
  // links too: nothing is loaded from another site until one is clicked.
  document.querySelectorAll("[data-copy]").forEach(function (a) {
    if (!navigator.clipboard) return;
    var status = a.parentNode.querySelector("[role=status]");
    a.addEventListener("click", function (e) {
      e.preventDefault();
      navigator.clipboard.writeText(a.href).then(function () {
        if (status) status.textContent = a.getAttribute("data-t-copied");
      }, function () { window.location.href = a.href; });
    });
  });
})();
