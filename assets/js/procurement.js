// Procurement form: "add a bidder" copies the last bidder row, emptied.
// Without JavaScript the form still offers three empty rows.
(function () {
  'use strict';
  var btn = document.querySelector('[data-add-bidder]');
  var body = document.querySelector('[data-bidders] tbody');
  if (!btn || !body) return;
  btn.hidden = false;
  btn.addEventListener('click', function () {
    var rows = body.querySelectorAll('tr');
    if (rows.length >= 60) return;
    var row = rows[rows.length - 1].cloneNode(true);
    row.querySelectorAll('input').forEach(function (input) {
      input.value = '';
      input.setAttribute('aria-label', input.getAttribute('aria-label').replace(/\d+$/, String(rows.length + 1)));
    });
    body.appendChild(row);
    row.querySelector('input').focus();
  });
})();
