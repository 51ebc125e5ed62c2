package linalg

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randSPD returns B B^T + shift I for B n x n standard normal, row-major.
func randSPD(rng *rand.Rand, n int, shift float64) []float64 {
	B := make([]float64, n*n)
	for i := range B {
		B[i] = rng.NormFloat64()
	}
	A := make([]float64, n*n)
	for i := range n {
		for j := 0; j <= i; j++ {
			s := 0.0
			for k := range n {
				s += B[i*n+k] * B[j*n+k]
			}
			A[i*n+j], A[j*n+i] = s, s
		}
		A[i*n+i] += shift
	}
	return A
}

func TestCholeskyAgainstGonum(t *testing.T) {
	// The factor against gonum/mat's Cholesky (an independent code) entry by entry, the solve
	// by its residual ||A x - b|| / (||A|| ||x||), and L z against gonum's L times z. Tolerance
	// 1e-12 relative: the matrices B B^T + I have condition numbers up to about 1e3 at n = 200,
	// and both codes are backward stable, so the factors agree to about cond * n * eps.
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{1, 2, 3, 5, 8, 31, 64, 200} {
		A := randSPD(rng, n, 1)
		var ch mat.Cholesky
		if !ch.Factorize(mat.NewSymDense(n, append([]float64(nil), A...))) {
			t.Fatalf("n = %d: gonum refused the matrix", n)
		}
		var Lg mat.TriDense
		ch.LTo(&Lg)
		Lf := append([]float64(nil), A...)
		if !Cholesky(Lf, n, 1e-13) {
			t.Fatalf("n = %d: Cholesky refused an SPD matrix", n)
		}
		scale := 0.0
		for i := range n {
			scale = math.Max(scale, Lg.At(i, i))
		}
		for i := range n {
			for j := 0; j <= i; j++ {
				if d := math.Abs(Lf[i*n+j] - Lg.At(i, j)); d > 1e-12*scale {
					t.Fatalf("n = %d: L[%d][%d] = %v, gonum %v", n, i, j, Lf[i*n+j], Lg.At(i, j))
				}
			}
		}
		b := make([]float64, n)
		for i := range b {
			b[i] = rng.NormFloat64()
		}
		x := append([]float64(nil), b...)
		CholSolve(Lf, n, x)
		anorm, xnorm, rnorm := 0.0, 0.0, 0.0
		for i := range n {
			r := -b[i]
			for j := range n {
				r += A[i*n+j] * x[j]
				anorm = math.Max(anorm, math.Abs(A[i*n+j]))
			}
			rnorm = math.Max(rnorm, math.Abs(r))
			xnorm = math.Max(xnorm, math.Abs(x[i]))
		}
		if rnorm > 1e-12*float64(n)*anorm*xnorm {
			t.Errorf("n = %d: solve residual %g (||A|| %g, ||x|| %g)", n, rnorm, anorm, xnorm)
		}
		z := make([]float64, n)
		for i := range z {
			z[i] = rng.NormFloat64()
		}
		got := make([]float64, n)
		LowerMulVec(Lf, n, z, got)
		var want mat.VecDense
		want.MulVec(&Lg, mat.NewVecDense(n, z))
		for i := range n {
			if d := math.Abs(got[i] - want.AtVec(i)); d > 1e-12*scale*float64(n) {
				t.Fatalf("n = %d: (L z)[%d] = %v, gonum %v", n, i, got[i], want.AtVec(i))
			}
		}
	}
}

func TestCholeskyRefuses(t *testing.T) {
	cases := []struct {
		name string
		a    []float64
		n    int
	}{
		{"singular [[1 1] [1 1]]", []float64{1, 1, 1, 1}, 2},
		{"indefinite [[1 2] [2 1]]", []float64{1, 2, 2, 1}, 2},
		{"zero", []float64{0}, 1},
		{"NaN diagonal", []float64{math.NaN(), 0, 0, 1}, 2},
		{"NaN off the diagonal", []float64{1, math.NaN(), math.NaN(), 1}, 2},
		// Rank one to rounding: the second pivot is 1 - (1 - 1e-15)^2 ~ 2e-15 < 1e-13.
		{"nearly singular", []float64{1, 1 - 1e-15, 1 - 1e-15, 1}, 2},
	}
	for _, c := range cases {
		if Cholesky(append([]float64(nil), c.a...), c.n, 1e-13) {
			t.Errorf("%s: Cholesky accepted it", c.name)
		}
	}
	if !Cholesky(nil, 0, 1e-13) {
		t.Error("the empty matrix should factor (trivially)")
	}
}

