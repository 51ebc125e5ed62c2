// simd.js: gives the Go program the WebAssembly SIMD kernels of wasm/simd (kernels.wat).
//
// Load it after wasm_exec.js and before the script that runs the Go program. It replaces the Go
// class of wasm_exec.js with a subclass that
//   - adds the import module "solvable_simd" to importObject: small functions that forward each
//     call to the kernel instance (the Go program declares them with //go:wasmimport), and
//     available(), which tells Go whether the kernels are there;
//   - in run(instance), before the Go program starts, instantiates the kernel module with the Go
//     instance's own memory (instance.exports.mem), so the kernels work on Go's slices in place.
//     Growing that memory later is safe: the kernels import the Memory object, not a buffer.
// The module is simd-fma.wasm (SIMD with relaxed-SIMD fused multiply-adds) where the browser
// validates it, else simd.wasm (plain SIMD). This file fetches nothing: the page gives the
// bytes in globalThis.solvableSIMDWasm before Go runs, either as a function from a file name
// to (a promise of) its bytes (assets/sim.js fetches them from next to the page) or as an object
// {"simd-fma.wasm": bytes, "simd.wasm": bytes} (the offline file holds them inline). If the
// browser has no WebAssembly SIMD (neither validates), or the page gives no bytes, available()
// answers 0 and the Go program keeps its plain Go loops: nothing else changes. Why the kernels are missing is kept in go.simd.reason and
// globalThis.solvableSIMDReason ("" when they are there). The page's ?simd=plain and ?simd=off
// choose the plain variant or none.
"use strict";

(() => {
  if (typeof Go !== "function" || typeof WebAssembly !== "object") return;

  // The two builds of kernels.wat, best first: with relaxed-SIMD fused multiply-adds in the
  // matrix products, and plain SIMD. The first that this browser validates is used.
  const VARIANTS = [
    { name: "wasm-simd-fma", file: "simd-fma.wasm" },
    { name: "wasm-simd", file: "simd.wasm" },
  ];

  // The page's ?simd=plain skips the fused variant and ?simd=off the kernels altogether, so the
  // same page can be measured or tested with each.
  let choice = "";
  try {
    choice = new URLSearchParams(globalThis.location ? location.search : "").get("simd") || "";
  } catch (err) {
    choice = "";
  }
  const wanted = choice === "off" ? [] : choice === "plain" ? VARIANTS.slice(1) : VARIANTS;

  async function bytesOf(v) {
    const src = globalThis.solvableSIMDWasm;
    if (typeof src === "function") return src(v.file); // the site: assets/sim.js
    if (src) return src[v.file] || null; // {"simd-fma.wasm": Uint8Array, ...}: the offline file
    throw new Error("the page gave no SIMD kernel modules");
  }

  // The compiled kernel module and its variant's name, or a null module and the reason; made
  // once, when the first Go program runs (the page sets solvableSIMDWasm before that).
  let compiled = null;
  // A variant that cannot be had (a failed fetch) or compiled does not stop the next one.
  const compile = async () => {
    if (wanted.length === 0) return { module: null, name: "", reason: "turned off by the page (simd=off)" };
    const problems = [];
    for (const v of wanted) {
      try {
        const bytes = await bytesOf(v);
        if (bytes && WebAssembly.validate(bytes)) {
          return { module: await WebAssembly.compile(bytes), name: v.name, reason: "" };
        }
        problems.push(`${v.file}: ${bytes ? "this browser cannot run it" : "not given"}`);
      } catch (err) {
        problems.push(`${v.file}: ${String(err && err.message || err)}`);
      }
    }
    return { module: null, name: "", reason: "no SIMD kernels (" + problems.join("; ") + ")" };
  };

  const Base = Go;
  globalThis.Go = class extends Base {
    constructor() {
      super();
      let k = null; // this instance's kernels, once run() has made them
      let level = 0; // what available() answers: 0 none, 1 SIMD, 2 SIMD with fused multiply-add
      this.simd = { kernels: "", reason: "not started" };
      // Plain functions with fixed arities: no rest arrays on the hot path.
      this.importObject.solvable_simd = {
        available: () => level,
        dot: (x, y, n) => k.dot(x, y, n),
        axpy: (a, x, y, n) => k.axpy(a, x, y, n),
        mulrows: (a, m, rows, x, dst) => k.mulrows(a, m, rows, x, dst),
        accrows: (a, m, rows, x, acc) => k.accrows(a, m, rows, x, acc),
        mulnt: (A, B, m, n, p, C, s) => k.mulnt(A, B, m, n, p, C, s),
        mulnnadd: (A, B, m, n, p, C, s) => k.mulnnadd(A, B, m, n, p, C, s),
      };
      this._simdBind = (exports, fma) => { k = exports; level = fma ? 2 : 1; };
    }

    async run(instance) {
      const { module, name, reason } = await (compiled ||= compile());
      this.simd.reason = reason;
      if (module) {
        try {
          const inst = await WebAssembly.instantiate(module, { env: { memory: instance.exports.mem } });
          this._simdBind(inst.exports, name === "wasm-simd-fma");
          this.simd.kernels = name;
          this.simd.reason = "";
        } catch (err) {
          this.simd.reason = String(err && err.message || err);
        }
      }
      globalThis.solvableSIMDReason = this.simd.reason;
      return super.run(instance);
    }
  };
})();
