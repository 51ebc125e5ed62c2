// Package rowmat computes the two matrix-vector products every solver here is built on, on a
// block of rows [lo, hi) of a row-major matrix with m columns: dst = A x and acc += A^T x.
//
// Natively they go through gonum's BLAS (blas.go), whose Dgemv kernels are assembly on amd64
// and work on four rows at a time, so each load of x or acc serves several rows: about 1.6x the
// speed of a row-by-row dot product or axpy at 1000 x 1000. Under js/wasm the BLAS package would
// add about 180 KB (brotli) to the download for what the plain loops below do as fast, so that
// build uses them (js.go). The tests check both against a textbook double loop.
package rowmat

// mulRowsGo sets dst[i] = sum_j a[i][j] x[j] for i in [lo, hi), four rows at a time.
func mulRowsGo(a []float64, m, lo, hi int, x, dst []float64) {
	x = x[:m]
	i := lo
	for ; i+4 <= hi; i += 4 {
		r0, r1, r2, r3 := a[i*m:(i+1)*m], a[(i+1)*m:(i+2)*m], a[(i+2)*m:(i+3)*m], a[(i+3)*m:(i+4)*m]
		var s0, s1, s2, s3 float64
		for j, xj := range x {
			s0 += r0[j] * xj
			s1 += r1[j] * xj
			s2 += r2[j] * xj
			s3 += r3[j] * xj
		}
		dst[i], dst[i+1], dst[i+2], dst[i+3] = s0, s1, s2, s3
	}
	for ; i < hi; i++ {
		r := a[i*m : (i+1)*m]
		s := 0.0
		for j, xj := range x {
			s += r[j] * xj
		}
		dst[i] = s
	}
}

// accumulateRowsGo adds sum_{i in [lo, hi)} x[i] a[i][:] to acc, four rows at a time.
func accumulateRowsGo(a []float64, m, lo, hi int, x, acc []float64) {
	acc = acc[:m]
	i := lo
	for ; i+4 <= hi; i += 4 {
		r0, r1, r2, r3 := a[i*m:(i+1)*m], a[(i+1)*m:(i+2)*m], a[(i+2)*m:(i+3)*m], a[(i+3)*m:(i+4)*m]
		a0, a1, a2, a3 := x[i], x[i+1], x[i+2], x[i+3]
		for j := range acc {
			acc[j] += a0*r0[j] + a1*r1[j] + a2*r2[j] + a3*r3[j]
		}
	}
	for ; i < hi; i++ {
		r := a[i*m : (i+1)*m]
		ai := x[i]
		for j := range acc {
			acc[j] += ai * r[j]
		}
	}
}
