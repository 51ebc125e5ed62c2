// Package simd installs WebAssembly SIMD kernels as core/rowmat's dot, axpy, row-block and
// matrix products when the page that started the Go program provides them.
//
// The kernels are written as WebAssembly text (kernels.wat) and assembled by build.sh into
// simd.wasm (f64x2) and simd-fma.wasm (the same, with relaxed-SIMD fused multiply-adds in the
// matrix products). The kernel module has no memory of its own: assets/simd.js instantiates it
// with the Go instance's memory (instance.exports.mem), so the kernels work on Go's slices in
// place, and provides the import module "solvable_simd" through which Go calls them
// (//go:wasmimport). Measured under Node's V8 on the project's machine, such a call costs about
// 20 ns, against about 170 ns for the same call through syscall/js (js.Value.Invoke), which
// matters for Sinkhorn's 126 row-block calls per iteration at n = 1000.
//
// A page that loads a program linking this package must therefore load assets/simd.js after
// wasm_exec.js: without it the instance cannot be created (a LinkError, since the imports are
// missing). With it, but in a browser without WebAssembly SIMD or with ?simd=off, the kernels are
// reported unavailable and the plain Go loops stay.
//
// Everything but this comment is js && wasm only. The kernels are checked against the Go loops of
// core/rowmat in headless Chromium (bench.html?model=selftest, site/e2e/simd_test.go), on random
// sizes with odd lengths and unaligned starts, before and after the Go heap grows.
package simd
