// embed.js: embed.html, one simulator for an iframe in another site's page.
//
//   embed.html?model=sinkhorn&lambda=0.05&hide=run,preset&lang=en
//
// embed.html holds every model's panel (the same markup as its page) in <template data-model>.
// This script runs before page.js (both deferred, this one first): it puts the panel named by
// ?model= into the page, hides what ?hide= names, says in words what it cannot do (an unknown
// model, an unknown name in hide, a language other than English), and then lets page.js and
// share.js wire the panel up exactly as on the model's own page. The rest of the query is the
// simulator's, as on the model's page.
//
// hide takes a comma-separated list of names:
//   a parameter's name (lambda, n, cost, ...)  that control's field
//   run                                        play/pause, step, reset and the keys hint
//   preset                                     the preset select
//   readouts                                   the numbers
//   tools                                      share (and export)
//   controls                                   every control: the simulator (and the readouts
//                                              unless also hidden) alone
//
// A page on another origin drives the embed with postMessage; every message is an object whose
// type starts with "solvable:" (others are ignored), and every reply goes to event.source with
// targetOrigin event.origin:
//   {type: "solvable:set", params: {lambda: 0.05}, id}  -> solvable:state, or solvable:error
//   {type: "solvable:play" | "solvable:pause" | "solvable:reset", id}  -> solvable:state
//   {type: "solvable:step", n: 10, id}                  -> solvable:state
//   {type: "solvable:state", plan: false, id}           -> solvable:state
//   replies: {type: "solvable:state", state, id}, {type: "solvable:error", error, param, id}
// and, to the parent, {type: "solvable:ready", model} once the simulator runs.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const main = document.querySelector("[data-embed]");
  if (!main) return;

  const GROUPS = ["run", "preset", "readouts", "tools", "controls"];
  const MAX_STEPS = 1000000; // one solvable:step; more can be asked for in several messages
  const MAX_QUEUE = 64; // messages held until the simulator is ready

  const query = new URLSearchParams(location.search);
  const notices = $("embed-notices");
  const slot = $("embed-slot");
  const openLink = $("embed-open");
  const titleEl = $("embed-title");
  const templates = Array.from(document.querySelectorAll("template[data-model]"));
  const modelNames = templates.map((t) => t.dataset.model);

  // "a, b and c"
  function listWords(xs) {
    if (xs.length <= 1) return xs.join("");
    return xs.slice(0, -1).join(", ") + " and " + xs[xs.length - 1];
  }
  const quote = (s) => "“" + s + "”";

  function notice(text) {
    const p = document.createElement("p");
    p.className = "embed-notice";
    p.textContent = text;
    notices.appendChild(p);
  }

  // ---- Language: English is the only one so far ----

  const lang = (query.get("lang") || "").trim();
  if (lang !== "" && !/^en(-|$)/i.test(lang)) {
    notice(`This simulator is only available in English so far, so it is shown in English (the address asks for lang=${lang}).`);
  }

  // ---- Which model ----

  const asked = (query.get("model") || "").trim();
  const tpl = templates.find((t) => t.dataset.model === asked ||
    (t.dataset.aliases || "").split(/\s+/).filter(Boolean).includes(asked));

  let sim = null; // the simulator's window.solvable once it runs
  let iframe = null;
  let keys = new Set(); // the parameters the model understands
  const queue = [];


  function setUp(tpl) {
    const model = tpl.dataset.model;
    const frag = tpl.content.cloneNode(true);
    const panel = frag.querySelector(".sim-panel");
    if (!panel) {
      slot.replaceChildren(frag);
      return;
    }
    iframe = panel.querySelector("#sim");
    // The simulator's address as page.js builds it, set before the frame enters the page so it
    // loads once (and page.js, finding it right, does not load it again).
    const rest = new URLSearchParams(location.search);
    rest.delete("model");
    const restQ = rest.toString().replace(/%2C/gi, ",");
    iframe.setAttribute("src", "sim.html?model=" + encodeURIComponent(model) + (restQ ? "&" + restQ : ""));
    slot.replaceChildren(frag);
    const form = panel.querySelector("#controls");
    const readouts = panel.querySelector(".readouts");

    // The controls and the numbers share one column beside (or under) the simulator.
    const side = document.createElement("div");
    side.className = "embed-side";
    if (form) side.appendChild(form);
    if (readouts) side.appendChild(readouts);
    panel.appendChild(side);

    const title = tpl.dataset.title || model;
    titleEl.textContent = title;
    document.title = title + " · Solvable";

    // For share.js: the full page to link to, and the embed's own options to keep.
    document.documentElement.dataset.solvablePage = tpl.dataset.page;
    const own = new URLSearchParams();
    for (const k of ["hide", "lang"]) if (query.has(k)) own.set(k, query.get(k));
    document.documentElement.dataset.solvableEmbedQuery = own.toString().replace(/%2C/gi, ",");

    keys = new Set((tpl.dataset.keys || "").split(/\s+/).filter(Boolean));
    for (const el of panel.querySelectorAll("[data-param]")) keys.add(el.dataset.param);

    hide(panel, form, readouts, side);
    keepModelInURL(model);
    updateOpenLink();
    for (const ev of ["pointerenter", "focus", "pointerdown", "contextmenu"]) openLink.addEventListener(ev, updateOpenLink);
    watchSimulator();
  }

  // ---- hide= ----

  function hide(panel, form, readouts, side) {
    const fields = new Map(); // param -> its .field elements
    for (const f of panel.querySelectorAll(".field[data-param]")) {
      const name = f.dataset.param;
      if (!fields.has(name)) fields.set(name, []);
      fields.get(name).push(f);
    }
    const groups = {
      run: [panel.querySelector(".button-row"), panel.querySelector("#keys-hint")],
      preset: fields.get("preset") || [],
      readouts: [readouts],
      tools: [panel.querySelector(".tool-row")],
      controls: [form],
    };
    const names = (query.get("hide") || "").split(",").map((s) => s.trim()).filter(Boolean);
    const unknown = [];
    for (const name of names) {
      const els = Object.hasOwn(groups, name) ? groups[name] : fields.get(name);
      if (!els) {
        if (!unknown.includes(name)) unknown.push(name);
        continue;
      }
      for (const el of els) if (el) el.hidden = true;
    }
    // A visitor who asked for reduced motion gets a paused simulator (wasm/polite.go). If the
    // embedding page hid the run buttons, Play comes back on the simulator itself, or nothing on
    // screen would start it.
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches && !query.has("paused");
    const play = panel.querySelector("#play");
    if (still && play && play.closest("[hidden]")) {
      play.classList.add("embed-play");
      iframe.closest(".sim-frame").appendChild(play);
    }
    if (unknown.length) {
      const params = [...fields.keys()].filter((k) => k !== "preset");
      notice(`hide: ${listWords(unknown.map(quote))} ${unknown.length === 1 ? "is not the name" : "are not names"} of anything here, so ` +
        `${unknown.length === 1 ? "it was" : "they were"} not hidden. The names are ${GROUPS.join(", ")} and this simulator's ` +
        `parameters ${listWords(params)}.`);
    }
    // A row or group of fields whose fields are all hidden goes too; a pair left with one field
    // gives it the whole row.
    for (const box of panel.querySelectorAll(".field-pair, .field-trio, .field-group")) {
      const inner = Array.from(box.querySelectorAll(".field"));
      const shown = inner.filter((f) => !f.hidden);
      if (inner.length && !shown.length) box.hidden = true;
      box.classList.toggle("is-single", shown.length === 1);
    }
    for (const g of panel.querySelectorAll(".field-group")) {
      const trio = g.querySelector(".field-trio");
      if (trio && trio.hidden) g.hidden = true;
    }
    const formGone = !form || form.hidden;
    const readoutsGone = !readouts || readouts.hidden;
    if (formGone && readoutsGone) side.hidden = true;
    main.classList.toggle("is-sim-only", formGone && readoutsGone);
  }

  // page.js keeps the address in step with the controls but leaves out model, which the
  // embed's address needs; put it back first.
  function keepModelInURL(model) {
    const replace = history.replaceState.bind(history);
    history.replaceState = function (state, unused, url) {
      if (typeof url === "string" || url instanceof URL) {
        const u = new URL(String(url), location.href);
        if (!u.searchParams.has("model")) {
          const q = u.search.replace(/^\?/, "");
          u.search = "?model=" + encodeURIComponent(model) + (q ? "&" + q : "");
        }
        url = u.pathname + u.search + u.hash;
      }
      return replace(state, unused, url);
    };
  }

  // ---- "Open in Solvable": the model's page with what is on screen ----

  function onScreenQuery() {
    const q = new URLSearchParams();
    let st = null;
    if (sim) {
      try { st = sim.state({ plan: false }); } catch (_) { st = null; }
    }
    if (st && st.params && typeof st.params === "object") {
      for (const [k, v] of Object.entries(st.params)) if (k !== "model" && typeof v === "string" && v !== "") q.set(k, v);
    } else {
      for (const [k, v] of query) if (!["model", "hide", "lang"].includes(k)) q.set(k, v);
    }
    return q.toString().replace(/%2C/gi, ",");
  }

  function updateOpenLink() {
    if (!tpl) return;
    const q = onScreenQuery();
    openLink.href = tpl.dataset.page + (q ? "?" + q : "");
  }

  // ---- The simulator: ready, then the messages ----

  function simulator() {
    try {
      const s = iframe && iframe.contentWindow && iframe.contentWindow.solvable;
      return (s && typeof s.state === "function" && typeof s.set === "function") ? s : null;
    } catch (_) {
      return null;
    }
  }

  function loadError() {
    try {
      const w = iframe && iframe.contentWindow;
      return (w && typeof w.solvableLoadError === "string") ? w.solvableLoadError : "";
    } catch (_) {
      return "";
    }
  }

  const toParent = (msg) => {
    // The parent's origin is not known; these messages carry nothing private.
    if (window.parent && window.parent !== window) window.parent.postMessage(msg, "*");
  };

  let watchTimer = 0;
  let loadErrorSent = false;
  function check() {
    clearTimeout(watchTimer);
    const s = simulator();
    if (s && s !== sim) {
      sim = s;
      updateOpenLink();
      toParent({ type: "solvable:ready", model: tpl.dataset.model });
      while (queue.length) handle(queue.shift());
      return;
    }
    if (sim) return;
    const le = loadError();
    if (le) {
      if (!loadErrorSent) toParent({ type: "solvable:error", error: le, param: "" });
      loadErrorSent = true;
      while (queue.length) handle(queue.shift());
      return;
    }
    watchTimer = setTimeout(check, 100);
  }

  function watchSimulator() {
    iframe.addEventListener("load", () => {
      sim = null;
      loadErrorSent = false;
      try {
        iframe.contentWindow.addEventListener("solvable-ready", check, { once: true });
      } catch (_) { /* polling below finds it */ }
      check();
    });
    check();
  }

  function reply(ev, msg) {
    // A parent with an opaque origin (a sandboxed frame, a file) can only be reached with "*".
    const target = (ev.origin && ev.origin !== "null") ? ev.origin : "*";
    try {
      ev.source.postMessage(msg, target);
    } catch (err) {
      console.warn("solvable: cannot reply to", ev.origin, err);
    }
  }

  const isPlainObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v) &&
    (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

  const TYPES = ["set", "play", "pause", "step", "reset", "state"].map((t) => "solvable:" + t);

  function handle(ev) {
    const d = ev.data;
    const rawID = d.id;
    const idOK = rawID === undefined || typeof rawID === "string" || (typeof rawID === "number" && Number.isFinite(rawID));
    const id = idOK ? rawID : null;
    const fail = (error, param) => reply(ev, { type: "solvable:error", error, param: param || "", id });
    const answer = (plan) => {
      let st;
      try { st = sim.state({ plan: !!plan }); } catch (err) { return fail("The simulator could not report its state: " + err.message); }
      reply(ev, { type: "solvable:state", state: st, id });
    };

    if (!idOK) return fail("id must be a string or a number; it is sent back with the reply.");
    if (!TYPES.includes(d.type)) {
      return fail(`There is no message ${quote(d.type)}; the messages are ${listWords(TYPES)}.`);
    }
    if (!tpl) return fail(main.querySelector("#embed-missing").textContent, "model");
    if (!sim) return fail(loadError() || "The simulator is not running yet; wait for solvable:ready.");

    try {
      switch (d.type) {
        case "solvable:set": {
          if (!isPlainObject(d.params)) {
            return fail("solvable:set needs params, an object of parameter names and values, such as {lambda: 0.05}.", "");
          }
          const out = {};
          for (const [k, v] of Object.entries(d.params)) {
            if (k === "model") return fail("The model of an embed is fixed by its address; it cannot be set.", "model");
            if (!keys.has(k)) {
              return fail(`${quote(k)} is not a parameter of this simulator; its parameters are ${listWords([...keys].sort())}.`, k);
            }
            if (v === null) out[k] = "";
            else if (typeof v === "string") out[k] = v;
            else if (typeof v === "number" && Number.isFinite(v)) out[k] = String(v);
            else if (typeof v === "boolean") out[k] = v ? "1" : "0";
            else return fail(`${k} must be a string or a finite number (null removes it).`, k);
          }
          if (!Object.keys(out).length) return fail("solvable:set needs at least one parameter in params.", "");
          sim.set(out);
          updateOpenLink();
          const st = sim.state({ plan: false });
          if (st && typeof st.error === "string" && st.error) return fail(st.error, st.errorParam || "");
          return answer(false);
        }
        case "solvable:step": {
          const n = d.n === undefined ? 1 : d.n;
          if (typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > MAX_STEPS) {
            return fail(`n (how many steps) must be a whole number from 1 to ${MAX_STEPS}.`, "n");
          }
          sim.step(n);
          return answer(false);
        }
        case "solvable:state":
          if (d.plan !== undefined && typeof d.plan !== "boolean") return fail("plan must be true or false.", "plan");
          return answer(d.plan);
        default: // play, pause, reset
          sim[d.type.slice("solvable:".length)]();
          return answer(false);
      }
    } catch (err) {
      console.error("solvable:", err);
      return fail("The simulator failed: " + (err && err.message ? err.message : String(err)));
    }
  }

  window.addEventListener("message", (ev) => {
    const d = ev.data;
    if (!d || typeof d !== "object" || typeof d.type !== "string" || !d.type.startsWith("solvable:")) return;
    // Only the page that embeds this one may drive it: not a sibling frame on that page, nor a
    // window that opened the embed on its own.
    if (!ev.source || window.parent === window || ev.source !== window.parent) return;
    if (iframe && ev.source === iframe.contentWindow) return; // the simulator does not command itself
    if (tpl && !sim && !loadError()) {
      if (queue.length < MAX_QUEUE) queue.push(ev);
      else reply(ev, { type: "solvable:error", error: "Too many messages before the simulator was ready; wait for solvable:ready.", param: "", id: null });
      return;
    }
    handle(ev);
  });

  // ---- Start: the functions and state above are all defined by now ----

  if (!tpl) {
    const missing = $("embed-missing");
    const text = asked
      ? `There is no model called ${quote(asked)} to embed. The models are ${listWords(modelNames)}: for example, embed.html?model=${modelNames[0]}.`
      : `Name the simulator to embed with ?model= in the address. The models are ${listWords(modelNames)}: for example, embed.html?model=${modelNames[0]}.`;
    if (missing) missing.textContent = text;
    main.classList.add("is-missing");
  } else {
    setUp(tpl);
  }
})();
