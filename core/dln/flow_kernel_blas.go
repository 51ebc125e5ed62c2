//go:build !js

package dln

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// The three products of the reduced flow (spec §1.2) with the row-major n x d matrix X.
// Natively they go through gonum's BLAS, whose Dgemv and Dsyrk kernels are assembly on amd64;
// under js/wasm the BLAS package would add about 180 KB (brotli) to the download, so that
// build uses the plain four-row loops of flow_kernel_go.go (flow_kernel_js.go), which are
// checked against these in flow_test.go.

// flowGramScratch: flowGram needs an n*d scratch slice.
const flowGramScratch = true

// flowMulXT sets z = X^T s.
func flowMulXT(X []float64, n, d int, s, z []float64) {
	blas64.Gemv(blas.Trans, 1, blas64.General{Rows: n, Cols: d, Stride: d, Data: X[:n*d]},
		blas64.Vector{N: n, Inc: 1, Data: s}, 0, blas64.Vector{N: d, Inc: 1, Data: z})
}

// flowMulX sets r = X b.
func flowMulX(X []float64, n, d int, b, r []float64) {
	blas64.Gemv(blas.NoTrans, 1, blas64.General{Rows: n, Cols: d, Stride: d, Data: X[:n*d]},
		blas64.Vector{N: d, Inc: 1, Data: b}, 0, blas64.Vector{N: n, Inc: 1, Data: r})
}

// flowGram sets G = X diag(w) X^T (n x n, row-major, both triangles) for w >= 0, using g
// (n*d) as scratch for X diag(sqrt w).
func flowGram(X []float64, n, d int, w, g, G []float64) {
	for i := range w[:d] {
		w[i] = math.Sqrt(w[i])
	}
	for k := 0; k < n; k++ {
		xr, gr := X[k*d:(k+1)*d], g[k*d:(k+1)*d]
		for i, v := range w[:d] {
			gr[i] = xr[i] * v
		}
	}
	blas64.Syrk(blas.NoTrans, 1, blas64.General{Rows: n, Cols: d, Stride: d, Data: g[:n*d]},
		0, blas64.Symmetric{Uplo: blas.Upper, N: n, Stride: n, Data: G[:n*n]})
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			G[b*n+a] = G[a*n+b]
		}
	}
}
