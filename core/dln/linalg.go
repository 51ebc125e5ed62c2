package dln

import "math"

// A small dense Cholesky for the n x n systems of the oracles (n is the number of equations,
// at most a few hundred here). Written out rather than taken from gonum/mat, which would add
// about half a megabyte (brotli) to the wasm binary.

// cholFactor overwrites the lower triangle of the symmetric n x n row-major matrix A with its
// Cholesky factor L (A = L L^T). It reports false when a pivot falls to or below
// relTol * max_i A_ii (singular or numerically singular A).
func cholFactor(A []float64, n int, relTol float64) ([]float64, bool) {
	scale := 0.0
	for i := 0; i < n; i++ {
		scale = math.Max(scale, A[i*n+i])
	}
	if !(scale > 0) || math.IsInf(scale, 0) {
		return A, false
	}
	floor := relTol * scale
	for j := 0; j < n; j++ {
		rj := A[j*n : j*n+j]
		s := A[j*n+j]
		for _, v := range rj {
			s -= v * v
		}
		if !(s > floor) {
			return A, false
		}
		ljj := math.Sqrt(s)
		A[j*n+j] = ljj
		for i := j + 1; i < n; i++ {
			ri := A[i*n : i*n+j]
			t := A[i*n+j]
			for k, v := range ri {
				t -= v * rj[k]
			}
			A[i*n+j] = t / ljj
		}
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			A[i*n+j] = 0
		}
	}
	return A, true
}

// cholSolve solves L L^T x = b in place (b becomes x), L from cholFactor.
func cholSolve(L []float64, n int, b []float64) {
	for i := 0; i < n; i++ {
		s := b[i]
		for k := 0; k < i; k++ {
			s -= L[i*n+k] * b[k]
		}
		b[i] = s / L[i*n+i]
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= L[k*n+i] * b[k]
		}
		b[i] = s / L[i*n+i]
	}
}
