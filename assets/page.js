// page.js: the model page's side of the simulator, for every model page.
//
// The simulator runs in <iframe id="sim"> (sim.html, same origin) and, once Go is running,
// offers window.solvable there: state(opts), set(params), play(), pause(), step(n), reset().
// This file passes the page's query string on to the iframe (permalinks), wires the HTML
// controls to window.solvable, keeps the page URL in step with the controls, and shows
// state() in the readouts. Plain JavaScript, no dependencies, no build step.
//
// Nothing here knows a model. The page declares what it has in the markup:
//
//   <select data-param="cost">                 a URL parameter; set({cost: value}) on change
//   <input type="number" data-param="lambda"   the same for a typed number, sent on change or
//          data-check="positive"                Enter; data-check (positive, nonnegative,
//          data-check-message="...">            count) rejects bad input here, in those words
//   <input type="range" data-param="lambda"    a log slider: its value is log10(x / scale), its
//          data-log data-scale="maxCost"        min and max are decades; the scale is the state()
//          data-symbol="λ">                     field named by data-scale (1 without it)
//   <input type="range" data-param="p1"        a linear slider: its value is the parameter;
//          data-symbol="p₁">                    sent while dragged, like a log slider
//   <output data-shows="lambda">               shows the parameter's current value
//   <select data-param="preset" data-preset    a preset: options carry data-query and
//          data-clears="x y lambda">            data-blurb; picking one drops the listed
//                                               parameters from the URL and shows the preset's
//   <p data-preset-blurb>                       values (or the controls' defaults)
//   <div data-when="algo:gd,sgd">              controls inside are enabled only while the
//                                               control of algo has one of those values
//   <p data-hint-by="algo" data-hint-flow="…"> a hint whose text follows algo's value
//   <div class="field" data-param="lambda">    where an error about lambda is shown, or at the end
//   <div data-error-slot>                       of the field's closest data-error-slot
//   <output data-field="loss" data-format="sci">  a readout of state().loss (or of a path in
//                                               it: data-field="theory.eA")
//   <select data-param="view" data-params-only>  follows state().params.view only, not state().view
//   <form id="controls" data-sim-owned="p q">   parameters the simulator changes itself (drags),
//                                               copied into the page URL
//   <a data-preset-link="sharp" href="…">       picks a preset in place (see below)
//   <select data-param="target" data-drops="y">  a change also removes y (from the URL and the
//                                               simulator): y and target describe one thing
//   <select data-shown-as="y:drawn">            shows the option "drawn" while y is set
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const iframe = $("sim");
  if (!iframe) return;

  const MODEL = new URLSearchParams(iframe.getAttribute("src").split("?")[1] || "").get("model") || "sinkhorn";
  const POLL_MS = 100; // readouts at about 10 Hz
  const SET_MS = 50; // at most 20 set() calls a second while a slider is dragged
  const URL_MS = 300; // browsers throttle pages that call replaceState too often
  const EDIT_GRACE_MS = 1500; // after an edit, the control wins over a stale state()

  const els = {
    form: $("controls"),
    play: $("play"),
    step: $("step"),
    reset: $("reset"),
    error: $("sim-error"),
  };
  const readouts = Array.from(document.querySelectorAll("[data-field]"));
  const errorHome = els.error ? { parent: els.error.parentNode, next: els.error.nextSibling } : null;

  // ---- The page's controls, grouped by the URL parameter they set ----

  // byParam: name -> { select, number, log, preset, shows: [outputs], all: [controls], paramsOnly }
  const byParam = new Map();
  for (const el of document.querySelectorAll("input[data-param], select[data-param]")) {
    const name = el.dataset.param;
    if (!byParam.has(name)) byParam.set(name, { shows: [], all: [], paramsOnly: false });
    const c = byParam.get(name);
    c.all.push(el);
    if (el.hasAttribute("data-params-only")) c.paramsOnly = true;
    if (el.tagName === "SELECT") {
      if (el.hasAttribute("data-preset")) c.preset = el; else c.select = el;
    } else if (el.type === "range" && el.hasAttribute("data-log")) {
      c.log = el;
    } else if (el.type === "range") {
      c.linear = el;
    } else {
      c.number = el;
    }
  }
  for (const out of document.querySelectorAll("output[data-shows]")) {
    const c = byParam.get(out.dataset.shows);
    if (c) c.shows.push(out);
  }
  const presetParam = [...byParam.keys()].find((k) => byParam.get(k).preset) || "";
  const presetEl = presetParam ? byParam.get(presetParam).preset : null;

  // The control an error about param marks invalid: the typed or chosen value, not the slider.
  function controlFor(param) {
    const c = param ? byParam.get(param) : null;
    if (c) return c.number || c.select || c.preset || c.log || c.linear || null;
    return param ? $(param) : null;
  }

  // ---- URL: the page's query string is the simulator's state ----

  const params = new URLSearchParams(location.search);
  params.delete("model");

  // URLSearchParams escapes every comma; lists read better with them bare (a comma needs no
  // escaping in a query). Semicolons, X's row separator, stay escaped.
  const queryString = (q) => q.toString().replace(/%2C/gi, ",");

  function simSrc() {
    const q = new URLSearchParams(params);
    q.delete("model");
    const rest = queryString(q);
    return "sim.html?model=" + encodeURIComponent(MODEL) + (rest ? "&" + rest : "");
  }

  // The static src has no parameters; only reload the frame when the page was opened with some,
  // so a plain visit downloads the simulator once. In the offline file (site/offline) there is
  // no sim.html: the frame is marked data-offline and assets/offline.js builds its document.
  if (iframe.hasAttribute("data-offline") && window.solvableOffline) window.solvableOffline.load(iframe, simSrc());
  else if (iframe.getAttribute("src") !== simSrc()) iframe.setAttribute("src", simSrc());

  let urlTimer = 0;
  function syncURL() {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => {
      const q = queryString(params);
      history.replaceState(history.state, "", q ? "?" + q + location.hash : location.pathname + location.hash);
    }, URL_MS);
  }

  // ---- Talking to the simulator ----

  let sim = null; // window.solvable once it exists
  let pending = {}; // set() calls made before the simulator was ready
  let localError = null; // { message, param } for input the page rejects itself
  const lastEdit = {}; // param -> time of the user's last change

  function simulator() {
    try {
      const w = iframe.contentWindow;
      const s = w && w.solvable;
      if (s && typeof s.state === "function" && typeof s.set === "function") return s;
    } catch (_) {
      // A cross-origin frame (not expected here) throws on access; treat it as not ready.
    }
    return null;
  }

  function loadError() {
    try {
      const w = iframe.contentWindow;
      return (w && typeof w.solvableLoadError === "string") ? w.solvableLoadError : "";
    } catch (_) {
      return "";
    }
  }

  // drops: parameter -> the parameters a change of it removes (data-drops).
  const drops = new Map();
  for (const el of document.querySelectorAll("[data-param][data-drops]")) {
    drops.set(el.dataset.param, el.dataset.drops.split(/\s+/).filter(Boolean));
  }

  function send(obj) {
    for (const k of Object.keys(obj)) {
      for (const d of drops.get(k) || []) if (!(d in obj)) obj[d] = null;
    }
    const now = performance.now();
    for (const [k, v] of Object.entries(obj)) {
      lastEdit[k] = now;
      if (v === null) params.delete(k); else params.set(k, v);
    }
    syncURL();
    if (sim) {
      try { sim.set(obj); } catch (err) { console.error("solvable.set:", err); }
    } else {
      Object.assign(pending, obj);
    }
  }

  function call(name, ...args) {
    if (!sim || typeof sim[name] !== "function") return;
    try { sim[name](...args); } catch (err) { console.error("solvable." + name + ":", err); }
    poll();
  }

  function onReady() {
    const s = simulator();
    if (!s || s === sim) return;
    sim = s;
    for (const b of [els.play, els.step, els.reset]) if (b) b.disabled = false;
    if (Object.keys(pending).length) {
      const p = pending;
      pending = {};
      try { sim.set(p); } catch (err) { console.error("solvable.set:", err); }
    }
    poll();
  }

  // Ready is signalled by an event in the frame's window; the window object is replaced when
  // the frame navigates, so listen again on every load. poll() below also looks for
  // window.solvable, in case the event fired before we listened.
  iframe.addEventListener("load", () => {
    sim = null;
    try {
      iframe.contentWindow.addEventListener("solvable-ready", onReady, { once: true });
    } catch (_) { /* cross-origin: polling below still reports the load error, if any */ }
    onReady();
  });

  // ---- Number formatting: never NaN, null is a dash ----

  const DASH = "—";
  const intFmt = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  const isNum = (x) => typeof x === "number" && Number.isFinite(x);

  function format(x, kind) {
    if (kind === "note") return (x === null || x === undefined) ? "" : String(x);
    if (kind === "text" || kind === "status") return (x === null || x === undefined || x === "") ? DASH : String(x);
    if (!isNum(x)) return DASH;
    switch (kind) {
      case "int": return intFmt.format(x);
      // Ten significant digits, so converged values can be checked against tabulated theory.
      case "cost": return x === 0 ? "0" : x.toPrecision(10);
      case "sci": return x === 0 ? "0" : x.toExponential(3);
      // A quantity of any size: whole numbers grouped, others to six significant digits.
      case "num": {
        const a = Math.abs(x);
        if (Number.isInteger(x) && a < 1e15) return intFmt.format(x);
        if (a >= 1e6 || a < 1e-3) return x.toExponential(3);
        return String(Number(x.toPrecision(6)));
      }
      default: return String(x);
    }
  }

  // A value the user picks on a slider is rounded to three significant digits, so the URL
  // stays readable and the value survives a round trip through text.
  function roundSlider(x) {
    return String(Number(x.toPrecision(3)));
  }

  // ---- Log sliders: log10(x / scale) ----

  function parseList(s) {
    if (typeof s !== "string" || s.trim() === "") return null;
    const xs = s.split(",").map(Number);
    return xs.every(Number.isFinite) ? xs : null;
  }

  // Until the simulator reports a slider's scale, guess it from the URL. maxCost is the largest
  // entry of the Sinkhorn cost matrix, from the support points (a grid on [0, 1] without x).
  const SCALE_GUESSES = {
    maxCost(get) {
      const xs = parseList(get("x")) || [0, 1];
      const ys = parseList(get("y")) || xs;
      const span = Math.max(Math.max(...xs) - Math.min(...ys), Math.max(...ys) - Math.min(...xs));
      if (!(span > 0)) return 1;
      return get("cost") === "abs" ? span : span * span;
    },
  };

  let lastState = null;

  function scaleOf(slider, state) {
    const name = slider.dataset.scale;
    if (!name) return 1;
    if (state && isNum(state[name]) && state[name] > 0) return state[name];
    const guess = SCALE_GUESSES[name];
    if (!guess) return 1;
    const get = (k) => (state && state.params && state.params[k] !== undefined) ? state.params[k] : params.get(k);
    const s = guess(get);
    return (isNum(s) && s > 0) ? s : 1;
  }

  const hasOption = (sel, v) => Array.from(sel.options).some((o) => o.value === v);

  // showValue puts a parameter's value into its controls. fromSlider: the slider itself moved
  // (leave it where the pointer is, and overwrite the number even if it has focus).
  function showValue(param, value, fromSlider) {
    const c = byParam.get(param);
    if (!c || value === null || value === undefined) return;
    const text = String(value);
    if (c.log) {
      const x = Number(text);
      if (!(x > 0) || !Number.isFinite(x)) return; // a log slider cannot show it; keep the last
      const symbol = c.log.dataset.symbol || param;
      c.log.setAttribute("aria-valuetext", symbol + " = " + text);
      if (!fromSlider) {
        const v = Math.log10(x / scaleOf(c.log, lastState));
        const lo = Number(c.log.min), hi = Number(c.log.max);
        c.log.value = String(Math.min(hi, Math.max(lo, v)));
      }
    }
    if (c.linear) {
      const x = Number(text);
      if (!Number.isFinite(x)) return;
      c.linear.setAttribute("aria-valuetext", (c.linear.dataset.symbol || param) + " = " + text);
      if (!fromSlider) c.linear.value = text; // the browser keeps it within min and max
    }
    for (const out of c.shows) out.textContent = text;
    if (c.number && (fromSlider || document.activeElement !== c.number)) c.number.value = text;
    if (c.select && c.select.value !== text && hasOption(c.select, text)) c.select.value = text;
    if (c.preset && c.preset.value !== text && hasOption(c.preset, text)) {
      c.preset.value = text;
      updateBlurb();
    }
  }

  // The value a control starts with in the markup: the option marked selected, else the first;
  // the value attribute of an input.
  function defaultOf(param) {
    const c = byParam.get(param);
    if (!c) return null;
    const sel = c.select || c.preset;
    if (sel) {
      const o = Array.from(sel.options).find((o) => o.defaultSelected) || sel.options[0];
      return o ? o.value : null;
    }
    if (c.number) return c.number.defaultValue;
    if (c.linear) return c.linear.defaultValue;
    return null;
  }

  // ---- Controls -> simulator ----

  const CHECKS = {
    positive: (x) => x > 0,
    nonnegative: (x) => x >= 0,
    count: (x) => Number.isInteger(x) && x >= 1,
  };

  function clearLocalError(param) {
    if (localError && (!param || localError.param === param)) localError = null;
  }

  const sliderState = new Map(); // param -> { timer, value }
  function onSlider(param) {
    const c = byParam.get(param);
    const value = c.log ? roundSlider(scaleOf(c.log, lastState) * Math.pow(10, Number(c.log.value))) : c.linear.value;
    showValue(param, value, true);
    clearLocalError(param);
    let st = sliderState.get(param);
    if (!st) sliderState.set(param, st = { timer: 0, value: null });
    st.value = value;
    if (st.timer) return;
    send({ [param]: value }); // first move applies at once, then at most every SET_MS
    st.timer = setTimeout(() => {
      st.timer = 0;
      if (st.value !== params.get(param)) send({ [param]: st.value });
    }, SET_MS);
  }

  function onNumber(param) {
    const el = byParam.get(param).number;
    const raw = el.value.trim();
    const x = Number(raw);
    const check = CHECKS[el.dataset.check];
    if (check && (raw === "" || !Number.isFinite(x) || !check(x))) {
      localError = { message: el.dataset.checkMessage || `${param} is not a valid value.`, param };
      renderError();
      return;
    }
    if (raw === "") return; // nothing to apply; the simulator keeps its value
    clearLocalError(param);
    showValue(param, raw, false);
    send({ [param]: raw });
    poll();
  }

  function updateBlurb() {
    if (!presetEl) return;
    const field = presetEl.closest(".field") || document;
    const blurb = field.querySelector("[data-preset-blurb]");
    if (!blurb) return;
    const opt = presetEl.selectedOptions[0];
    blurb.textContent = (opt && opt.dataset.blurb) || "";
  }

  function presetQuery() {
    const opt = presetEl && presetEl.selectedOptions[0];
    return new URLSearchParams((opt && opt.dataset.query) || "");
  }

  // Picking a preset drops the problem's parameters from the URL, because explicit parameters
  // override a preset and would otherwise hide the preset's own values. The controls show the
  // preset's values straight away (their defaults where it has none); state() confirms them.
  function onPreset() {
    const clears = (presetEl.dataset.clears || "").split(/\s+/).filter(Boolean);
    for (const k of clears) params.delete(k);
    clearLocalError();
    updateBlurb();
    const q = presetQuery();
    const now = performance.now();
    for (const k of clears) {
      if (k === presetParam || !byParam.has(k)) continue;
      const v = q.get(k);
      showValue(k, v !== null ? v : defaultOf(k), false);
      lastEdit[k] = now;
    }
    updateWhen();
    send({ [presetParam]: presetEl.value });
    poll(); // show the new problem, and drop complaints about the old one, at once
  }

  for (const [param, c] of byParam) {
    if (c.preset) c.preset.addEventListener("change", onPreset);
    if (c.log) c.log.addEventListener("input", () => onSlider(param));
    if (c.linear) c.linear.addEventListener("input", () => onSlider(param));
    if (c.number) c.number.addEventListener("change", () => onNumber(param));
    if (c.select) {
      c.select.addEventListener("change", () => {
        clearLocalError(param);
        send({ [param]: c.select.value });
        updateWhen();
      });
    }
  }
  if (els.form) {
    // Enter in a number field submits the form; apply the value instead of navigating.
    els.form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const el = document.activeElement;
      if (el && el.dataset && el.dataset.param && byParam.get(el.dataset.param).number === el) onNumber(el.dataset.param);
    });
  }

  // ---- Controls that only apply to some settings: data-when="param:value,value" ----

  const whenEls = Array.from(document.querySelectorAll("[data-when]"));
  const hintEls = Array.from(document.querySelectorAll("[data-hint-by]"));

  function currentValue(param) {
    const c = byParam.get(param);
    const el = c && (c.select || c.preset || c.number);
    if (el) return el.value;
    const p = lastState && lastState.params;
    if (p && typeof p[param] === "string") return p[param];
    return params.get(param) || "";
  }

  function updateWhen() {
    const off = new Set();
    for (const el of whenEls) {
      const [param, list] = el.dataset.when.split(":");
      const on = (list || "").split(",").includes(currentValue(param));
      el.classList.toggle("is-off", !on);
      if (!on) off.add(el);
    }
    for (const c of byParam.values()) {
      for (const el of c.all) {
        let disabled = false;
        for (let a = el.parentElement; a && !disabled; a = a.parentElement) disabled = off.has(a);
        if (el.disabled !== disabled) el.disabled = disabled;
      }
    }
    for (const el of hintEls) {
      const v = currentValue(el.dataset.hintBy);
      const key = "hint" + v.charAt(0).toUpperCase() + v.slice(1);
      const text = el.dataset[key];
      if (typeof text === "string" && el.textContent !== text) el.textContent = text;
    }
  }

  // ---- Play, step, reset ----

  function togglePlay() {
    if (!sim) return;
    // Ask afresh: the last poll can be 100 ms old, and the simulator may have been paused since
    // by polite.js (out of view) or by Space inside the canvas.
    let playing = lastState ? !!lastState.playing : true;
    try { playing = !!sim.state({ plan: false }).playing; } catch (_) { /* keep the last poll's */ }
    setPlayButton(!playing);
    call(playing ? "pause" : "play");
  }
  if (els.play) els.play.addEventListener("click", togglePlay);
  if (els.step) els.step.addEventListener("click", () => call("step", 1));
  if (els.reset) els.reset.addEventListener("click", () => call("reset"));

  function setPlayButton(playing) {
    if (!els.play) return;
    els.play.classList.toggle("is-playing", playing);
    const label = els.play.querySelector(".btn-text");
    if (label) label.textContent = playing ? "Pause" : "Play";
  }

  // Initial control values from the URL, before the simulator reports anything: a preset's
  // values first, then explicit parameters over them.
  function initControls() {
    const preset = presetParam ? params.get(presetParam) : null;
    if (presetEl && preset && hasOption(presetEl, preset)) {
      presetEl.value = preset;
      for (const [k, v] of presetQuery()) if (k !== presetParam) showValue(k, v, false);
    }
    updateBlurb();
    for (const param of byParam.keys()) {
      if (param === presetParam) continue;
      const v = params.get(param);
      if (v !== null) showValue(param, v, false);
    }
    // Until the simulator reports, show what it will do (wasm/polite.go): paused=1 starts
    // paused, paused=0 plays, and without either a visitor who asked for reduced motion
    // gets a paused simulator.
    const paused = params.get("paused");
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    setPlayButton(paused === "0" || (paused !== "1" && !still));
    updateWhen();
  }
  initControls();

  // ---- Keyboard: Space play/pause, "." one step, "r" reset ----

  function typingIn(el) {
    if (!el) return false;
    if (el.isContentEditable) return true;
    if (el.tagName === "TEXTAREA" || el.tagName === "SELECT") return true;
    if (el.tagName === "INPUT") return !["range", "checkbox", "radio", "button", "submit", "reset", "color"].includes(el.type);
    return false;
  }
  // Space already activates a focused button or checkbox; do not act twice.
  function spaceIsTaken(el) {
    if (!el) return false;
    return el.tagName === "BUTTON" || el.tagName === "SUMMARY" ||
      (el.tagName === "INPUT" && ["checkbox", "radio", "button", "submit", "reset"].includes(el.type));
  }

  document.addEventListener("keydown", (ev) => {
    if (ev.defaultPrevented || ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const el = document.activeElement;
    if (typingIn(el)) return;
    if (ev.key === " " && !spaceIsTaken(el)) {
      ev.preventDefault();
      togglePlay();
    } else if (ev.key === ".") {
      ev.preventDefault();
      call("step", 1);
    } else if (ev.key === "r" || ev.key === "R") {
      ev.preventDefault();
      call("reset");
    }
  });

  // ---- Errors, next to the control they are about ----

  let shownError = { message: "", param: "" };

  function showError(message, param) {
    if (!els.error) return;
    if (message === shownError.message && param === shownError.param) return; // do not re-announce
    const prev = controlFor(shownError.param);
    if (prev) {
      prev.removeAttribute("aria-invalid");
      prev.removeAttribute("aria-errormessage");
    }
    shownError = { message, param };
    const field = param ? document.querySelector(`.field[data-param="${CSS.escape(param)}"]`) : null;
    if (field) {
      // A field in a row of narrow fields puts the message under the whole row (data-error-slot).
      (field.closest("[data-error-slot]") || field).appendChild(els.error);
    } else if (errorHome && els.error.parentNode !== errorHome.parent) {
      errorHome.parent.insertBefore(els.error, errorHome.next);
    }
    const control = controlFor(param);
    if (control && message) {
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-errormessage", els.error.id);
    }
    els.error.textContent = message;
  }

  function renderError(state) {
    if (localError) return showError(localError.message, localError.param);
    const s = state || lastState;
    if (s && typeof s.error === "string" && s.error) return showError(s.error, s.errorParam || "");
    const le = loadError();
    showError(le, "");
  }

  // ---- Simulator -> readouts and controls ----

  // Readouts that are not a state() field as it stands.
  const DERIVED = {
    status(state) {
      if (typeof state.error === "string" && state.error) return "see the message";
      if (state.converged) return "converged";
      if (typeof state.note === "string" && state.note) return "see the note";
      return state.playing ? "running" : "paused";
    },
    gap(state) {
      return (isNum(state.transportCost) && isNum(state.wasserstein)) ? state.transportCost - state.wasserstein : null;
    },
    // A note that repeats the error (a diverging step is both) is shown once, as the error.
    note(state) {
      const n = typeof state.note === "string" ? state.note : "";
      return n && n !== state.error ? n : "";
    },
    // The smallest entry of alphaEff: how far the algorithm has shrunk the initial scale.
    alphaEffMin(state) {
      const a = Array.isArray(state.alphaEff) ? state.alphaEff.filter(isNum) : [];
      return a.length ? Math.min(...a) : null;
    },
  };

  // A field may be a path into state(), "theory.eA"; a missing step gives undefined (a dash).
  function derived(state, field) {
    const f = DERIVED[field];
    if (f) return f(state);
    let v = state;
    for (const k of field.split(".")) v = (v !== null && typeof v === "object") ? v[k] : undefined;
    return v;
  }

  // A control follows state() unless the user is on it or has just changed it.
  function settled(el, param) {
    return el && document.activeElement !== el && !(performance.now() - (lastEdit[param] || -Infinity) < EDIT_GRACE_MS);
  }

  // A parameter missing from state().params has its default value (the simulators write only
  // what differs from the defaults), unless state() has a field of that name (speed, alpha).
  // The preset select only follows an explicit params.preset.
  function syncControls(state) {
    const p = state.params || {};
    const known = Object.keys(p).some((k) => k !== "model");
    for (const [param, c] of byParam) {
      let v = p[param];
      const shownAs = c.select && c.select.dataset.shownAs;
      if (shownAs) {
        const [other, value] = shownAs.split(":");
        if (p[other] !== undefined && p[other] !== "") v = value;
      }
      if (v === undefined && !c.preset) {
        const s = c.paramsOnly ? undefined : state[param];
        if (typeof s === "string" && s) v = s;
        else if (isNum(s)) v = String(s);
        else if (known) v = defaultOf(param);
      }
      if (typeof v !== "string" || v === "") continue;
      if (!c.all.every((el) => settled(el, param))) continue;
      showValue(param, v, false);
    }
    setPlayButton(!!state.playing);
    updateWhen();
  }

  // Parameters the simulator changes on its own (a visitor dragging a bar of p or q, or turning
  // a 3-D view, inside the canvas) are copied into the page URL, so a permalink keeps what is on
  // screen. The form names them: <form data-sim-owned="p q">. Only a change seen between two
  // polls counts, so a preset's own values stay out of the URL. Parameters the simulator stopped
  // writing in that same poll leave the URL too: once a drag lists p (or a cloud's points a),
  // pshape and n (or shapea and na) no longer describe the problem, and a permalink that kept
  // them would draw the old shape again.
  const SIM_OWNED = ((els.form && els.form.dataset.simOwned) || "").split(/\s+/).filter(Boolean);
  let prevSimParams = null;
  function adoptSimParams(state) {
    const p = state.params || {};
    let changed = false;
    for (const k of SIM_OWNED) {
      const v = p[k];
      const before = prevSimParams ? prevSimParams[k] : undefined;
      if (!prevSimParams || typeof v !== "string" || v === "" || v === before || params.get(k) === v) continue;
      // A change right after the visitor used a control (a preset, say) comes from that control.
      const lastAny = Math.max(-Infinity, ...Object.values(lastEdit));
      if (performance.now() - lastAny < EDIT_GRACE_MS) continue;
      params.set(k, v);
      changed = true;
    }
    if (changed) {
      for (const k of Object.keys(prevSimParams)) {
        if (k !== "model" && !(k in p)) params.delete(k);
      }
    }
    prevSimParams = p;
    if (changed) syncURL();
  }

  // <a href="page.html?preset=sharp" data-preset-link="sharp"> in the text picks that preset in
  // place, as the select would, and brings the simulator into view; without this script (or
  // when the select has no such option) it is an ordinary link that reloads the page with it.
  for (const a of document.querySelectorAll("a[data-preset-link]")) {
    a.addEventListener("click", (ev) => {
      const name = a.dataset.presetLink;
      if (!presetEl || !hasOption(presetEl, name) || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      ev.preventDefault();
      presetEl.value = name;
      onPreset();
      const panel = iframe.closest("section") || iframe;
      const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      panel.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "start" });
    });
  }

  let pollTimer = 0;
  function poll() {
    clearTimeout(pollTimer);
    if (!document.hidden) {
      if (!sim) onReady();
      if (sim) {
        let state = null;
        try { state = sim.state({ plan: false }); } catch (err) { console.error("solvable.state:", err); }
        if (state && typeof state === "object") {
          lastState = state;
          for (const out of readouts) {
            const text = format(derived(state, out.dataset.field), out.dataset.format);
            if (out.textContent !== text) out.textContent = text;
          }
          syncControls(state);
          adoptSimParams(state);
        }
      } else {
        const status = readouts.find((o) => o.dataset.field === "status");
        if (status) status.textContent = loadError() ? "failed to load" : "loading…";
      }
      renderError();
    }
    // Hidden pages are not polled; the visibilitychange handler restarts the loop.
    // Clear again: poll() may have re-entered through onReady() and scheduled itself.
    clearTimeout(pollTimer);
    if (!document.hidden) pollTimer = setTimeout(poll, POLL_MS);
  }
  document.addEventListener("visibilitychange", () => { if (!document.hidden) poll(); });
  poll();
})();
