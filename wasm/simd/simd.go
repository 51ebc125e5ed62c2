//go:build js && wasm

package simd

import (
	"unsafe"

	"solvable/core/rowmat"
)

// The imports of assets/simd.js. Pointers are byte addresses in the Go instance's memory.

//go:wasmimport solvable_simd available
func available() int32

//go:wasmimport solvable_simd dot
func wdot(x, y unsafe.Pointer, n int32) float64

//go:wasmimport solvable_simd axpy
func waxpy(alpha float64, x, y unsafe.Pointer, n int32)

//go:wasmimport solvable_simd mulrows
func wmulrows(a unsafe.Pointer, m, rows int32, x, dst unsafe.Pointer)

//go:wasmimport solvable_simd accrows
func waccrows(a unsafe.Pointer, m, rows int32, x, acc unsafe.Pointer)

//go:wasmimport solvable_simd mulnt
func wmulnt(A, B unsafe.Pointer, m, n, p int32, C, scratch unsafe.Pointer)

//go:wasmimport solvable_simd mulnnadd
func wmulnnadd(A, B unsafe.Pointer, m, n, p int32, C, scratch unsafe.Pointer)

// Available reports whether the page instantiated the SIMD kernels.
func Available() bool { return available() > 0 }

// Name names the kernels in rowmat.Active().Name once Install has succeeded: "wasm-simd-fma"
// where the browser has relaxed SIMD (the matrix products use fused multiply-adds), else
// "wasm-simd"; "" if there are none.
func Name() string {
	switch available() {
	case 1:
		return "wasm-simd"
	case 2:
		return "wasm-simd-fma"
	}
	return ""
}

// Install makes the SIMD kernels core/rowmat's if they are available, and reports whether it
// did. Call it once, at the start of the program.
func Install() bool {
	if !Available() {
		return false
	}
	rowmat.Use(Kernels())
	return true
}

// Kernels returns the SIMD kernel set (whether or not it is available: calling one that is
// not panics in JavaScript). Install is the way to use it; tests compare it with rowmat.PureGo.
func Kernels() rowmat.Kernels {
	return rowmat.Kernels{Name: Name(), Dot: Dot, Axpy: Axpy, MulRows: MulRows, AccumulateRows: AccumulateRows,
		MulNT: MulNT, MulNNAdd: MulNNAdd}
}

// ptr is the address of s[0]; s must not be empty.
func ptr(s []float64) unsafe.Pointer { return unsafe.Pointer(unsafe.SliceData(s)) }

// The wrappers slice their arguments to the lengths the kernel will touch first, so a short
// slice panics in Go, as the Go loops would, instead of letting the kernel read or write
// beyond it.

// Dot returns sum_i x[i] y[i]; y must be at least as long as x.
func Dot(x, y []float64) float64 {
	n := len(x)
	if n == 0 {
		return 0
	}
	y = y[:n]
	return wdot(ptr(x), ptr(y), int32(n))
}

// Axpy adds alpha x[i] to y[i].
func Axpy(alpha float64, x, y []float64) {
	n := len(x)
	if n == 0 {
		return
	}
	y = y[:n]
	waxpy(alpha, ptr(x), ptr(y), int32(n))
}

// MulRows sets dst[i] = sum_j a[i][j] x[j] for i in [lo, hi).
func MulRows(a []float64, m, lo, hi int, x, dst []float64) {
	if hi <= lo {
		return
	}
	a, dst = a[lo*m:hi*m], dst[lo:hi]
	if m == 0 {
		clear(dst)
		return
	}
	x = x[:m]
	wmulrows(ptr(a), int32(m), int32(hi-lo), ptr(x), ptr(dst))
}

// AccumulateRows adds sum_{i in [lo, hi)} x[i] a[i][:] to acc.
func AccumulateRows(a []float64, m, lo, hi int, x, acc []float64) {
	if hi <= lo || m == 0 {
		return
	}
	a, x, acc = a[lo*m:hi*m], x[lo:hi], acc[:m]
	waccrows(ptr(a), int32(m), int32(hi-lo), ptr(x), ptr(acc))
}

// scratch is the matrix products' workspace: a p x 8 panel of B and an m x 8 block of C. The
// program is single-threaded under js/wasm, so one buffer serves every call.
var scratch []float64

func work(m, p int) unsafe.Pointer {
	if need := 8 * (m + p); len(scratch) < need {
		scratch = make([]float64, need+need/4)
	}
	return ptr(scratch)
}

// MulNT sets C = A B^T for the m x p A, the n x p B and the m x n C (row-major).
func MulNT(A, B []float64, m, n, p int, C []float64) {
	if m == 0 || n == 0 {
		return
	}
	C = C[:m*n]
	if p == 0 {
		clear(C)
		return
	}
	A, B = A[:m*p], B[:n*p]
	if n == 1 { // a column: C[i] = A_i . B_0, the row-block product (the network's output layer)
		wmulrows(ptr(A), int32(p), int32(m), ptr(B), ptr(C))
		return
	}
	wmulnt(ptr(A), ptr(B), int32(m), int32(n), int32(p), ptr(C), work(m, p))
}

// MulNNAdd adds A B to C for the m x p A, the p x n B and the m x n C (row-major).
func MulNNAdd(A, B []float64, m, n, p int, C []float64) {
	if m == 0 || n == 0 || p == 0 {
		return
	}
	A, B, C = A[:m*p], B[:p*n], C[:m*n]
	if m == 1 || p < 4 {
		// Row by row, C_i += sum_q A[i][q] B_q is the row-block accumulation: better than
		// panels for one row of C (the output layer's J^T r) or a sum of fewer than four terms
		// (the backward pass through the output layer), where a panel would hold little.
		for i := 0; i < m; i++ {
			waccrows(ptr(B), int32(n), int32(p), ptr(A[i*p:]), ptr(C[i*n:]))
		}
		return
	}
	wmulnnadd(ptr(A), ptr(B), int32(m), int32(n), int32(p), ptr(C), work(m, p))
}
