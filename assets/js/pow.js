// Proof of work of the Q&A form (public/qa.go): find a nonce such that
// sha256(challenge + ":" + nonce) starts with `bits` zero bits, and put it
// in the form's "pow" field. It runs in small slices so the page stays
// responsive, starts when the page loads and, if the visitor is quicker,
// the form is sent as soon as it is done. Without this script the form
// still works (the server then allows fewer questions per address).
"use strict";
(function () {
  var form = document.querySelector("form[data-pow-challenge]");
  if (!form) return;
  var challenge = form.getAttribute("data-pow-challenge");
  var bits = parseInt(form.getAttribute("data-pow-bits"), 10) || 0;
  var field = form.querySelector("input[name=pow]");
  var state = form.querySelector("[data-pow-state]");
  var button = form.querySelector("button[type=submit]");
  if (!challenge || !field) return;

  var K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
  var W = new Int32Array(64);

  // sha256 of an ASCII string of at most 55 characters (one block: the
  // challenge, a colon and the nonce); returns the digest's first two
  // 32-bit words (enough to count up to 64 leading zero bits).
  function sha256(s) {
    var n = s.length, i;
    for (i = 0; i < 16; i++) W[i] = 0;
    for (i = 0; i < n; i++) W[i >> 2] |= (s.charCodeAt(i) & 0xff) << (24 - (i & 3) * 8);
    W[n >> 2] |= 0x80 << (24 - (n & 3) * 8);
    W[15] = n * 8;
    for (i = 16; i < 64; i++) {
      var x = W[i - 15], y = W[i - 2];
      var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    var a = 0x6a09e667, b = 0xbb67ae85, c = 0x3c6ef372, d = 0xa54ff53a,
        e = 0x510e527f, f = 0x9b05688c, g = 0x1f83d9ab, h = 0x5be0cd19;
    for (i = 0; i < 64; i++) {
      var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      var t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    return [(0x6a09e667 + a) >>> 0, (0xbb67ae85 + b) >>> 0];
  }

  function zeroBits(w) {
    if (w[0] !== 0) return Math.clz32(w[0]);
    return 32 + Math.clz32(w[1]);
  }

  var nonce = 0, done = false, sendWhenDone = false, began = Date.now();
  var prefix = challenge + ":";
  function work() {
    var end = nonce + 4000;
    for (; nonce < end; nonce++) {
      if (zeroBits(sha256(prefix + nonce)) >= bits) {
        field.value = String(nonce);
        done = true;
        form.setAttribute("data-pow-done", String(Date.now() - began)); // milliseconds it took
        if (state) state.textContent = "";
        if (sendWhenDone) {
          if (button) button.disabled = false;
          form.submit();
        }
        return;
      }
    }
    setTimeout(work, 0);
  }

  form.addEventListener("submit", function (ev) {
    if (done) return;
    ev.preventDefault();
    sendWhenDone = true;
    if (button) button.disabled = true;
    if (state && button) state.textContent = button.getAttribute("data-pow-working") || "";
  });
  setTimeout(work, 0);
})();
