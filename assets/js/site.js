// Public site behaviour: the gallery lightbox (keyboard and touch usable) and
// click-to-load YouTube players. Nothing here talks to another host until
// the visitor clicks a video.
"use strict";
(function () {
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
      var x0 = null;
      box.addEventListener("touchstart", function (e) { x0 = e.touches[0].clientX; }, { passive: true });
      box.addEventListener("touchend", function (e) {
        if (x0 === null) return;
        var dx = e.changedTouches[0].clientX - x0;
        if (Math.abs(dx) > 40) show(idx + (dx < 0 ? 1 : -1));
        x0 = null;
      });
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
      if (e.shiftKey && document.activeElement === f[0]) { e.preventDefault(); f[f.length - 1].focus(); }
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
        box.querySelector(".lb-close").focus();
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
    });
  });
})();
