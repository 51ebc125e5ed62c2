//go:build !js

package rowmat

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// MulRows sets dst[i] = sum_j a[i][j] x[j] for i in [lo, hi).
func MulRows(a []float64, m, lo, hi int, x, dst []float64) {
	if hi <= lo {
		return
	}
	g := blas64.General{Rows: hi - lo, Cols: m, Stride: m, Data: a[lo*m : hi*m]}
	blas64.Gemv(blas.NoTrans, 1, g, blas64.Vector{N: m, Inc: 1, Data: x},
		0, blas64.Vector{N: hi - lo, Inc: 1, Data: dst[lo:hi]})
}

// AccumulateRows adds sum_{i in [lo, hi)} x[i] a[i][:] to acc.
func AccumulateRows(a []float64, m, lo, hi int, x, acc []float64) {
	if hi <= lo {
		return
	}
	g := blas64.General{Rows: hi - lo, Cols: m, Stride: m, Data: a[lo*m : hi*m]}
	blas64.Gemv(blas.Trans, 1, g, blas64.Vector{N: hi - lo, Inc: 1, Data: x[lo:hi]},
		1, blas64.Vector{N: m, Inc: 1, Data: acc})
}
