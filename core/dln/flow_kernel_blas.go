//go:build !js

package dln

import (
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// The Jacobian's Gram product of the reduced flow (spec §1.2), X diag(w) X^T. Natively it goes
// through gonum's BLAS Dsyrk (assembly on amd64); under js/wasm the BLAS package would add
// about 180 KB (brotli) to the download, so that build uses the plain four-row loop of
// flow_kernel_go.go (flow_kernel_js.go), checked against this one in flow_test.go. The flow's
// matrix-vector products come from core/rowmat.

// flowGramScratch: flowGram needs an n*d scratch slice.
const flowGramScratch = true

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
