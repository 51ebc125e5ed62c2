//go:build !js

package sinkhorn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// The two matrix-vector products of Sinkhorn, on a block of rows [lo, hi) of the row-major
// n x m kernel. Natively they go through gonum's BLAS, whose Dgemv kernels are assembly on
// amd64 and work on four rows at a time, so each load of x or acc serves several rows: about
// 1.6x the speed of a row-by-row dot product or axpy at n = m = 1000. Under js/wasm the BLAS
// package would add 180 KB (brotli) to the download for what the plain loops of
// kernel_go.go do as fast, so that build uses them (kernel_js.go).

// mulRows sets dst[i] = sum_j k[i][j] x[j] for i in [lo, hi).
func mulRows(k []float64, m, lo, hi int, x, dst []float64) {
	if hi <= lo {
		return
	}
	a := blas64.General{Rows: hi - lo, Cols: m, Stride: m, Data: k[lo*m : hi*m]}
	blas64.Gemv(blas.NoTrans, 1, a, blas64.Vector{N: m, Inc: 1, Data: x},
		0, blas64.Vector{N: hi - lo, Inc: 1, Data: dst[lo:hi]})
}

// accumulateRows adds sum_{i in [lo, hi)} x[i] k[i][:] to acc.
func accumulateRows(k []float64, m, lo, hi int, x, acc []float64) {
	if hi <= lo {
		return
	}
	a := blas64.General{Rows: hi - lo, Cols: m, Stride: m, Data: k[lo*m : hi*m]}
	blas64.Gemv(blas.Trans, 1, a, blas64.Vector{N: hi - lo, Inc: 1, Data: x[lo:hi]},
		1, blas64.Vector{N: m, Inc: 1, Data: acc})
}
