package ode

import "math"

// A small dense LU factorisation with partial pivoting for the n x n Newton matrices
// I - c J. Written out rather than taken from gonum/mat, which would add about half a
// megabyte (brotli) to the wasm binary; n is at most a few hundred here.

// lu is the factorisation P A = L U of a row-major n x n matrix, stored in place: the strict
// lower triangle of a holds L (unit diagonal), the upper triangle U; row i of P A is row
// piv[i] of A.
type lu struct {
	n   int
	a   []float64
	piv []int
}

func newLU(n int) lu { return lu{n: n, a: make([]float64, n*n), piv: make([]int, n)} }

// factor factorises the matrix held in f.a in place. It reports false when a pivot is zero
// or not finite (the matrix is singular to working precision or holds NaN/Inf).
func (f *lu) factor() bool {
	n, a := f.n, f.a
	for i := range f.piv {
		f.piv[i] = i
	}
	for k := 0; k < n; k++ {
		// Pivot: the largest |a[i][k]| for i >= k.
		p, best := k, math.Abs(a[k*n+k])
		for i := k + 1; i < n; i++ {
			if v := math.Abs(a[i*n+k]); v > best {
				p, best = i, v
			}
		}
		if !(best > 0) || math.IsInf(best, 0) {
			return false
		}
		if p != k {
			rp, rk := a[p*n:(p+1)*n], a[k*n:(k+1)*n]
			for j := range rk {
				rp[j], rk[j] = rk[j], rp[j]
			}
			f.piv[k], f.piv[p] = f.piv[p], f.piv[k]
		}
		inv := 1 / a[k*n+k]
		rk := a[k*n+k+1 : (k+1)*n]
		// Rank-one update of the trailing rows, four rows per pass over the pivot row.
		i := k + 1
		for ; i+4 <= n; i += 4 {
			r0 := a[i*n+k+1 : (i+1)*n]
			r1 := a[(i+1)*n+k+1 : (i+2)*n]
			r2 := a[(i+2)*n+k+1 : (i+3)*n]
			r3 := a[(i+3)*n+k+1 : (i+4)*n]
			r0, r1, r2, r3 = r0[:len(rk)], r1[:len(rk)], r2[:len(rk)], r3[:len(rk)]
			l0, l1, l2, l3 := a[i*n+k]*inv, a[(i+1)*n+k]*inv, a[(i+2)*n+k]*inv, a[(i+3)*n+k]*inv
			a[i*n+k], a[(i+1)*n+k], a[(i+2)*n+k], a[(i+3)*n+k] = l0, l1, l2, l3
			for j, v := range rk {
				r0[j] -= l0 * v
				r1[j] -= l1 * v
				r2[j] -= l2 * v
				r3[j] -= l3 * v
			}
		}
		for ; i < n; i++ {
			r := a[i*n+k+1 : (i+1)*n]
			r = r[:len(rk)]
			l := a[i*n+k] * inv
			a[i*n+k] = l
			for j, v := range rk {
				r[j] -= l * v
			}
		}
	}
	return true
}

// solve overwrites b with the solution x of A x = b, using tmp (length n) as scratch.
func (f *lu) solve(b, tmp []float64) {
	n, a := f.n, f.a
	x := tmp[:n]
	for i, p := range f.piv {
		x[i] = b[p]
	}
	// L y = P b (unit lower triangular).
	for i := 1; i < n; i++ {
		x[i] -= dot(a[i*n:i*n+i], x[:i])
	}
	// U x = y.
	for i := n - 1; i >= 0; i-- {
		x[i] = (x[i] - dot(a[i*n+i+1:(i+1)*n], x[i+1:n])) / a[i*n+i]
	}
	copy(b, x)
}

// dot is sum_i a_i b_i with four partial sums, so that the additions do not wait on each
// other (a single running sum is bound by the latency of one addition per term).
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}
