//go:build js

package rowmat

// builtin is the js/wasm build's own set: the plain Go loops (gonum's BLAS would add about
// 180 KB brotli to the download and has no assembly there). wasm/simd replaces them with
// WebAssembly SIMD kernels through Use when the browser has those.
func builtin() Kernels { return PureGo() }
