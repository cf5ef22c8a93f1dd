/* hocvuso learner pages: display toggles, read-aloud, reading time. No framework; every page works without it. */
(function () {
  "use strict";
  var doc = document.documentElement;
  doc.classList.add("js");
  var YEAR = 365 * 24 * 60 * 60;

  /* Larger text and high contrast: the same cookies the server reads for the first paint. */
  function setCookie(name, value) {
    document.cookie = name + "=" + value + "; path=/; max-age=" + YEAR + "; samesite=lax" +
      (location.protocol === "https:" ? "; secure" : "");
  }
  var DISPLAY = {
    text: { cookie: "hvs_text", on: "large", off: "normal", cls: "text-large" },
    contrast: { cookie: "hvs_contrast", on: "high", off: "normal", cls: "contrast-high" }
  };
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-display]");
    if (!button) return;
    var d = DISPLAY[button.getAttribute("data-display")];
    if (!d) return;
    event.preventDefault();
    var on = !doc.classList.contains(d.cls);
    doc.classList.toggle(d.cls, on);
    setCookie(d.cookie, on ? d.on : d.off);
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.value = on ? d.off : d.on;
  });

  /* Reading time, queued by the offline helper when it is there (web/offline.js). */
  var article = document.querySelector("article[data-lesson][data-signed-in]");
  if (article) {
    var slug = article.getAttribute("data-lesson");
    var shownSince = document.visibilityState === "visible" ? Date.now() : 0;
    var flush = function () {
      if (!shownSince) return;
      var seconds = Math.round((Date.now() - shownSince) / 1000);
      shownSince = 0;
      if (seconds >= 5 && window.hvsProgress && window.hvsProgress.record) {
        window.hvsProgress.record(slug, "read_time", Math.min(seconds, 600));
      }
    };
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") shownSince = Date.now(); else flush();
    });
    window.addEventListener("pagehide", flush);
  }

  /* Read aloud: the phone's own voice in the lesson's language when it has one, else the server's audio. */
  var box = document.querySelector(".read-aloud");
  if (!box) return;
  var lang = box.getAttribute("data-speech-lang") || doc.lang;
  var audioUrl = box.getAttribute("data-audio");
  var status = box.querySelector(".read-aloud-status");
  var buttons = box.querySelector(".read-aloud-buttons");
  var noVoice = document.getElementById("no-voice-note");
  var player = box.querySelector("audio");
  var synth = window.speechSynthesis;
  var label = {};
  ["start", "pause", "resume", "stop"].forEach(function (name) {
    label[name] = box.querySelector('[data-read="' + name + '"]');
  });
  var mode = "";

  function voice() {
    if (!synth || !synth.getVoices) return null;
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if ((voices[i].lang || "").toLowerCase().replace("_", "-").indexOf(lang) === 0) return voices[i];
    }
    return null;
  }
  function show(state) {
    label.start.hidden = state !== "stopped";
    label.pause.hidden = state !== "playing";
    label.resume.hidden = state !== "paused";
    label.stop.hidden = state === "stopped";
  }
  function say(text) { if (status) status.textContent = text; }
  function chunks() {
    var parts = [];
    var title = document.getElementById("lesson-h");
    if (title) parts.push(title.textContent);
    var body = document.querySelector(".lesson-body");
    if (body) {
      body.querySelectorAll("h2, p, li, figcaption").forEach(function (el) {
        var t = el.textContent.replace(/\s+/g, " ").trim();
        if (t) parts.push(t);
      });
    }
    return parts;
  }
  function speak(v) {
    mode = "voice";
    synth.cancel();
    var parts = chunks();
    parts.forEach(function (text, i) {
      var u = new SpeechSynthesisUtterance(text);
      u.voice = v;
      u.lang = v.lang;
      u.rate = 0.9;
      if (i === parts.length - 1) u.onend = function () { show("stopped"); say(""); };
      synth.speak(u);
    });
    say(box.getAttribute("data-msg-voice") || "");
    show("playing");
  }
  function play() {
    mode = "audio";
    player.play().then(function () { show("playing"); }, function () {
      show("stopped");
      say(box.getAttribute("data-msg-failed") || "");
    });
  }
  function refresh() {
    var v = voice();
    var usable = !!v || !!player;
    buttons.hidden = !usable;
    if (noVoice) noVoice.hidden = !!v;
  }

  if (player) {
    player.addEventListener("ended", function () { show("stopped"); });
    player.addEventListener("pause", function () { if (mode === "audio" && !player.ended && player.currentTime > 0) show("paused"); });
    player.addEventListener("play", function () { mode = "audio"; show("playing"); });
    player.addEventListener("playing", function () { say(box.getAttribute("data-msg-audio") || ""); });
  }
  label.start.addEventListener("click", function () {
    var v = voice();
    if (v) speak(v); else if (player) play();
  });
  label.pause.addEventListener("click", function () {
    if (mode === "voice") synth.pause(); else player.pause();
    show("paused");
  });
  label.resume.addEventListener("click", function () {
    if (mode === "voice") { synth.resume(); show("playing"); } else play();
  });
  label.stop.addEventListener("click", function () {
    if (mode === "voice") synth.cancel();
    else if (player) { player.pause(); player.currentTime = 0; }
    show("stopped");
    say("");
  });
  show("stopped");
  refresh();
  if (synth && "onvoiceschanged" in synth) synth.addEventListener("voiceschanged", refresh);
  if (audioUrl && !player) buttons.hidden = true;
})();
