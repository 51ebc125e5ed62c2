// sim.js: starts the Go simulator inside sim.html.
// wasm_exec.js (loaded before this file) defines the Go class; Go's main sets window.solvable
// and dispatches "solvable-ready" when it runs. Any failure on the way is written into the page in
// words and kept in window.solvableLoadError, which the embedding page and the e2e tests read.
"use strict";

(() => {
  const WASM_URL = "solvable.wasm";
  const status = document.getElementById("sim-status");

  window.addEventListener("solvable-ready", () => {
    if (status) status.remove();
  }, { once: true });

  function explain(err) {
    let msg = (err && err.message) ? err.message : String(err);
    msg = msg.replace(/[.\s]+$/, "");
    let text = "The simulator could not start: " + msg + ".";
    // Opening the built site from disk is the most common way to get here; say what to do.
    if (location.protocol === "file:") {
      text += " Pages opened from a file on disk cannot fetch WebAssembly; serve the folder over " +
        "HTTP (for example with go run serve.go in the repository) and open it from there.";
    }
    return text;
  }

  function fail(err) {
    const text = explain(err);
    window.solvableLoadError = text;
    console.error("solvable:", err);
    if (!status || !status.isConnected) {
      // Ebiten already owns the page; an error after that is a crash of the running program.
      const box = document.createElement("div");
      box.className = "sim-status";
      document.body.appendChild(box);
      show(box, text);
      return;
    }
    show(status, text);
  }

  function show(box, text) {
    box.setAttribute("role", "alert");
    box.classList.add("is-error");
    box.textContent = "";
    const p = document.createElement("p");
    p.className = "sim-status-text";
    p.textContent = text;
    box.appendChild(p);
  }

  async function fetchOK(url) {
    const resp = await fetch(url);
    if (!resp.ok) throw new Error(`fetching ${url} failed: HTTP ${resp.status} ${resp.statusText}`);
    return resp;
  }

  // instantiateStreaming compiles while downloading but insists on the application/wasm MIME
  // type; some static hosts get that wrong, so fall back to compiling from a buffer.
  async function instantiate(go) {
    if (typeof WebAssembly.instantiateStreaming === "function") {
      try {
        return await WebAssembly.instantiateStreaming(fetchOK(WASM_URL), go.importObject);
      } catch (err) {
        if (err instanceof WebAssembly.CompileError || err instanceof WebAssembly.LinkError) throw err;
        if (err instanceof TypeError && /fetch/i.test(err.message)) throw err; // network failure: retrying will not help
        if (/HTTP \d/.test(err.message)) throw err;
        console.warn("solvable: streaming instantiation failed, retrying from a buffer:", err.message);
      }
    }
    const buf = await (await fetchOK(WASM_URL)).arrayBuffer();
    return WebAssembly.instantiate(buf, go.importObject);
  }

  async function main() {
    if (typeof WebAssembly !== "object") throw new Error("this browser has no WebAssembly support.");
    if (typeof Go !== "function") throw new Error("wasm_exec.js did not load, so the Go runtime is missing.");
    // The SIMD kernel modules for assets/simd.js, fetched from next to this page when Go starts.
    if (!globalThis.solvableSIMDWasm) {
      globalThis.solvableSIMDWasm = async (file) => (await fetchOK(file)).arrayBuffer();
    }
    const go = new Go();
    let exitCode = 0;
    const exit = go.exit.bind(go);
    go.exit = (code) => { exitCode = code; exit(code); };
    const { instance } = await instantiate(go);
    await go.run(instance); // resolves only when the Go program exits
    // A simulator's main never returns on its own, so getting here means it stopped.
    throw new Error(exitCode !== 0
      ? `the simulator stopped with exit code ${exitCode} (the browser console has the details).`
      : "the simulator stopped.");
  }

  main().catch(fail);
})();
