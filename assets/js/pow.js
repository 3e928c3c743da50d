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

  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
  var W = new Int32Array(64);

  // The message is challenge ":" nonce, at most 55 bytes: one SHA-256
  // block. The challenge's 32 hex digits are the block's first 8 words,
  // made once; each try writes only ":" and the nonce's digits after them,
  // so the loop makes no strings.
  var head = new Int32Array(8), digits = new Int32Array(20), second = 0;
  for (var i0 = 0; i0 < 32; i0++) head[i0 >> 2] |= (challenge.charCodeAt(i0) & 0xff) << (24 - (i0 & 3) * 8);

  // hash returns the first 32-bit word of sha256(challenge ":" n) and
  // leaves the second in `second`.
  function hash(n) {
    var i, nd = 0;
    do { digits[nd++] = 48 + (n % 10); n = Math.floor(n / 10); } while (n > 0);
    for (i = 0; i < 8; i++) W[i] = head[i];
    for (i = 8; i < 16; i++) W[i] = 0;
    var len = 33 + nd;
    W[8] = 0x3a << 24; // ":"
    for (i = 0; i < nd; i++) { var p = 33 + i; W[p >> 2] |= digits[nd - 1 - i] << (24 - (p & 3) * 8); }
    W[len >> 2] |= 0x80 << (24 - (len & 3) * 8);
    W[15] = len * 8;
    for (i = 16; i < 64; i++) {
      var x = W[i - 15], y = W[i - 2];
      var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    var a = 0x6a09e667, b = 0xbb67ae85 | 0, c = 0x3c6ef372, d = 0xa54ff53a | 0,
        e = 0x510e527f, f = 0x9b05688c | 0, g = 0x1f83d9ab, h = 0x5be0cd19;
    for (i = 0; i < 64; i++) {
      var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      var t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      var t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    second = (0xbb67ae85 + b) >>> 0;
    return (0x6a09e667 + a) >>> 0;
  }

  function zeroBits(first) {
    return first !== 0 ? Math.clz32(first) : 32 + Math.clz32(second);
  }

  var nonce = 0, done = false, sendWhenDone = false, began = Date.now();
  function work() {
    var end = nonce + 4000;
    for (; nonce < end; nonce++) {
      if (zeroBits(hash(nonce)) >= bits) {
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
