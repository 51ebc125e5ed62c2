// polite.js: a simulator rests while nobody can see it.
//
// Loaded on every simulator page after page.js. The simulator runs in <iframe id="sim"> (same
// origin) and offers window.solvable there once it has dispatched "solvable-ready". This file
// pauses it when the frame is scrolled out of view (IntersectionObserver) or the tab is hidden
// (visibilitychange), and plays it again when it is seen, but only if this file was the one
// that paused it: a simulator the visitor paused stays paused. Whoever plays or pauses it while
// it rests (the Play button, Space on the page or in the canvas, a page driving an embed with
// postMessage, anything calling play() or pause()) takes it over, and this file then leaves it
// alone until the next time it goes out of sight.
//
// Starting paused under prefers-reduced-motion is done by the simulator itself
// (wasm/polite.go), so that sim.html, embeds and the offline file get it without this file.
"use strict";

(() => {
  const iframe = document.getElementById("sim");
  if (!iframe) return;

  // Share of the frame that must be on screen for it to count as seen. Small, so a frame that
  // is partly scrolled off keeps running; below it the simulator rests.
  const SEEN_RATIO = 0.05;

  let inView = true; // until the observer says otherwise (it reports once at start)
  let sim = null; // the frame's window.solvable once ready
  let restedByUs = false; // we paused it and owe it a play

  function simulator() {
    try {
      const w = iframe.contentWindow;
      const s = w && w.solvable;
      if (s && typeof s.state === "function" && typeof s.play === "function" && typeof s.pause === "function") return s;
    } catch (_) {
      // A frame from another origin cannot be reached; nothing to do.
    }
    return null;
  }

  function playing() {
    try {
      const st = sim.state({ plan: false });
      return !!(st && st.playing);
    } catch (err) {
      console.error("solvable.state:", err);
      return false;
    }
  }

  const seen = () => inView && !document.hidden;

  // update brings the simulator in line with whether it can be seen.
  function update() {
    if (!sim) return;
    if (!seen()) {
      if (!restedByUs && playing()) {
        try { originals.get(sim).pause(); } catch (err) { console.error("solvable.pause:", err); return; }
        restedByUs = true;
      }
    } else if (restedByUs) {
      restedByUs = false;
      if (!playing()) {
        try { originals.get(sim).play(); } catch (err) { console.error("solvable.play:", err); }
      }
    }
  }

  // Whoever else plays or pauses the simulator (the Play button and Space on the page through
  // page.js, an embedding page through embed.js, a test) takes it over: nothing is owed any
  // more. Their calls go through the frame's play() and pause(), so those are wrapped once per
  // frame window; ours go through the originals. Space inside the canvas is handled by the
  // simulator itself, so a key listener on the frame's window catches that one.
  const originals = new WeakMap(); // a frame's solvable -> its own play and pause

  function watch(s, w) {
    if (originals.has(s)) return;
    const own = { play: s.play.bind(s), pause: s.pause.bind(s) };
    originals.set(s, own);
    for (const name of ["play", "pause"]) {
      const original = own[name];
      s[name] = function (...args) {
        restedByUs = false;
        return original(...args);
      };
    }
    // set({paused}) is a play or pause too (an embedding page sends it through postMessage).
    const set = s.set.bind(s);
    s.set = function (params, ...args) {
      if (params && typeof params === "object" && Object.hasOwn(params, "paused")) restedByUs = false;
      return set(params, ...args);
    };
    try {
      w.addEventListener("keydown", (ev) => {
        if (ev.key === " " && !ev.altKey && !ev.ctrlKey && !ev.metaKey) restedByUs = false;
      }, true);
    } catch (_) { /* another origin */ }
  }

  function onReady() {
    const s = simulator();
    if (!s || s === sim) return;
    watch(s, iframe.contentWindow);
    sim = s;
    restedByUs = false;
    update();
  }

  // The frame's window is replaced each time the frame loads (page.js reloads it with the
  // page's query), so listen again on every load.
  iframe.addEventListener("load", () => {
    sim = null;
    restedByUs = false;
    try {
      iframe.contentWindow.addEventListener("solvable-ready", onReady, { once: true });
    } catch (_) { /* another origin: nothing to do */ }
    onReady();
  });

  if ("IntersectionObserver" in window) {
    new IntersectionObserver((entries) => {
      const e = entries[entries.length - 1];
      inView = e.isIntersecting && e.intersectionRatio >= SEEN_RATIO * 0.999;
      update();
    }, { threshold: [0, SEEN_RATIO] }).observe(iframe);
  }
  document.addEventListener("visibilitychange", update);

  // The frame may have become ready before this file ran, or between loads without our
  // hearing it; look again now and then, which costs nothing once found.
  setInterval(() => {
    if (!sim || simulator() !== sim) {
      sim = null;
      onReady();
    }
  }, 250);
  onReady();
})();
