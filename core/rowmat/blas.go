//go:build !js

package rowmat

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// builtin is the native build's set: gonum's BLAS (assembly on amd64) for the vector and
// matrix-vector kernels, the plain Go loops for the matrix products.
func builtin() Kernels {
	k := PureGo()
	k.Name = "blas"
	k.Dot, k.Axpy, k.MulRows, k.AccumulateRows = dotBLAS, axpyBLAS, mulRowsBLAS, accumulateRowsBLAS
	return k
}

func dotBLAS(x, y []float64) float64 {
	n := len(x)
	return blas64.Dot(blas64.Vector{N: n, Inc: 1, Data: x}, blas64.Vector{N: n, Inc: 1, Data: y[:n]})
}

func axpyBLAS(alpha float64, x, y []float64) {
	n := len(x)
	blas64.Axpy(alpha, blas64.Vector{N: n, Inc: 1, Data: x}, blas64.Vector{N: n, Inc: 1, Data: y[:n]})
}

// mulRowsBLAS sets dst[i] = sum_j a[i][j] x[j] for i in [lo, hi).
func mulRowsBLAS(a []float64, m, lo, hi int, x, dst []float64) {
	if hi <= lo {
		return
	}
	g := blas64.General{Rows: hi - lo, Cols: m, Stride: m, Data: a[lo*m : hi*m]}
	blas64.Gemv(blas.NoTrans, 1, g, blas64.Vector{N: m, Inc: 1, Data: x},
		0, blas64.Vector{N: hi - lo, Inc: 1, Data: dst[lo:hi]})
}

// accumulateRowsBLAS adds sum_{i in [lo, hi)} x[i] a[i][:] to acc.
func accumulateRowsBLAS(a []float64, m, lo, hi int, x, acc []float64) {
	if hi <= lo {
		return
	}
	g := blas64.General{Rows: hi - lo, Cols: m, Stride: m, Data: a[lo*m : hi*m]}
	blas64.Gemv(blas.Trans, 1, g, blas64.Vector{N: hi - lo, Inc: 1, Data: x[lo:hi]},
		1, blas64.Vector{N: m, Inc: 1, Data: acc})
}
