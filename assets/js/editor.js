// Rich-text editor for news bodies: Quill 2 (vendored), with image upload to
// our media store and YouTube videos stored as click-to-load placeholders.
// The server sanitises whatever arrives; this only makes editing pleasant.
"use strict";
(function () {
  var source = document.getElementById("body");
  var host = document.getElementById("editor");
  var form = host && host.closest("form");
  if (!source || !host || !window.Quill) return;
  var csrf = form.getAttribute("data-csrf");
  var Quill = window.Quill;
  var BlockEmbed = Quill.import("blots/block/embed");

  // A YouTube video as our placeholder, never an iframe in the editor.
  class YouTube extends BlockEmbed {
    static create(id) {
      var node = super.create();
      node.setAttribute("data-yt", id);
      node.setAttribute("contenteditable", "false");
      var a = document.createElement("a");
      a.href = "https://www.youtube.com/watch?v=" + id;
      a.textContent = "YouTube " + id;
      node.appendChild(a);
      return node;
    }
    static value(node) { return node.getAttribute("data-yt"); }
  }
  YouTube.blotName = "youtube";
  YouTube.tagName = "DIV";
  YouTube.className = "yt";
  Quill.register(YouTube);

  function youtubeID(url) {
    var m = /(?:youtu\.be\/|youtube(?:-nocookie)?\.com\/(?:watch\?(?:.*&)?v=|shorts\/|embed\/|live\/|v\/))([A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])/.exec(url || "");
    return m ? m[1] : "";
  }

  function uploadImage(file) {
    var fd = new FormData();
    fd.append("image", file, file.name);
    return fetch("/admin/news/images", { method: "POST", body: fd, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf } }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        // An expired session: keep the image, ask to log in again, retry.
        if (r.status === 401 && window.nrSession) return window.nrSession.expired(j).then(function () { return uploadImage(file); });
        if (!r.ok) throw new Error(j.error || r.statusText);
        return j.url;
      });
    });
  }

  var quill = new Quill(host, {
    theme: "snow",
    placeholder: host.getAttribute("data-placeholder"),
    modules: {
      toolbar: {
        container: [["bold", "italic", "underline"], [{ list: "ordered" }, { list: "bullet" }],
          ["link", "image", "youtube"], ["clean"]],
        handlers: {
          image: function () {
            var input = document.createElement("input");
            input.type = "file";
            input.accept = "image/*";
            input.onchange = function () { if (input.files[0]) insertImages([input.files[0]]); };
            input.click();
          },
          youtube: function () {
            var id = youtubeID(prompt("YouTube URL"));
            if (!id) return;
            var range = quill.getSelection(true);
            quill.insertEmbed(range.index, "youtube", id, "user");
            quill.setSelection(range.index + 1, 0);
          }
        }
      },
      // Pasted or dropped images go to our store, never into the body as data: URLs.
      uploader: { handler: function (range, files) { insertImages(files, range); } },
      // Tab and Shift+Tab move the focus on, as in any other field, instead
      // of typing a tab or indenting: no keyboard trap (WCAG 2.1.2).
      keyboard: { bindings: { tab: false, indent: false, outdent: false, "remove tab": false,
        "indent code-block": false, "outdent code-block": false } }
    }
  });
  var yt = host.parentNode.querySelector(".ql-youtube");
  if (yt) {
    // A constant SVG (no user data): the play symbol, drawn like Quill's icons.
    yt.innerHTML = '<svg viewBox="0 0 18 18"><rect class="ql-stroke" x="1" y="3" width="16" height="12" rx="3"></rect><polygon class="ql-fill" points="7 6 12 9 7 12 7 6"></polygon></svg>';
    yt.setAttribute("aria-label", "YouTube");
    yt.title = "YouTube";
  }

  function insertImages(files, range) {
    range = range || quill.getSelection(true);
    Array.prototype.forEach.call(files, function (f) {
      uploadImage(f).then(function (url) {
        quill.insertEmbed(range.index, "image", url, "user");
        quill.setSelection(range.index + 1, 0);
      }, function (e) { alert(e.message); });
    });
  }

  quill.clipboard.dangerouslyPasteHTML(source.value || "");
  source.hidden = true;
  // Changes made through the toolbar fire no input event of their own: the
  // form hears of them (autosave, the leave warning).
  quill.on("text-change", function (d, o, src) { if (src === "user") form.dispatchEvent(new Event("input")); });
  window.newsEditor = { html: function () { return quill.root.innerHTML; },
    set: function (html) { quill.clipboard.dangerouslyPasteHTML(html || ""); } };
})();
