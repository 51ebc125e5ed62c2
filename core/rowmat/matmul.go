package rowmat

// The plain Go matrix products, with 4 x 4 register blocks (each load serves four products).
// They moved here from core/ntk, which calls them through MulNT and MulNNAdd.

// mulNTGo sets C[i][j] = sum_q A[i][q] B[j][q] for the m x p A, the n x p B and the m x n C.
func mulNTGo(A, B []float64, m, n, p int, C []float64) {
	A, B, C = A[:m*p], B[:n*p], C[:m*n]
	i := 0
	for ; i+4 <= m; i += 4 {
		a0, a1, a2, a3 := A[i*p:(i+1)*p], A[(i+1)*p:(i+2)*p], A[(i+2)*p:(i+3)*p], A[(i+3)*p:(i+4)*p]
		j := 0
		for ; j+4 <= n; j += 4 {
			b0, b1, b2, b3 := B[j*p:(j+1)*p], B[(j+1)*p:(j+2)*p], B[(j+2)*p:(j+3)*p], B[(j+3)*p:(j+4)*p]
			var c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33 float64
			for q := range a0 {
				x0, x1, x2, x3 := a0[q], a1[q], a2[q], a3[q]
				y0, y1, y2, y3 := b0[q], b1[q], b2[q], b3[q]
				c00 += x0 * y0
				c01 += x0 * y1
				c02 += x0 * y2
				c03 += x0 * y3
				c10 += x1 * y0
				c11 += x1 * y1
				c12 += x1 * y2
				c13 += x1 * y3
				c20 += x2 * y0
				c21 += x2 * y1
				c22 += x2 * y2
				c23 += x2 * y3
				c30 += x3 * y0
				c31 += x3 * y1
				c32 += x3 * y2
				c33 += x3 * y3
			}
			C[i*n+j], C[i*n+j+1], C[i*n+j+2], C[i*n+j+3] = c00, c01, c02, c03
			C[(i+1)*n+j], C[(i+1)*n+j+1], C[(i+1)*n+j+2], C[(i+1)*n+j+3] = c10, c11, c12, c13
			C[(i+2)*n+j], C[(i+2)*n+j+1], C[(i+2)*n+j+2], C[(i+2)*n+j+3] = c20, c21, c22, c23
			C[(i+3)*n+j], C[(i+3)*n+j+1], C[(i+3)*n+j+2], C[(i+3)*n+j+3] = c30, c31, c32, c33
		}
		for ; j < n; j++ {
			b := B[j*p : (j+1)*p]
			C[i*n+j], C[(i+1)*n+j], C[(i+2)*n+j], C[(i+3)*n+j] = dotGo(a0, b), dotGo(a1, b), dotGo(a2, b), dotGo(a3, b)
		}
	}
	for ; i < m; i++ {
		a := A[i*p : (i+1)*p]
		for j := 0; j < n; j++ {
			C[i*n+j] = dotGo(a, B[j*p:(j+1)*p])
		}
	}
}

// mulNNAddGo adds to the m x n C the product of the m x p A and the p x n B.
func mulNNAddGo(A, B []float64, m, n, p int, C []float64) {
	A, B, C = A[:m*p], B[:p*n], C[:m*n]
	i := 0
	for ; i+4 <= m; i += 4 {
		c0, c1, c2, c3 := C[i*n:(i+1)*n], C[(i+1)*n:(i+2)*n], C[(i+2)*n:(i+3)*n], C[(i+3)*n:(i+4)*n]
		q := 0
		for ; q+4 <= p; q += 4 {
			b0, b1, b2, b3 := B[q*n:(q+1)*n], B[(q+1)*n:(q+2)*n], B[(q+2)*n:(q+3)*n], B[(q+3)*n:(q+4)*n]
			a00, a01, a02, a03 := A[i*p+q], A[i*p+q+1], A[i*p+q+2], A[i*p+q+3]
			a10, a11, a12, a13 := A[(i+1)*p+q], A[(i+1)*p+q+1], A[(i+1)*p+q+2], A[(i+1)*p+q+3]
			a20, a21, a22, a23 := A[(i+2)*p+q], A[(i+2)*p+q+1], A[(i+2)*p+q+2], A[(i+2)*p+q+3]
			a30, a31, a32, a33 := A[(i+3)*p+q], A[(i+3)*p+q+1], A[(i+3)*p+q+2], A[(i+3)*p+q+3]
			for j := range c0 {
				y0, y1, y2, y3 := b0[j], b1[j], b2[j], b3[j]
				c0[j] += a00*y0 + a01*y1 + a02*y2 + a03*y3
				c1[j] += a10*y0 + a11*y1 + a12*y2 + a13*y3
				c2[j] += a20*y0 + a21*y1 + a22*y2 + a23*y3
				c3[j] += a30*y0 + a31*y1 + a32*y2 + a33*y3
			}
		}
		for ; q < p; q++ {
			b := B[q*n : (q+1)*n]
			a0, a1, a2, a3 := A[i*p+q], A[(i+1)*p+q], A[(i+2)*p+q], A[(i+3)*p+q]
			for j, y := range b {
				c0[j] += a0 * y
				c1[j] += a1 * y
				c2[j] += a2 * y
				c3[j] += a3 * y
			}
		}
	}
	for ; i < m; i++ {
		c := C[i*n : (i+1)*n]
		for q := 0; q < p; q++ {
			a := A[i*p+q]
			for j, y := range B[q*n : (q+1)*n] {
				c[j] += a * y
			}
		}
	}
}
