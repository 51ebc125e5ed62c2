// page.js: the model page's side of the simulator.
//
// The simulator runs in <iframe id="sim"> (sim.html, same origin) and, once Go is running,
// offers window.solvable there: state(opts), set(params), play(), pause(), step(n), reset().
// This file passes the page's query string on to the iframe (permalinks), wires the HTML
// controls to window.solvable, keeps the page URL in step with the controls, and shows
// state() in the readouts. Plain JavaScript, no dependencies, no build step.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const iframe = $("sim");
  if (!iframe) return;

  const MODEL = new URLSearchParams(iframe.getAttribute("src").split("?")[1] || "").get("model") || "sinkhorn";
  // Parameters that describe the problem. Picking a preset drops them from the URL, because
  // explicit parameters override a preset and would otherwise hide the preset's own values.
  const PROBLEM_PARAMS = ["x", "y", "n", "p", "q", "pshape", "qshape", "seed", "lambda", "cost", "tol", "scaling"];
  const POLL_MS = 100; // readouts at about 10 Hz
  const SET_MS = 50; // at most 20 set() calls a second while a slider is dragged
  const URL_MS = 300; // browsers throttle pages that call replaceState too often
  const EDIT_GRACE_MS = 1500; // after an edit, the control wins over a stale state()

  const els = {
    form: $("controls"),
    play: $("play"),
    step: $("step"),
    reset: $("reset"),
    preset: $("preset"),
    presetBlurb: $("preset-blurb"),
    lambda: $("lambda"),
    slider: $("lambda-slider"),
    lambdaValue: $("lambda-value"),
    cost: $("cost"),
    speed: $("speed"),
    error: $("sim-error"),
  };
  const readouts = Array.from(document.querySelectorAll("output[data-field]"));
  const errorHome = els.error ? { parent: els.error.parentNode, next: els.error.nextSibling } : null;

  // ---- URL: the page's query string is the simulator's state ----

  const params = new URLSearchParams(location.search);
  params.delete("model");

  function simSrc() {
    const q = new URLSearchParams(params);
    q.delete("model");
    const rest = q.toString();
    return "sim.html?model=" + encodeURIComponent(MODEL) + (rest ? "&" + rest : "");
  }

  // The static src has no parameters; only reload the frame when the page was opened with some,
  // so a plain visit downloads the simulator once.
  if (iframe.getAttribute("src") !== simSrc()) iframe.setAttribute("src", simSrc());

  let urlTimer = 0;
  function syncURL() {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => {
      const q = params.toString();
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

  function send(obj) {
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
    if (kind === "text" || kind === "status") return (x === null || x === undefined || x === "") ? DASH : String(x);
    if (!isNum(x)) return DASH;
    switch (kind) {
      case "int": return intFmt.format(x);
      // Ten significant digits, so converged costs can be checked against tabulated theory.
      case "cost": return x === 0 ? "0" : x.toPrecision(10);
      case "sci": return x === 0 ? "0" : x.toExponential(3);
      default: return String(x);
    }
  }

  // A λ the user picks on the slider is rounded to three significant digits, so the URL
  // stays readable and the value survives a round trip through text.
  function roundLambda(x) {
    return String(Number(x.toPrecision(3)));
  }

  // ---- λ slider: log10(λ / largest cost) ----

  function parseList(s) {
    if (typeof s !== "string" || s.trim() === "") return null;
    const xs = s.split(",").map(Number);
    return xs.every(Number.isFinite) ? xs : null;
  }

  // The slider is relative to the largest entry of C. The simulator knows it exactly and may
  // report it as state().maxCost; until then, derive it from the support points (a grid on
  // [0, 1] when x is absent).
  function maxCost(state) {
    if (state && isNum(state.maxCost) && state.maxCost > 0) return state.maxCost;
    const get = (k) => (state && state.params && state.params[k] !== undefined) ? state.params[k] : params.get(k);
    const xs = parseList(get("x")) || [0, 1];
    const ys = parseList(get("y")) || xs;
    const span = Math.max(Math.max(...xs) - Math.min(...ys), Math.max(...ys) - Math.min(...xs));
    if (!(span > 0)) return 1;
    return get("cost") === "abs" ? span : span * span;
  }

  let lastState = null;

  function showLambda(lambda, fromSlider) {
    const x = Number(lambda);
    if (!(x > 0) || !Number.isFinite(x)) return;
    const text = String(lambda);
    if (els.lambdaValue) els.lambdaValue.textContent = text;
    if (els.slider) {
      els.slider.setAttribute("aria-valuetext", "λ = " + text);
      if (!fromSlider) {
        const v = Math.log10(x / maxCost(lastState));
        const lo = Number(els.slider.min), hi = Number(els.slider.max);
        els.slider.value = String(Math.min(hi, Math.max(lo, v)));
      }
    }
    if (els.lambda && document.activeElement !== els.lambda) els.lambda.value = text;
  }

  // ---- Controls -> simulator ----

  let sliderTimer = 0;
  let sliderValue = null;
  function onSlider() {
    const lambda = roundLambda(maxCost(lastState) * Math.pow(10, Number(els.slider.value)));
    showLambda(lambda, true);
    if (els.lambda) els.lambda.value = lambda;
    localError = null;
    sliderValue = lambda;
    if (sliderTimer) return;
    send({ lambda: sliderValue }); // first move applies at once, then at most every SET_MS
    sliderTimer = setTimeout(function flush() {
      sliderTimer = 0;
      if (sliderValue !== params.get("lambda")) send({ lambda: sliderValue });
    }, SET_MS);
  }

  function onLambdaInput() {
    const raw = els.lambda.value.trim();
    const x = Number(raw);
    if (raw === "" || !Number.isFinite(x) || x <= 0) {
      localError = { message: "λ must be a positive number, such as 0.01.", param: "lambda" };
      renderError();
      return;
    }
    localError = null;
    showLambda(raw, false);
    send({ lambda: raw });
  }

  function updateBlurb() {
    if (!els.preset || !els.presetBlurb) return;
    const opt = els.preset.selectedOptions[0];
    els.presetBlurb.textContent = (opt && opt.dataset.blurb) || "";
  }

  function onPreset() {
    const name = els.preset.value;
    for (const k of PROBLEM_PARAMS) params.delete(k);
    localError = null;
    updateBlurb();
    // Show the preset's λ straight away; state() confirms it on the next poll.
    const opt = els.preset.selectedOptions[0];
    const q = new URLSearchParams((opt && opt.dataset.query) || "");
    if (q.get("lambda")) showLambda(q.get("lambda"), false);
    if (els.cost) els.cost.value = q.get("cost") || "sq";
    send({ preset: name });
  }

  if (els.slider) els.slider.addEventListener("input", onSlider);
  if (els.lambda) els.lambda.addEventListener("change", onLambdaInput);
  if (els.preset) els.preset.addEventListener("change", onPreset);
  if (els.cost) els.cost.addEventListener("change", () => send({ cost: els.cost.value }));
  if (els.speed) els.speed.addEventListener("change", () => send({ speed: els.speed.value }));
  if (els.form) {
    // Enter in the number field submits the form; apply the value instead of navigating.
    els.form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (els.lambda && document.activeElement === els.lambda) onLambdaInput();
    });
  }

  function togglePlay() {
    if (!sim) return;
    const playing = lastState ? !!lastState.playing : true;
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

  // Initial control values from the URL, before the simulator reports anything.
  function initControls() {
    const preset = params.get("preset");
    if (els.preset && preset && Array.from(els.preset.options).some((o) => o.value === preset)) {
      els.preset.value = preset;
      const q = new URLSearchParams(els.preset.selectedOptions[0].dataset.query || "");
      if (q.get("lambda")) showLambda(q.get("lambda"), false);
    }
    updateBlurb();
    const lambda = params.get("lambda");
    if (lambda) showLambda(lambda, false);
    const selectFrom = (el, v) => {
      if (el && v && Array.from(el.options).some((o) => o.value === v)) el.value = v;
    };
    selectFrom(els.cost, params.get("cost"));
    selectFrom(els.speed, params.get("speed"));
    setPlayButton(params.get("paused") !== "1");
  }
  initControls();

  // ---- Keyboard: Space play/pause, "." one projection, "r" reset ----

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
    const prev = shownError.param && $(shownError.param);
    if (prev) {
      prev.removeAttribute("aria-invalid");
      prev.removeAttribute("aria-errormessage");
    }
    shownError = { message, param };
    const field = param ? document.querySelector(`.field[data-param="${CSS.escape(param)}"]`) : null;
    if (field) {
      field.appendChild(els.error);
    } else if (errorHome && els.error.parentNode !== errorHome.parent) {
      errorHome.parent.insertBefore(els.error, errorHome.next);
    }
    const control = param && $(param);
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

  function derived(state, field) {
    switch (field) {
      case "status":
        if (state.converged) return "converged";
        return state.playing ? "running" : "paused";
      case "gap":
        return (isNum(state.transportCost) && isNum(state.wasserstein)) ? state.transportCost - state.wasserstein : null;
      default:
        return state[field];
    }
  }

  // A control follows state() unless the user is on it or has just changed it.
  function settled(el, param) {
    return el && document.activeElement !== el && !(performance.now() - (lastEdit[param] || -Infinity) < EDIT_GRACE_MS);
  }

  function syncControls(state) {
    const p = state.params || {};
    if (settled(els.slider, "lambda") && settled(els.lambda, "lambda")) {
      const lambda = (typeof p.lambda === "string" && p.lambda) ? p.lambda : (isNum(state.lambda) ? String(state.lambda) : "");
      if (lambda) showLambda(lambda, false);
    }
    for (const [el, key] of [[els.cost, "cost"], [els.speed, "speed"], [els.preset, "preset"]]) {
      const v = key === "speed" && p.speed === undefined && state.speed !== undefined ? String(state.speed) : p[key];
      if (settled(el, key) && typeof v === "string" && v !== el.value && Array.from(el.options).some((o) => o.value === v)) {
        el.value = v;
        if (key === "preset") updateBlurb();
      }
    }
    setPlayButton(!!state.playing);
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
