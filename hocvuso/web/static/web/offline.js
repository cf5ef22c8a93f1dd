/* hocvuso offline support (issue 3): service worker registration, progress events kept on the
   phone until the server has them, and "save this course for reading without Internet".
   No framework. Texts come from the page (data-msg-* attributes rendered with gettext). */
(function () {
  "use strict";
  var script = document.currentScript || document.getElementById("hvs-offline");
  if (!script) return;
  var config = script.dataset;
  var USER = config.user || "";
  var COURSE_PREFIX = "hvs-course-";
  var META_URL = "/offline/saved-course.json"; // a key inside each course cache, never requested from the server
  var BATCH = 100;

  function fill(text, values) {
    return String(text || "").replace(/%\((\w+)\)s/g, function (all, name) {
      return name in values ? values[name] : all;
    });
  }

  /* Service worker ------------------------------------------------------------------------ */
  if ("serviceWorker" in navigator && config.sw) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register(config.sw, { scope: "/" }).catch(function () {});
    });
  }

  /* Event store: IndexedDB, or localStorage where IndexedDB is missing or refused -------------- */
  var LS_KEY = "hvs-progress-events";
  var dbPromise = null;

  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        if (!window.indexedDB) return reject(new Error("no IndexedDB"));
        var request = indexedDB.open("hvs", 1);
        request.onupgradeneeded = function () { request.result.createObjectStore("events", { keyPath: "id" }); };
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
        var tx = db.transaction("events", mode);
        var result = work(tx.objectStore("events"));
        tx.oncomplete = function () { resolve(result.value); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function lsRead() {
    try { return JSON.parse(localStorage.getItem(LS_KEY) || "[]"); } catch (e) { return []; }
  }

  function lsWrite(events) {
    try { localStorage.setItem(LS_KEY, JSON.stringify(events)); } catch (e) { /* full or refused */ }
  }

  var store = {
    add: function (event) {
      return idb("readwrite", function (os) { os.put(event); return {}; }).catch(function () {
        var events = lsRead();
        events.push(event);
        lsWrite(events);
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
      }).then(function (events) { return events.concat(fromLs); }, function () { return fromLs; });
    },
    remove: function (ids) {
      var gone = {};
      ids.forEach(function (id) { gone[id] = true; });
      var left = lsRead().filter(function (e) { return !gone[e.id]; });
      if (left.length !== lsRead().length) lsWrite(left);
      return idb("readwrite", function (os) { ids.forEach(function (id) { os.delete(id); }); return {}; })
        .catch(function () {});
    }
  };

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

  /* Sending progress ---------------------------------------------------------------------- */
  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }

  var flushing = null;
  var retryTimer = null;
  var retryDelay = 15000;

  function scheduleRetry() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 300000);
  }

  function sendBatch(events) {
    var body = events.map(function (e) {
      return { id: e.id, lesson: e.lesson, kind: e.kind, seconds: e.seconds, occurred_at: e.occurred_at, offline: e.offline };
    });
    return fetch(config.progress, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
      body: JSON.stringify({ events: body })
    }).then(function (response) {
      if ((response.status === 400 || response.status === 422) && events.length > 1) {
        // The server could not read the batch: find the event it cannot read by sending them one by one.
        return events.reduce(function (chain, e) {
          return chain.then(function () { return sendBatch([e]); });
        }, Promise.resolve()).then(function () { return null; });
      }
      if (response.status === 400 || response.status === 422) {
        if (window.console) console.warn("hocvuso: a progress event the server cannot read was dropped", events[0]);
        return { rejected: [events[0].id] };
      }
      // 401/403 (signed out, CSRF), 5xx, a captive portal...: keep everything and try again later.
      if (!response.ok) throw new Error("progress not accepted: HTTP " + response.status);
      return response.json();
    }).then(function (answer) {
      if (answer === null) return [];
      // Every event of the batch was answered: accepted, already there (a re-send), or refused for
      // good (an unknown lesson: re-sending would not help). All leave the phone.
      var refused = (answer.rejected || []).map(function (r) { return typeof r === "string" ? r : r.id; });
      if (refused.length && window.console) console.warn("hocvuso: progress events refused", answer.rejected);
      return store.remove(events.map(function (e) { return e.id; })).then(function () { return refused; });
    });
  }

  /* Send this user's waiting events; resolves with the number still waiting. */
  function flush() {
    if (!USER || !config.progress) return Promise.resolve(0);
    if (flushing) return flushing;
    var run = function () {
      return store.all().then(function (events) {
        var mine = events.filter(function (e) { return e.user === USER; });
        mine.sort(function (a, b) { return a.occurred_at < b.occurred_at ? -1 : 1; });
        var chain = Promise.resolve();
        for (var i = 0; i < mine.length; i += BATCH) {
          (function (batch) { chain = chain.then(function () { return sendBatch(batch); }); })(mine.slice(i, i + BATCH));
        }
        return chain.then(function () { retryDelay = 15000; return 0; }, function () {
          scheduleRetry();
          return store.all().then(function (left) { return left.filter(function (e) { return e.user === USER; }).length; });
        });
      });
    };
    // One sender at a time across this user's open tabs (the server drops duplicates anyway).
    var locked = navigator.locks ? navigator.locks.request("hvs-progress", run) : run();
    flushing = locked.then(function (n) { flushing = null; return n; }, function () { flushing = null; return 0; });
    return flushing;
  }

  function record(lesson, kind, seconds) {
    var event = {
      id: uuid(),
      user: USER,
      lesson: String(lesson),
      kind: String(kind),
      seconds: Math.max(0, Math.round(Number(seconds) || 0)),
      occurred_at: new Date().toISOString(),
      offline: navigator.onLine === false
    };
    return store.add(event).then(function () {
      if (navigator.onLine !== false) {
        // A send under way may have read the queue before this event: send again after it.
        if (flushing) flushing.then(flush); else flush();
      }
      return event.id;
    });
  }

  window.hvsProgress = { record: record, flush: flush, pending: function () {
    return store.all().then(function (events) { return events.filter(function (e) { return e.user === USER; }).length; });
  } };
  window.addEventListener("online", function () { retryDelay = 15000; flush(); });
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") flush(); });

  /* Saved courses ----------------------------------------------------------------------- */
  var canSave = "caches" in window && "serviceWorker" in navigator;

  function courseCache(slug) { return COURSE_PREFIX + slug; }

  function savedCourses() {
    if (!canSave) return Promise.resolve([]);
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(COURSE_PREFIX) === 0; }).map(function (name) {
        return caches.open(name).then(function (c) { return c.match(META_URL); }).then(function (r) {
          return r ? r.json() : null;
        });
      }));
    }).then(function (metas) {
      return metas.filter(Boolean).sort(function (a, b) { return a.title < b.title ? -1 : 1; });
    });
  }

  function removeCourse(slug) { return caches.delete(courseCache(slug)); }

  function sameOrigin(url) {
    try { return new URL(url, location.href).origin === location.origin; } catch (e) { return false; }
  }

  function absolute(url, base) { var u = new URL(url, base); u.hash = ""; return u.href; }

  function fetchPage(url) {
    // X-HVS-Save: fetched to keep a copy, not opened by the learner (no "opened" progress event).
    return fetch(url, { credentials: "same-origin", headers: { Accept: "text/html", "X-HVS-Save": "1" } }).then(function (response) {
      // Redirected: the session ended (sign-in page) or the page moved; do not keep that.
      if (!response.ok || response.redirected) throw new Error("cannot save " + url);
      return response;
    });
  }

  function parse(response) {
    return response.clone().text().then(function (html) { return new DOMParser().parseFromString(html, "text/html"); });
  }

  /* Page resources to keep with a page: its pictures, style sheets and scripts (same site only). */
  function resources(doc, base) {
    var found = [];
    doc.querySelectorAll("img[src], link[rel~=stylesheet][href], link[rel~=icon][href], script[src], source[src]").forEach(function (el) {
      var raw = el.getAttribute("src") || el.getAttribute("href");
      if (raw && sameOrigin(absolute(raw, base))) found.push(absolute(raw, base));
    });
    return found;
  }

  function title(doc) {
    var h1 = doc.querySelector("main h1");
    return (h1 ? h1.textContent : doc.title).replace(/\s+/g, " ").trim();
  }

  /* One request at a time: a save is a one-off in the background, and a small commune server (or
     a phone on 2G) copes better with a steady trickle than with bursts. */
  function saveCourse(box, onProgress) {
    var slug = box.dataset.hvsSave;
    var courseUrl = absolute(box.dataset.courseUrl, location.href);
    var pattern = box.dataset.lessonUrl.split("__slug__");
    var cacheName = courseCache(slug);
    var cache, done = 0, total = 1;
    var assets = {};
    var lessons = [];
    var tick = function () { done += 1; onProgress(done, total); };
    var keep = function (url, response) { return cache.put(url, response).then(tick); };
    return caches.open(cacheName).then(function (c) {
      cache = c;
      return fetchPage(courseUrl);
    }).then(function (response) {
      return parse(response).then(function (doc) {
        resources(doc, courseUrl).forEach(function (u) { assets[u] = true; });
        var seen = {};
        doc.querySelectorAll("main a[href]").forEach(function (a) {
          var url = absolute(a.getAttribute("href"), courseUrl);
          var path = new URL(url).pathname;
          if (sameOrigin(url) && path.indexOf(pattern[0]) === 0 && path.slice(-pattern[1].length) === pattern[1] && !seen[url]) {
            var rest = path.slice(pattern[0].length, path.length - pattern[1].length);
            if (rest && rest.indexOf("/") === -1) { seen[url] = true; lessons.push({ url: url, title: a.textContent.replace(/\s+/g, " ").trim() }); }
          }
        });
        total = 1 + lessons.length;
        return keep(courseUrl, response);
      });
    }).then(function () {
      var queue = lessons.slice();
      var worker = function () {
        var lesson = queue.shift();
        if (!lesson) return Promise.resolve();
        return fetchPage(lesson.url).then(function (response) {
          return parse(response).then(function (doc) {
            lesson.title = title(doc) || lesson.title;
            resources(doc, lesson.url).forEach(function (u) { if (!assets[u]) { assets[u] = true; total += 1; } });
            return keep(lesson.url, response);
          });
        }).then(worker);
      };
      total += Object.keys(assets).length;
      return worker();
    }).then(function () {
      var queue = Object.keys(assets);
      var worker = function () {
        var url = queue.shift();
        if (!url) return Promise.resolve();
        return fetch(url, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) throw new Error("cannot save " + url);
          return keep(url, response);
        }).then(worker);
      };
      return worker();
    }).then(function () {
      var meta = { slug: slug, title: title(document), url: courseUrl, lessons: lessons, saved_at: new Date().toISOString(), user: USER };
      // Written last: a course counts as saved only once everything is in.
      return cache.put(META_URL, new Response(JSON.stringify(meta), { headers: { "Content-Type": "application/json" } })).then(function () { return meta; });
    }).catch(function (error) {
      return caches.open(cacheName).then(function (c) { return c.match(META_URL); }).then(function (old) {
        return (old ? Promise.resolve() : caches.delete(cacheName)).then(function () { throw error; });
      });
    });
  }

  function formatDate(iso) {
    try {
      return new Date(iso).toLocaleString(document.documentElement.lang || undefined, { dateStyle: "short", timeStyle: "short" });
    } catch (e) { return iso; }
  }

  function setupSaveBox(box) {
    var msg = box.dataset;
    var status = box.querySelector(".hvs-save-status");
    var bar = box.querySelector(".hvs-save-progress");
    var saveButton = box.querySelector("[data-hvs-action=save]");
    var removeButton = box.querySelector("[data-hvs-action=remove]");
    var slug = msg.hvsSave;
    var saveLabel = saveButton.textContent;
    if (!canSave) { status.textContent = msg.msgUnsupported; return; }
    var show = function (meta) {
      box.classList.toggle("is-saved", !!meta);
      saveButton.hidden = false;
      saveButton.textContent = meta ? msg.msgUpdate : saveLabel;
      removeButton.hidden = !meta;
      status.textContent = meta ? fill(msg.msgSaved, { date: formatDate(meta.saved_at) }) : "";
    };
    caches.open(courseCache(slug)).then(function (c) { return c.match(META_URL); })
      .then(function (r) { return r ? r.json() : null; })
      .then(show, function () { show(null); });
    saveButton.addEventListener("click", function () {
      if (navigator.onLine === false) { status.textContent = msg.msgOffline; return; }
      saveButton.disabled = removeButton.disabled = true;
      bar.hidden = false;
      saveCourse(box, function (done, total) {
        bar.max = total;
        bar.value = done;
        status.textContent = fill(msg.msgSaving, { done: done, total: total });
      }).then(show, function () {
        status.textContent = msg.msgFailed;
      }).then(function () {
        saveButton.disabled = removeButton.disabled = false;
        bar.hidden = true;
      });
    });
    removeButton.addEventListener("click", function () {
      removeCourse(slug).then(function () {
        show(null);
        status.textContent = msg.msgRemoved;
        saveButton.focus();
      });
    });
  }

  function setupSavedList(list) {
    var msg = list.dataset;
    var now = document.querySelector(".hvs-offline-now");
    if (now) now.hidden = navigator.onLine !== false;
    if (!canSave) { list.textContent = msg.msgUnsupported; return; }
    var render = function (metas) {
      list.textContent = "";
      if (!metas.length) {
        var none = document.createElement("p");
        none.textContent = msg.msgNone;
        list.appendChild(none);
        return;
      }
      metas.forEach(function (meta) {
        var card = document.createElement("article");
        card.className = "card hvs-saved";
        var heading = document.createElement("h3");
        var link = document.createElement("a");
        link.href = meta.url;
        link.textContent = meta.title;
        heading.appendChild(link);
        var info = document.createElement("p");
        info.textContent = fill(msg.msgSavedOn, { date: formatDate(meta.saved_at) }) + " · " + fill(msg.msgLessons, { count: meta.lessons.length });
        var items = document.createElement("ol");
        meta.lessons.forEach(function (lesson) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = lesson.url;
          a.textContent = lesson.title;
          li.appendChild(a);
          items.appendChild(li);
        });
        var remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = msg.msgRemove;
        remove.addEventListener("click", function () { removeCourse(meta.slug).then(refresh); });
        card.append(heading, info, items, remove);
        list.appendChild(card);
      });
    };
    var refresh = function () { return savedCourses().then(render); };
    refresh();
  }

  /* Signing out removes the saved courses: the next person using the phone must not see them. */
  var SIGNED_OUT = "hvs-signed-out";
  function forgetSavedCourses() {
    if (!canSave) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf(COURSE_PREFIX) === 0; }).map(function (n) { return caches.delete(n); }));
    }).then(function () { try { localStorage.removeItem(SIGNED_OUT); } catch (e) { /* refused */ } });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (config.logout && form.action && new URL(form.action, location.href).pathname === config.logout) {
      try { localStorage.setItem(SIGNED_OUT, "1"); } catch (e) { /* refused */ }
      forgetSavedCourses();
    }
  });

  /* "I have finished this lesson" without a connection: the form cannot reach the server, so the
     completion is kept on the phone like any other event and sent when the connection is back. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (navigator.onLine !== false || !config.completeUrl || !USER) return;
    var pattern = config.completeUrl.split("__slug__");
    var path = new URL(form.action, location.href).pathname;
    if (path.indexOf(pattern[0]) !== 0 || path.slice(-pattern[1].length) !== pattern[1]) return;
    var slug = path.slice(pattern[0].length, path.length - pattern[1].length);
    if (!slug || slug.indexOf("/") !== -1) return;
    event.preventDefault();
    var button = form.querySelector("[type=submit]");
    if (button) button.disabled = true;
    record(slug, "completed", 0).then(function () {
      var note = form.querySelector(".hvs-done-offline");
      if (!note) {
        note = document.createElement("p");
        note.className = "msg success hvs-done-offline";
        note.setAttribute("role", "status");
        form.appendChild(note);
      }
      note.textContent = config.msgDoneOffline || "";
    });
  });

  /* The worker keeps a copy of the offline page for when there is no connection; it must be the copy
     of the user signed in now (it says whose progress may be sent) and in the language chosen now. */
  function keepOfflinePageCurrent() {
    if (!("serviceWorker" in navigator) || navigator.onLine === false) return;
    var stamp = USER + "|" + document.documentElement.lang;
    var known;
    try { known = localStorage.getItem("hvs-offline-page"); } catch (e) { return; }
    if (known === stamp) return;
    // No worker controlled this page: the worker installing now copies the page with today's cookies.
    var fresh = !navigator.serviceWorker.controller;
    navigator.serviceWorker.ready.then(function (registration) {
      if (!registration.active) return;
      if (!fresh) registration.active.postMessage({ type: "refresh-offline-page" });
      try { localStorage.setItem("hvs-offline-page", stamp); } catch (e) { /* refused */ }
    });
  }

  function start() {
    try { if (localStorage.getItem(SIGNED_OUT)) forgetSavedCourses(); } catch (e) { /* refused */ }
    keepOfflinePageCurrent();
    document.querySelectorAll("[data-hvs-save]").forEach(setupSaveBox);
    document.querySelectorAll("[data-hvs-saved-list]").forEach(setupSavedList);
    if (navigator.onLine !== false) flush();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
