package dln

// The plain-Go Gram product, four rows at a time so that each load of the weighted row serves
// four rows. It is what js/wasm runs; natively flow_test.go checks it against the BLAS version.

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
