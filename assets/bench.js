// bench.js: runs bench.wasm (wasm/simd/bench) in bench.html. The Go program reads the page's
// query, times or checks the kernels, and sets window.benchResult; a failure to start is put
// there too ({error}), so a test waiting for benchResult never waits in vain.
"use strict";

(async () => {
  const status = document.getElementById("bench-status");
  const say = (text) => { if (status) status.textContent = text; };
  try {
    if (typeof Go !== "function") throw new Error("wasm_exec.js did not load");
    // The SIMD kernel modules for assets/simd.js, from next to this page.
    globalThis.solvableSIMDWasm = async (file) => {
      const r = await fetch(file);
      if (!r.ok) throw new Error(`fetching ${file}: HTTP ${r.status}`);
      return r.arrayBuffer();
    };
    const go = new Go();
    const resp = fetch("bench.wasm");
    let result;
    try {
      result = await WebAssembly.instantiateStreaming(resp, go.importObject);
    } catch (err) {
      if (err instanceof WebAssembly.LinkError || err instanceof WebAssembly.CompileError) throw err;
      result = await WebAssembly.instantiate(await (await fetch("bench.wasm")).arrayBuffer(), go.importObject);
    }
    say("Running… (the page may be slow to respond until the run ends)");
    await go.run(result.instance);
    const r = window.benchResult;
    if (!r) throw new Error("the benchmark program ended without a result");
    say(r.error ? "The benchmark failed: " + r.error : "Done (kernels: " + r.kernel + ").");
  } catch (err) {
    const msg = String(err && err.message || err);
    window.benchResult = { error: msg };
    say("The benchmark could not run: " + msg);
    console.error("bench:", err);
  }
})();
