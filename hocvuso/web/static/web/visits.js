/* hocvuso door-to-door visits without a connection (plan 67 III.5.đ; docs/campaign.md "Door to door").
   The visit form posts normally without JavaScript. With it:
   - every page load gives the form a fresh client_uuid (crypto.randomUUID, or random bytes), so that a
     copy of the form kept by the service worker never reuses the id of an earlier visit;
   - a submit without a connection (or one that fails on the network) keeps the visit in IndexedDB
     (localStorage where IndexedDB is refused) and says so;
   - kept visits are sent to POST /api/v1/visits on each page load and when the phone comes online.
     The server stores a client_uuid once, so sending again after a lost answer is harmless.
   Texts come from the page (data-msg-* attributes rendered with gettext). No framework. */
(function () {
  "use strict";
  var script = document.getElementById("hvs-visits");
  if (!script) return;
  var config = script.dataset;
  var USER = config.user || "";
  var LS_KEY = "hvs-visits";
  var dbPromise = null;

  /* Store ---------------------------------------------------------------------------------- */
  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        if (!window.indexedDB) return reject(new Error("no IndexedDB"));
        var request = indexedDB.open("hvs-visits", 1);
        request.onupgradeneeded = function () { request.result.createObjectStore("visits", { keyPath: "id" }); };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
        request.onblocked = function () { reject(new Error("IndexedDB blocked")); };
      });
    }
    return dbPromise;
  }

  function idb(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("visits", mode);
        var result = work(tx.objectStore("visits"));
        tx.oncomplete = function () { resolve(result.value); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function lsRead() {
    try { return JSON.parse(localStorage.getItem(LS_KEY) || "[]"); } catch (e) { return []; }
  }

  function lsWrite(items) {
    try { localStorage.setItem(LS_KEY, JSON.stringify(items)); } catch (e) { /* full or refused */ }
  }

  var store = {
    put: function (item) {
      return idb("readwrite", function (os) { os.put(item); return {}; }).catch(function () {
        lsWrite(lsRead().filter(function (i) { return i.id !== item.id; }).concat([item]));
      });
    },
    all: function () {
      var fromLs = lsRead();
      return idb("readonly", function (os) {
        var out = { value: [] };
        os.openCursor().onsuccess = function (e) {
          var cursor = e.target.result;
          if (cursor) { out.value.push(cursor.value); cursor.continue(); }
        };
        return out;
      }).then(function (items) { return items.concat(fromLs); }, function () { return fromLs; });
    },
    remove: function (id) {
      var left = lsRead().filter(function (i) { return i.id !== id; });
      if (left.length !== lsRead().length) lsWrite(left);
      return idb("readwrite", function (os) { os.delete(id); return {}; }).catch(function () {});
    }
  };

  function mine() {
    return store.all().then(function (items) {
      return items.filter(function (i) { return i.user === USER; }).sort(function (a, b) {
        return a.saved_at < b.saved_at ? -1 : 1;
      });
    });
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
    else for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }

  /* The list of kept visits ------------------------------------------------------------------ */
  var box = document.querySelector("[data-hvs-visit-queue]");
  var sent = []; // sent from this page: {label, visited_on, id}

  function visitUrl(id) { return (config.visitUrl || "").replace("/0/", "/" + id + "/"); }

  function render() {
    if (!box) return Promise.resolve();
    var msg = box.dataset;
    return mine().then(function (items) {
      var list = box.querySelector(".hvs-visit-queue");
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "hvs-visit-" + item.state;
        var text = item.label + " · " + item.payload.visited_on + " · ";
        if (item.state === "refused") {
          li.textContent = text + msg.msgRefused + " " + (item.detail || "");
          var remove = document.createElement("button");
          remove.type = "button";
          remove.textContent = msg.msgRemove;
          remove.addEventListener("click", function () { store.remove(item.id).then(render); });
          li.appendChild(document.createTextNode(" "));
          li.appendChild(remove);
        } else {
          li.textContent = text + (item.state === "sending" ? msg.msgSending : msg.msgWaiting);
        }
        list.appendChild(li);
      });
      sent.forEach(function (done) {
        var li = document.createElement("li");
        li.className = "hvs-visit-sent";
        li.textContent = done.label + " · " + done.visited_on + " · " + msg.msgSent + " ";
        var a = document.createElement("a");
        a.href = visitUrl(done.id);
        a.textContent = msg.msgOpen;
        li.appendChild(a);
        list.appendChild(li);
      });
      box.hidden = !items.length && !sent.length;
    });
  }

  /* Sending ------------------------------------------------------------------------------------ */
  var flushing = null;
  var retryTimer = null;
  var retryDelay = 15000;

  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 300000);
  }

  function describe(body) {
    var parts = [body && body.detail ? body.detail : ""];
    ((body && body.errors) || []).forEach(function (e) { parts.push(e.message); });
    return parts.filter(Boolean).join(" ");
  }

  function send(item) {
    return fetch(config.api, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: JSON.stringify(item.payload)
    }).then(function (response) {
      if (response.status === 200 || response.status === 201) {
        return response.json().then(function (visit) {
          sent.push({ label: item.label, visited_on: item.payload.visited_on, id: visit.id });
          return store.remove(item.id);
        });
      }
      if ([400, 404, 409, 422].indexOf(response.status) !== -1) {
        // Sending again would not help: keep it on the phone, say why, and let the person remove it.
        return response.json().catch(function () { return {}; }).then(function (body) {
          item.state = "refused";
          item.detail = describe(body);
          return store.put(item);
        });
      }
      // 401/403 (signed out, CSRF), 5xx, a captive portal...: keep it and try again later.
      throw new Error("visit not accepted: HTTP " + response.status);
    });
  }

  /* Send this user's waiting visits, one at a time, oldest first. */
  function flush() {
    if (!USER || !config.api || navigator.onLine === false) return Promise.resolve();
    if (flushing) return flushing;
    var run = function () {
      return mine().then(function (items) {
        var chain = Promise.resolve();
        items.filter(function (i) { return i.state !== "refused"; }).forEach(function (item) {
          chain = chain.then(function () { return send(item); });
        });
        return chain.then(function () { retryDelay = 15000; }, scheduleRetry);
      });
    };
    // One sender at a time across this user's open tabs (the server keeps a client_uuid once anyway).
    var locked = navigator.locks ? navigator.locks.request("hvs-visits", run) : run();
    flushing = locked.then(function () { flushing = null; return render(); }, function () { flushing = null; return render(); });
    return flushing;
  }

  /* The form ------------------------------------------------------------------------------------ */
  function payload(form) {
    var data = new FormData(form);
    var body = {
      client_uuid: String(data.get("client_uuid") || ""),
      household_id: Number(form.dataset.household),
      visited_on: String(data.get("visited_on") || ""),
      companions: String(data.get("companions") || ""),
      people_met: data.getAll("people_met").map(Number),
      helped_with: data.getAll("helped_with").map(String),
      outcome: String(data.get("outcome") || ""),
      note: String(data.get("note") || ""),
      follow_up_on: data.get("follow_up_on") ? String(data.get("follow_up_on")) : null,
      updates: []
    };
    form.querySelectorAll("select[name^='vneid_']").forEach(function (select) {
      var pk = select.name.slice("vneid_".length);
      var was = form.elements.namedItem("vneid_" + pk + "_was");
      var bank = form.elements.namedItem("bank_" + pk);
      var bankWas = form.elements.namedItem("bank_" + pk + "_was");
      var change = { person_id: Number(pk) };
      var changed = false;
      if (was && select.value !== was.value) { change.vneid_level = Number(select.value); changed = true; }
      if (bank && bankWas && bank.value !== bankWas.value) { change.has_digital_bank_account = bank.value === "yes"; changed = true; }
      if (changed) body.updates.push(change);
    });
    return body;
  }

  function setupForm(form) {
    var idField = form.elements.namedItem("client_uuid");
    if (idField) idField.value = uuid();
    var status = form.querySelector(".hvs-visit-status");
    var button = form.querySelector("[type=submit]");

    function keep(body) {
      var item = { id: body.client_uuid, user: USER, label: form.dataset.label || "", saved_at: new Date().toISOString(), state: "waiting", payload: body };
      return store.put(item).then(function () {
        form.reset();
        if (idField) idField.value = uuid(); // the next visit from this form is another visit
        if (status) { status.textContent = form.dataset.msgQueued || ""; status.className = "msg success hvs-visit-status"; }
        if (button) button.disabled = false;
        return render();
      });
    }

    form.addEventListener("submit", function (event) {
      if (!USER) return;
      event.preventDefault();
      var body = payload(form);
      if (button) button.disabled = true;
      if (navigator.onLine === false) { keep(body); return; }
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-HVS-Fetch": "1" }
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.ok && type.indexOf("application/json") === 0) {
          return response.json().then(function (answer) { location.assign(answer.url); });
        }
        var to = new URL(response.url, location.href);
        if (response.redirected && to.pathname.indexOf("/login/") === 0) return keep(body); // signed out meanwhile
        // Not stored (the server found a problem): post it the ordinary way to show the server's answer.
        HTMLFormElement.prototype.submit.call(form);
      }, function () { return keep(body); });
    });
  }

  var form = document.querySelector("form[data-hvs-visit]");
  if (form) setupForm(form);
  window.addEventListener("online", function () { retryDelay = 15000; flush(); });
  window.hvsVisits = { flush: flush, pending: function () { return mine().then(function (items) { return items.length; }); } };

  function start() {
    render().then(function () { if (navigator.onLine !== false) flush(); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
