// offline.js: runs the offline file, dist/offline/solvable.html (written by site/offline), in
// which every page of the site and the simulator live in one file opened from file://.
//
// The file holds each page's body in a <template> (data-home, or data-model="sinkhorn" for
// the page whose simulator is that model), the pages' scripts as text, and the simulator as
// gzip -9 of solvable.wasm in base64. This script, the last in the file:
//
//   1. shows the page ?model= names (the home list without it, or with a model the file does
//      not have, saying so), with its title, and keeps ?model= in the address when page.js
//      writes the page's parameters there (it drops model, which on the site is in the path);
//   2. installs window.solvableOffline, then runs the page's scripts (page.js and the others,
//      in the order the site loads them);
//   3. when page.js asks for the simulator (solvableOffline.load(iframe, src), for an
//      <iframe id="sim" data-offline>), unpacks the wasm once, with DecompressionStream, and
//      sets the frame's srcdoc to sim.html's body with wasm_exec.js and a loader. A srcdoc
//      document has the file's origin, so page.js reaches its window.solvable as on the site.
//      Its location is about:srcdoc, so the query goes in as window.solvableQuery, which
//      wasm/main.go reads in place of location.search.
//
// Nothing is fetched. A browser without WebAssembly or DecompressionStream gets a sentence
// saying so, on the page and in window.solvableLoadError.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  // The sentence for a browser that does not run this script; it does.
  const bootNote = $("solvable-boot-note");
  if (bootNote) bootNote.remove();
  const BROWSERS = "Chrome or Edge 80 or later, Firefox 113 or later, or Safari 16.4 or later";

  // ---- What the browser lacks, in words ("" when nothing) ----

  function lacking() {
    if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
      return "this browser has no WebAssembly, which runs the simulators; open the file in " + BROWSERS;
    }
    if (typeof DecompressionStream !== "function" || typeof Response !== "function" || typeof Blob !== "function") {
      return "this browser lacks DecompressionStream, which unpacks the simulator stored in this file; " +
        "open the file in " + BROWSERS;
    }
    return "";
  }

  // ---- The page the address asks for ----

  const query = new URLSearchParams(location.search);
  const templates = Array.from(document.querySelectorAll("template[data-file]"));
  const models = templates.map((t) => t.dataset.model).filter(Boolean);
  let tpl = null;
  let banner = "";
  const wantModel = query.get("model");
  const wantPage = query.get("page");
  if (wantModel !== null) {
    tpl = templates.find((t) => t.dataset.model === wantModel) || null;
    if (!tpl) {
      banner = `This file has no model named “${wantModel}”. It has ${models.join(", ")}; ` +
        "pick one below.";
    }
  } else if (wantPage !== null) {
    tpl = templates.find((t) => t.dataset.page === wantPage) || null;
    if (!tpl) banner = `This file has no page named “${wantPage}”; here is the list of models.`;
  }
  if (!tpl) tpl = templates.find((t) => t.hasAttribute("data-home"));
  if (!tpl) {
    document.body.textContent = "This offline file is damaged: it holds no home page.";
    return;
  }
  const model = tpl.dataset.model || "";

  document.title = tpl.dataset.title || document.title;
  const desc = document.querySelector('meta[name="description"]');
  if (desc && tpl.dataset.description) desc.setAttribute("content", tpl.dataset.description);
  document.body.insertBefore(document.importNode(tpl.content, true), document.body.firstChild);

  const problem = lacking();
  if (problem) {
    window.solvableLoadError = "The simulators cannot run here: " + problem + ".";
    // A model page says so in its frame and under its controls; the others say it at the top.
    if (!model) banner = (banner ? banner + " " : "") + window.solvableLoadError + " The text reads fine.";
  }
  if (banner) {
    const main = $("main");
    const at = main ? (main.querySelector(".wrap") || main) : document.body;
    const p = document.createElement("p");
    p.className = "offline-banner";
    p.setAttribute("role", "alert");
    p.textContent = banner;
    at.insertBefore(p, at.firstChild);
  }

  // page.js writes the page's parameters into the address without model (on the site the page
  // names the model); put it back, first, so the address reopens this page with them.
  const key = model ? ["model", model] : (tpl.dataset.page ? ["page", tpl.dataset.page] : null);
  if (key) {
    const keep = (url) => {
      if (url === undefined || url === null) return url;
      const u = new URL(String(url), location.href);
      if (u.searchParams.get(key[0]) === key[1]) return url;
      const rest = u.search.length > 1 ? "&" + u.search.slice(1) : "";
      u.search = "?" + key[0] + "=" + encodeURIComponent(key[1]) + rest;
      return u.href;
    };
    for (const name of ["replaceState", "pushState"]) {
      const orig = history[name].bind(history);
      history[name] = (state, title, url) => orig(state, title, keep(url));
    }
  }

  // ---- The simulator ----

  function text(selector) {
    const el = document.querySelector(selector);
    if (!el) throw new Error(`this offline file is damaged: ${selector} is missing`);
    return el.textContent;
  }

  function fromBase64(s) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(s.trim());
    const bin = atob(s.trim());
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }

  // wasm: the simulator's bytes, unpacked once per page and shared by every frame.
  let unpacked = null;
  function wasm() {
    if (!unpacked) {
      unpacked = (async () => {
        const p = lacking();
        if (p) throw new Error(p);
        const gz = fromBase64(text("#solvable-wasm"));
        if (performance.mark) performance.mark("solvable-wasm-decoded");
        const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip"));
        const buf = await new Response(stream).arrayBuffer();
        if (performance.mark) performance.mark("solvable-wasm-unpacked");
        return buf;
      })();
    }
    return unpacked;
  }

  const escapeAttr = (s) => String(s || "").replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

  // The frame's document: sim.html's body (the loading overlay) and styles, the query, the Go
  // runtime, and a call back into boot below.
  function frameDocument(q) {
    const page = $("solvable-sim-page");
    if (!page) throw new Error("this offline file is damaged: the simulator's page is missing");
    const json = JSON.stringify(q).replace(/</g, "\\u003c");
    return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
      "<meta name=\"color-scheme\" content=\"dark\"><title>Simulator · Solvable</title>" +
      "<style>" + text("#solvable-sim-css") + "</style>" +
      "<script>window.solvableQuery = " + json + ";<\/script>" +
      "<script>" + text('script[data-file="wasm_exec.js"]') + "<\/script>" +
      "<script>window.solvableSIMDWasm = parent.solvableOffline.simdWasm();<\/script>" +
      "<script>" + text('script[data-file="assets/simd.js"]') + "<\/script>" +
      "</head><body class=\"" + escapeAttr(page.dataset.bodyClass) + "\">" + page.innerHTML +
      "<script>parent.solvableOffline.boot(window);<\/script></body></html>";
  }

  // load is page.js's hook for <iframe data-offline>: src is what page.js would have put in the
  // frame's src (sim.html?model=...&...); its query goes to the simulator.
  function load(iframe, src) {
    const s = String(src || "");
    const i = s.indexOf("?");
    if (!lacking()) wasm().catch(() => {}); // start unpacking now; the frame reports a failure
    try {
      iframe.srcdoc = frameDocument(i >= 0 ? s.slice(i) : "");
    } catch (err) {
      window.solvableLoadError = "The simulator could not start: " + err.message + ".";
      console.error("solvable:", err);
    }
  }

  // boot runs in the frame (called by its last script) with the frame's window: it starts Go
  // there as assets/sim.js does in sim.html, from the unpacked bytes instead of a fetch.
  async function boot(win) {
    const status = win.document.getElementById("sim-status");
    win.addEventListener("solvable-ready", () => { if (status) status.remove(); }, { once: true });
    try {
      const bytes = await wasm();
      if (typeof win.Go !== "function") throw new Error("wasm_exec.js did not run, so the Go runtime is missing");
      const go = new win.Go();
      let exitCode = 0;
      const exit = go.exit.bind(go);
      go.exit = (code) => { exitCode = code; exit(code); };
      const { instance } = await win.WebAssembly.instantiate(bytes, go.importObject);
      if (performance.mark) performance.mark("solvable-wasm-compiled");
      await go.run(instance); // resolves only when the Go program exits
      throw new Error(exitCode !== 0
        ? `the simulator stopped with exit code ${exitCode} (the browser console has the details)`
        : "the simulator stopped");
    } catch (err) {
      fail(win, status, err);
    }
  }

  function fail(win, status, err) {
    const msg = ((err && err.message) ? err.message : String(err)).replace(/[.\s]+$/, "");
    const sentence = "The simulator could not start: " + msg + ".";
    win.solvableLoadError = sentence;
    window.solvableLoadError = sentence;
    console.error("solvable:", err);
    const doc = win.document;
    let box = status && status.isConnected ? status : null;
    if (!box) {
      box = doc.createElement("div");
      box.className = "sim-status";
      doc.body.appendChild(box);
    }
    box.setAttribute("role", "alert");
    box.classList.add("is-error");
    box.textContent = "";
    const p = doc.createElement("p");
    p.className = "sim-status-text";
    p.textContent = sentence;
    box.appendChild(p);
  }

  // simdWasm gives the frame's simd.js the SIMD kernel modules held in the file, by name
  // ({"simd-fma.wasm": bytes, ...}), or undefined if the file has none (the Go loops then run).
  function simdWasm() {
    const els = document.querySelectorAll("script.solvable-simd-wasm");
    if (els.length === 0) return undefined;
    const out = {};
    for (const el of els) out[el.dataset.file] = fromBase64(el.textContent.trim());
    return out;
  }

  window.solvableOffline = Object.freeze({ model, models: Object.freeze(models.slice()), load, boot, wasm, simdWasm });

  // ---- The page's scripts, in the site's order ----

  for (const name of (tpl.dataset.scripts || "").split(/\s+/).filter(Boolean)) {
    const src = document.querySelector(`script[type="text/plain"][data-file="${CSS.escape(name)}"]`);
    if (!src) {
      console.error(`solvable: this offline file is damaged: ${name} is missing.`);
      continue;
    }
    const s = document.createElement("script");
    s.textContent = src.textContent + "\n//# sourceURL=" + name + "\n";
    document.body.appendChild(s);
  }
})();
