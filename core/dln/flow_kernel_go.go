package dln

// Plain-Go versions of the flow's products with X, four rows at a time so that each load of
// the d-vector serves four rows (the blocking of gonum's Dgemv). They are what js/wasm runs;
// natively flow_test.go checks them against the BLAS versions.

// flowMulXTGo sets z = X^T s.
func flowMulXTGo(X []float64, n, d int, s, z []float64) {
	z = z[:d]
	for i := range z {
		z[i] = 0
	}
	k := 0
	for ; k+4 <= n; k += 4 {
		r0, r1, r2, r3 := X[k*d:(k+1)*d], X[(k+1)*d:(k+2)*d], X[(k+2)*d:(k+3)*d], X[(k+3)*d:(k+4)*d]
		r0, r1, r2, r3 = r0[:d], r1[:d], r2[:d], r3[:d]
		a0, a1, a2, a3 := s[k], s[k+1], s[k+2], s[k+3]
		for i := range z {
			z[i] += a0*r0[i] + a1*r1[i] + a2*r2[i] + a3*r3[i]
		}
	}
	for ; k < n; k++ {
		r := X[k*d : (k+1)*d]
		r = r[:d]
		a := s[k]
		for i := range z {
			z[i] += a * r[i]
		}
	}
}

// flowMulXGo sets r = X b.
func flowMulXGo(X []float64, n, d int, b, r []float64) {
	b = b[:d]
	k := 0
	for ; k+4 <= n; k += 4 {
		r0, r1, r2, r3 := X[k*d:(k+1)*d], X[(k+1)*d:(k+2)*d], X[(k+2)*d:(k+3)*d], X[(k+3)*d:(k+4)*d]
		r0, r1, r2, r3 = r0[:d], r1[:d], r2[:d], r3[:d]
		var s0, s1, s2, s3 float64
		for i, v := range b {
			s0 += r0[i] * v
			s1 += r1[i] * v
			s2 += r2[i] * v
			s3 += r3[i] * v
		}
		r[k], r[k+1], r[k+2], r[k+3] = s0, s1, s2, s3
	}
	for ; k < n; k++ {
		row := X[k*d : (k+1)*d]
		row = row[:d]
		s := 0.0
		for i, v := range b {
			s += row[i] * v
		}
		r[k] = s
	}
}

// flowGramGo sets G = X diag(w) X^T (n x n, row-major, both triangles): for each row a the
// weighted row w ⊙ x_a is dotted with four rows b <= a per pass.
func flowGramGo(X []float64, n, d int, w, G []float64) {
	w = w[:d]
	for a := 0; a < n; a++ {
		ra := X[a*d : (a+1)*d]
		ra = ra[:d]
		b := 0
		for ; b+4 <= a+1; b += 4 {
			r0, r1, r2, r3 := X[b*d:(b+1)*d], X[(b+1)*d:(b+2)*d], X[(b+2)*d:(b+3)*d], X[(b+3)*d:(b+4)*d]
			r0, r1, r2, r3 = r0[:d], r1[:d], r2[:d], r3[:d]
			var s0, s1, s2, s3 float64
			for i, v := range w {
				u := v * ra[i]
				s0 += u * r0[i]
				s1 += u * r1[i]
				s2 += u * r2[i]
				s3 += u * r3[i]
			}
			G[a*n+b], G[a*n+b+1], G[a*n+b+2], G[a*n+b+3] = s0, s1, s2, s3
		}
		for ; b <= a; b++ {
			rb := X[b*d : (b+1)*d]
			rb = rb[:d]
			s := 0.0
			for i, v := range w {
				s += v * ra[i] * rb[i]
			}
			G[a*n+b] = s
		}
	}
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			G[a*n+b] = G[b*n+a]
		}
	}
}
