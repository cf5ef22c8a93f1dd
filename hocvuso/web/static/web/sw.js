/* hocvuso service worker (issue 3, "Offline"). Served from /sw.js by hocvuso/web/views/pwa.py,
   which fills in VERSION (a hash of the static files: any deploy that changes one makes a new
   worker) and SHELL (the base CSS/JS and the offline page).

   Caches:
   - hvs-shell-<VERSION>: the app shell, precached at install;
   - hvs-static-<VERSION>: static files and images met while browsing (cache first);
   - hvs-course-<slug>: a course the learner saved (offline.js writes it; kept across versions).
   - hvs-field: the door-to-door pages a field worker opened (worklist, a household's visits and
     visit form), so that the hamlet's list can be read without a connection; emptied when someone
     signs in or out on the phone (they hold personal data of the hamlet).
   HTML pages: network first; a saved page falls back to its saved copy, any other page to the
   offline page. Only pages of saved courses, door-to-door pages and the offline page are ever
   stored. API calls and every non-GET request go straight to the network. */
"use strict";

var VERSION = "__HVS_VERSION__";
var SHELL = ["__HVS_SHELL__"];
var SHELL_CACHE = "hvs-shell-" + VERSION;
var STATIC_CACHE = "hvs-static-" + VERSION;
var COURSE_PREFIX = "hvs-course-";
var OFFLINE_URL = SHELL[SHELL.length - 1];
var FIELD_CACHE = "hvs-field";
// Door-to-door pages kept when opened (plan 67 III.5.đ; hocvuso/web/views/visits.py).
var FIELD_PAGES = /^\/campaign\/(worklist\/|households\/\d+\/visits?\/)$/;
var SIGN_IN_OUT = ["/login/", "/logout/"];
var SLOW_NETWORK_MS = 4000; // a saved page is shown from the phone if the network is slower than this

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL_CACHE).then(function (cache) {
      return cache.addAll(SHELL);
    }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        var ours = name.indexOf("hvs-shell-") === 0 || name.indexOf("hvs-static-") === 0;
        return ours && name !== SHELL_CACHE && name !== STATIC_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () {
      return self.clients.claim();
    })
  );
});

function courseCacheNames() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(COURSE_PREFIX) === 0; });
  });
}

/* The saved copy of a request and the course cache that holds it, or null. */
function findSaved(request) {
  return courseCacheNames().then(function (names) {
    var i = 0;
    function next() {
      if (i >= names.length) return null;
      var name = names[i++];
      return caches.open(name).then(function (cache) {
        return cache.match(request, { ignoreVary: true }).then(function (found) {
          return found ? { cache: cache, response: found } : next();
        });
      });
    }
    return next();
  });
}

function usable(response) {
  return response && response.ok && !response.redirected && response.type === "basic";
}

function timeout(ms) {
  return new Promise(function (resolve) { setTimeout(function () { resolve(null); }, ms); });
}

function page(event) {
  var request = event.request;
  var isOffline = new URL(request.url).pathname === OFFLINE_URL;
  return findSaved(request).then(function (saved) {
    var network = fetch(request).then(function (response) {
      if (usable(response)) {
        var copy = response.clone();
        if (saved) {
          event.waitUntil(saved.cache.put(request, copy));
        } else if (isOffline) {
          event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) { return cache.put(OFFLINE_URL, copy); }));
        }
      }
      return response;
    });
    var fallback = function () {
      if (saved) return saved.response;
      return caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE, ignoreVary: true }).then(function (shell) {
        return shell || Response.error();
      });
    };
    if (!saved) return network.catch(fallback);
    // A saved page: on a flaky connection, show the copy rather than wait; the network answer still refreshes it.
    return Promise.race([network.catch(function () { return null; }), timeout(SLOW_NETWORK_MS)]).then(function (first) {
      return first || saved.response;
    });
  });
}

/* Static files and images: this version's caches first, then the network; the copy in a saved
   course (possibly from an older version) only when the network fails. */
function asset(event) {
  var request = event.request;
  var options = { ignoreVary: true, ignoreSearch: false };
  return caches.match(request, Object.assign({ cacheName: SHELL_CACHE }, options)).then(function (shell) {
    return shell || caches.open(STATIC_CACHE).then(function (cache) {
      return cache.match(request, options).then(function (found) {
        if (found) return found;
        return fetch(request).then(function (response) {
          if (usable(response)) event.waitUntil(cache.put(request, response.clone()));
          return response;
        }).catch(function (error) {
          return findSaved(request).then(function (saved) {
            if (saved) return saved.response;
            throw error;
          });
        });
      });
    });
  });
}

/* offline.js asks for a fresh copy of the offline page when the signed-in user or the language
   changed since the last copy: the copy decides whose waiting progress it may send. */
self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "refresh-offline-page") {
    event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) { return cache.add(OFFLINE_URL); }).catch(function () {}));
  }
});

/* A door-to-door page: the network, keeping a copy; without a connection, the copy last kept (the
   worklist with other filters falls back to the copy of any worklist page), else the offline page. */
function fieldPage(event) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (usable(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(FIELD_CACHE).then(function (cache) { return cache.put(request, copy); }));
    }
    return response;
  }).catch(function () {
    return caches.open(FIELD_CACHE).then(function (cache) {
      return cache.match(request, { ignoreVary: true }).then(function (found) {
        return found || cache.match(request, { ignoreVary: true, ignoreSearch: true });
      });
    }).then(function (found) {
      return found || caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE, ignoreVary: true }).then(function (shell) {
        return shell || Response.error();
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method === "POST" && url.origin === self.location.origin && SIGN_IN_OUT.indexOf(url.pathname) !== -1) {
    event.waitUntil(caches.delete(FIELD_CACHE)); // the next person using the phone must not see them
    return;
  }
  if (request.method !== "GET") return;
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/api/") === 0 || url.pathname.indexOf("/admin/") === 0) return;
  if (request.mode === "navigate" && FIELD_PAGES.test(url.pathname)) {
    event.respondWith(fieldPage(event));
  } else if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(asset(event));
  }
});
