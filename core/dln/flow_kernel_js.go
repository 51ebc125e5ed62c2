//go:build js

package dln

// The plain-Go Gram product of flow_kernel_go.go (see flow_kernel_blas.go for why not BLAS here).

// flowGramScratch: flowGram needs no scratch slice (g may be nil).
const flowGramScratch = false

func flowGram(X []float64, n, d int, w, g, G []float64) { flowGramGo(X, n, d, w, G) }
