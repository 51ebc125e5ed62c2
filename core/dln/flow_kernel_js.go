//go:build js

package dln

// The plain-Go products of flow_kernel_go.go (see flow_kernel_blas.go for why not BLAS here).

// flowGramScratch: flowGram needs no scratch slice (g may be nil).
const flowGramScratch = false

func flowMulXT(X []float64, n, d int, s, z []float64) { flowMulXTGo(X, n, d, s, z) }

func flowMulX(X []float64, n, d int, b, r []float64) { flowMulXGo(X, n, d, b, r) }

func flowGram(X []float64, n, d int, w, g, G []float64) { flowGramGo(X, n, d, w, G) }
