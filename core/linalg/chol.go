package linalg

import (
	"fmt"
	"math"
)

// Cholesky overwrites the lower triangle of the symmetric positive definite row-major n x n
// matrix a with its factor L, a = L L^T (the strict upper triangle is left as it was and never
// read). It returns false when a pivot is at or below relTol times the largest diagonal entry
// of a, i.e. a is singular or indefinite to that precision (or has a NaN); a is then partly
// overwritten. It panics if len(a) < n*n.
func Cholesky(a []float64, n int, relTol float64) bool {
	return CholeskyRows(a, n, 0, n, relTol)
}

// CholeskyRows does the part of Cholesky that writes rows lo..hi-1 of L, reading the rows
// above lo as already factored: calling it on [0, k), [k, m), ..., [.., n) in turn gives
// Cholesky(a, n, relTol) exactly, so a long factorisation can be spread over several calls
// (row i costs about i^2/2 multiply-adds). The pivot floor is relTol times the largest diagonal
// entry of the original a, as in Cholesky: each call recovers it from the rows not yet factored
// (which still hold a's diagonal) and the rows already factored (whose squared norms are a's
// diagonal entries), so pass the same relTol every time.
func CholeskyRows(a []float64, n, lo, hi int, relTol float64) bool {
	if len(a) < n*n {
		panic(fmt.Sprintf("linalg: a %d x %d matrix needs %d entries, not %d", n, n, n*n, len(a)))
	}
	if lo < 0 || hi > n || lo > hi {
		panic(fmt.Sprintf("linalg: rows [%d, %d) of a %d x %d matrix", lo, hi, n, n))
	}
	if n == 0 {
		return true
	}
	floor := relTol * diagMax(a, n, lo)
	if !(floor >= 0) || math.IsInf(floor, 0) {
		return false
	}
	for i := lo; i < hi; i++ {
		ri := a[i*n : i*n+i+1]
		for j := 0; j < i; j++ {
			ri[j] = (ri[j] - dot(ri[:j], a[j*n:j*n+j])) / a[j*n+j]
		}
		s := ri[i] - dot(ri[:i], ri[:i])
		if !(s > floor) || !(s > 0) {
			return false
		}
		ri[i] = math.Sqrt(s)
	}
	return true
}

// diagMax returns the largest diagonal entry of the original matrix: a[i][i] for the rows not
// yet factored (i >= lo) and, for the rows already factored, the row's squared norm
// sum_k L[i][k]^2, which equals the original a[i][i].
func diagMax(a []float64, n, lo int) float64 {
	m := 0.0
	for i := range n {
		v := a[i*n+i]
		if i < lo {
			v = dot(a[i*n:i*n+i+1], a[i*n:i*n+i+1])
		}
		if math.IsNaN(v) {
			return math.NaN()
		}
		m = math.Max(m, v)
	}
	return m
}

// CholSolve solves L L^T x = b in place (b becomes x), with L the lower triangle written by
// Cholesky.
func CholSolve(l []float64, n int, b []float64) {
	b = b[:n]
	for i := range n {
		b[i] = (b[i] - dot(l[i*n:i*n+i], b[:i])) / l[i*n+i]
	}
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= l[k*n+i] * b[k]
		}
		b[i] = s / l[i*n+i]
	}
}

// CholSolveRows solves L L^T X = B in place (B becomes X) for the n x m row-major B, with L the
// lower triangle written by Cholesky: row operations, so m right-hand sides cost one pass over
// L (CholSolve is the m = 1 case, written as dot products).
func CholSolveRows(l []float64, n int, B []float64, m int) {
	for i := 0; i < n; i++ {
		xi := B[i*m : (i+1)*m]
		for k := 0; k < i; k++ {
			if v := l[i*n+k]; v != 0 {
				xk := B[k*m : (k+1)*m]
				for c := range xi {
					xi[c] -= v * xk[c]
				}
			}
		}
		inv := 1 / l[i*n+i]
		for c := range xi {
			xi[c] *= inv
		}
	}
	for i := n - 1; i >= 0; i-- {
		xi := B[i*m : (i+1)*m]
		for k := i + 1; k < n; k++ {
			if v := l[k*n+i]; v != 0 {
				xk := B[k*m : (k+1)*m]
				for c := range xi {
					xi[c] -= v * xk[c]
				}
			}
		}
		inv := 1 / l[i*n+i]
		for c := range xi {
			xi[c] *= inv
		}
	}
}

// LowerMulVec sets dst = L z for the lower triangle L written by Cholesky (dst and z must not
// overlap). With z independent standard normals, dst is a Gaussian vector with covariance
// L L^T.
func LowerMulVec(l []float64, n int, z, dst []float64) {
	z = z[:n]
	for i := range n {
		dst[i] = dot(l[i*n:i*n+i+1], z[:i+1])
	}
}

// dot returns sum_k x[k] y[k] over len(x) terms with four partial sums (the loop the
// factorisation spends its time in).
func dot(x, y []float64) float64 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	k := 0
	for ; k+4 <= len(x); k += 4 {
		s0 += x[k] * y[k]
		s1 += x[k+1] * y[k+1]
		s2 += x[k+2] * y[k+2]
		s3 += x[k+3] * y[k+3]
	}
	for ; k < len(x); k++ {
		s0 += x[k] * y[k]
	}
	return (s0 + s1) + (s2 + s3)
}