func BenchmarkCholesky400(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	A := randSPD(rng, 400, 1)
	L := make([]float64, len(A))
	for b.Loop() {
		copy(L, A)
		if !Cholesky(L, 400, 1e-13) {
			b.Fatal("refused")
		}
	}
}

func TestCholeskyRowsResumes(t *testing.T) {
	// Factoring in pieces gives the one-call factor bit for bit (the same operations in the same
	// order), and a singular matrix is refused in the piece where its zero pivot falls.
	rng := rand.New(rand.NewPCG(5, 6))
	n := 37
	A := randSPD(rng, n, 1)
	whole := append([]float64(nil), A...)
	if !Cholesky(whole, n, 1e-13) {
		t.Fatal("refused")
	}
	pieces := append([]float64(nil), A...)
	for _, r := range [][2]int{{0, 1}, {1, 10}, {10, 10}, {10, 36}, {36, 37}} {
		if !CholeskyRows(pieces, n, r[0], r[1], 1e-13) {
			t.Fatalf("rows %v refused", r)
		}
	}
	for i := range n {
		for j := 0; j <= i; j++ {
			if whole[i*n+j] != pieces[i*n+j] {
				t.Fatalf("L[%d][%d]: %v in one call, %v in pieces", i, j, whole[i*n+j], pieces[i*n+j])
			}
		}
	}
	// Row 2 equals row 1: the third pivot is 0.
	S := []float64{4, 2, 2, 2, 3, 3, 2, 3, 3}
	if !CholeskyRows(S, 3, 0, 2, 1e-13) || CholeskyRows(S, 3, 2, 3, 1e-13) {
		t.Error("the singular 3 x 3 matrix: want rows 0-1 accepted and row 2 refused")
	}
}

func TestCholSolveRowsAgainstGonum(t *testing.T) {
	// The m right-hand sides solved at once against gonum/mat's Cholesky solve of each column
	// (an independent code), to 1e-10 relative: the matrices B B^T + I of n <= 64 have condition
	// numbers below about 1e3.
	rng := rand.New(rand.NewPCG(5, 6))
	for _, sz := range [][2]int{{1, 1}, {3, 1}, {7, 4}, {32, 9}, {64, 3}} {
		n, m := sz[0], sz[1]
		A := randSPD(rng, n, 1)
		B := make([]float64, n*m)
		for i := range B {
			B[i] = rng.NormFloat64()
		}
		var ch mat.Cholesky
		if !ch.Factorize(mat.NewSymDense(n, append([]float64(nil), A...))) {
			t.Fatalf("n = %d: gonum refused the matrix", n)
		}
		L := append([]float64(nil), A...)
		if !Cholesky(L, n, 0) {
			t.Fatalf("n = %d: Cholesky refused the matrix", n)
		}
		X := append([]float64(nil), B...)
		CholSolveRows(L, n, X, m)
		for c := range m {
			col := mat.NewVecDense(n, nil)
			for i := range n {
				col.SetVec(i, B[i*m+c])
			}
			var want mat.VecDense
			if err := ch.SolveVecTo(&want, col); err != nil {
				t.Fatal(err)
			}
			for i := range n {
				if d := math.Abs(X[i*m+c] - want.AtVec(i)); d > 1e-10*(1+math.Abs(want.AtVec(i))) {
					t.Fatalf("n = %d, m = %d: x[%d][%d] = %g, gonum %g", n, m, i, c, X[i*m+c], want.AtVec(i))
				}
			}
		}
	}
}
