package sinkhorn

// Plain-Go versions of the kernel products, four rows at a time like gonum's Dgemv so that
// each load of x (or of acc) serves four rows. They are what js/wasm runs, and natively they
// are checked against the BLAS versions.

// mulRowsGo sets dst[i] = sum_j k[i][j] x[j] for i in [lo, hi).
func mulRowsGo(k []float64, m, lo, hi int, x, dst []float64) {
	x = x[:m]
	i := lo
	for ; i+4 <= hi; i += 4 {
		r0, r1, r2, r3 := k[i*m:(i+1)*m], k[(i+1)*m:(i+2)*m], k[(i+2)*m:(i+3)*m], k[(i+3)*m:(i+4)*m]
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
		r := k[i*m : (i+1)*m]
		s := 0.0
		for j, xj := range x {
			s += r[j] * xj
		}
		dst[i] = s
	}
}

// accumulateRowsGo adds sum_{i in [lo, hi)} x[i] k[i][:] to acc.
func accumulateRowsGo(k []float64, m, lo, hi int, x, acc []float64) {
	acc = acc[:m]
	i := lo
	for ; i+4 <= hi; i += 4 {
		r0, r1, r2, r3 := k[i*m:(i+1)*m], k[(i+1)*m:(i+2)*m], k[(i+2)*m:(i+3)*m], k[(i+3)*m:(i+4)*m]
		a0, a1, a2, a3 := x[i], x[i+1], x[i+2], x[i+3]
		for j := range acc {
			acc[j] += a0*r0[j] + a1*r1[j] + a2*r2[j] + a3*r3[j]
		}
	}
	for ; i < hi; i++ {
		r := k[i*m : (i+1)*m]
		a := x[i]
		for j := range acc {
			acc[j] += a * r[j]
		}
	}
}
