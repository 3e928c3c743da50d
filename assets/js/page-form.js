// Footer page form: copy the editor's HTML into the form before it is sent.
"use strict";
(function () {
  var form = document.getElementById("news-form");
  if (form) form.addEventListener("submit", function () {
    if (window.newsEditor) document.getElementById("body").value = window.newsEditor.html();
  });
})();
