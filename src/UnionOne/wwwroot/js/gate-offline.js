// Gate page, network out: keep the signed bundle (public keys, revocation list, admission rule) the server gives this
// device, verify member codes in the browser with WebCrypto when the server cannot be reached, remember admitted codes
// for their lifetime, and upload the answers when the network is back. The bundle can verify codes but never make one.
(function () {
  'use strict';
  var form = document.querySelector('form.gate-form');
  var input = document.getElementById('code');
  if (!form || !input || !window.crypto || !window.crypto.subtle || !window.localStorage || !window.TextDecoder) return;
  var BUNDLE = 'uo.gate.bundle', NONCES = 'uo.gate.nonces', PENDING = 'uo.gate.pending';
  var text = form.dataset;

  function load(key, fallback) { try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; } }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function bytes(b64) { var s = atob(b64.replace(/-/g, '+').replace(/_/g, '/')); var a = new Uint8Array(s.length); for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i); return a; }
  function key(spki) { return crypto.subtle.importKey('spki', bytes(spki), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']); }
  function verify(k, sig, data) { return crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, k, sig, data); }

  // The bundle is accepted only when a key from the first download (pinned in this browser) signed it.
  // Every scan reloads the page (the server answers it): fetch a new bundle only when the kept one is a minute old.
  async function refresh(force) {
    var kept = load(BUNDLE, null);
    if (!force && kept && Date.now() - kept.body.issuedAtMs < 60 * 1000) { form.dataset.bundleReady = 'true'; return; }
    try {
      var r = await fetch('/gate/bundle', { credentials: 'same-origin', cache: 'no-store' });
      if (!r.ok) return;
      var got = await r.json();
      var stored = load(BUNDLE, null);
      var pinned = stored ? stored.keys : got.keys;
      var signer = pinned.find(function (k) { return k.keyId === got.bundle.keyId && k.scheme === 'ES256'; });
      if (!signer || !(await verify(await key(signer.publicKey), bytes(got.bundle.signature), new TextEncoder().encode(got.bundle.body)))) return;
      save(BUNDLE, { keys: pinned, body: JSON.parse(got.bundle.body) });
      form.dataset.bundleReady = 'true';
    } catch (e) { /* offline: keep the last bundle */ }
  }

  async function upload() {
    var pending = load(PENDING, []);
    if (pending.length === 0) return;
    try {
      var json = '{"scans":[' + pending.join(',') + ']}';
      var r = await fetch('/gate/offline-scans', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json', 'X-Gate': '1' }, body: json });
      if (r.ok) { save(PENDING, []); form.dataset.uploaded = String((Number(form.dataset.uploaded) || 0) + pending.length); }
    } catch (e) { /* still offline */ }
  }

  async function decide(code) {
    var stored = load(BUNDLE, null);
    var now = Date.now();
    if (!stored || now > stored.body.validUntilMs) return { result: 'list_expired' };
    var b = stored.body;
    if (code.indexOf('UC1.') !== 0) return { result: 'forged' };
    var all;
    try { all = bytes(code.substring(4)); } catch (e) { return { result: 'forged' }; }
    if (all.length < 37 || all[0] !== 1) return { result: 'forged' };
    var view = new DataView(all.buffer);
    var nameLength = all[35];
    if (all.length < 36 + nameLength + 1) return { result: 'forged' };
    var scan = { keyId: view.getUint16(1), memberId: view.getBigInt64(3), unionId: view.getBigInt64(11), issuedAt: Number(view.getBigInt64(19)), nonce: view.getBigInt64(27) };
    var name = new TextDecoder().decode(all.subarray(36, 36 + nameLength));
    var k = b.keys.find(function (x) { return x.keyId === scan.keyId && x.scheme === 'ES256'; });
    if (!k || !(await verify(await key(k.publicKey), all.subarray(36 + nameLength), all.subarray(0, 36 + nameLength)))) return { result: 'forged' };
    var who = { name: name, memberId: scan.memberId, nonce: scan.nonce };
    if (scan.issuedAt > now + b.clockSkewSeconds * 1000) return Object.assign({ result: 'forged' }, who);
    if (now - scan.issuedAt > b.lifetimeSeconds * 1000) return Object.assign({ result: 'expired' }, who);
    var member = String(scan.memberId);
    var revoked = b.suspended.some(function (m) { return String(m) === member; }) ||
      b.revocations.some(function (r) { return String(r.memberId) === member && scan.issuedAt < r.notBeforeMs; });
    if (revoked) return Object.assign({ result: 'revoked' }, who);
    if (!b.placeOpen) return Object.assign({ result: 'place_closed' }, who);
    if (!b.admitsAllMembers && !b.allowedUnionIds.some(function (u) { return String(u) === String(scan.unionId); })) return Object.assign({ result: 'not_allowed_here' }, who);
    var nonces = load(NONCES, {});
    Object.keys(nonces).forEach(function (n) { if (nonces[n] < now) delete nonces[n]; });
    if (nonces[String(scan.nonce)]) { save(NONCES, nonces); return Object.assign({ result: 'already_used' }, who); }
    nonces[String(scan.nonce)] = scan.issuedAt + (b.lifetimeSeconds + b.clockSkewSeconds) * 1000;
    save(NONCES, nonces);
    return Object.assign({ result: 'admitted' }, who);
  }

  function show(answer) {
    var admitted = answer.result === 'admitted';
    var section = document.querySelector('.gate-answer') || document.createElement('section');
    section.className = 'gate-answer ' + (admitted ? 'admit' : 'refuse');
    section.setAttribute('role', 'status');
    section.dataset.result = answer.result;
    section.dataset.offline = 'true';
    section.textContent = '';
    [['gate-verdict', admitted ? text.admit : text.refuse], ['gate-message', (text['msg' + answer.result.replace(/_(\w)/g, function (m, c) { return c.toUpperCase(); }).replace(/^\w/, function (c) { return c.toUpperCase(); })] || '') + ' ' + text.offline],
      ['gate-who', answer.name || '']].forEach(function (part) {
      if (!part[1]) return;
      var div = document.createElement('div'); div.className = part[0]; div.textContent = part[1]; section.appendChild(div);
    });
    if (!section.parentNode) form.parentNode.insertBefore(section, form);
  }

  form.addEventListener('submit', async function (event) {
    if (form.dataset.online === 'confirmed') return;
    event.preventDefault();
    var reachable = false;
    try { reachable = navigator.onLine !== false && (await fetch('/ping', { cache: 'no-store' })).ok; } catch (e) { reachable = false; }
    if (reachable) { form.dataset.online = 'confirmed'; form.submit(); return; }
    var code = input.value.trim();
    input.value = '';
    if (!code) return;
    var answer = await decide(code);
    var pending = load(PENDING, []);
    pending.push('{"atMs":' + Date.now() + ',"memberId":' + (answer.memberId === undefined ? 'null' : String(answer.memberId)) +
      ',"nonce":' + (answer.nonce === undefined ? '0' : String(answer.nonce)) + ',"admitted":' + (answer.result === 'admitted') + ',"result":"' + answer.result + '"}');
    save(PENDING, pending);
    show(answer);
    input.focus();
  });

  window.addEventListener('online', function () { upload(); refresh(true); });
  refresh().then(upload);
  setInterval(function () { refresh(true); }, 5 * 60 * 1000);
})();
