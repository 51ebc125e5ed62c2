package ntk

import (
	"math"
	"math/rand/v2"
	"sort"
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

func rows(A []float64, n int) [][]float64 {
	M := make([][]float64, len(A)/n)
	for i := range M {
		M[i] = append([]float64(nil), A[i*n:(i+1)*n]...)
	}
	return M
}

func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, math.Abs(x))
	}
	return m
}

func TestSymEigenAgainstGonum(t *testing.T) {
	// The eigenvalues of random SPD matrices (B B^T + I, and B B^T, which is nearly singular
	// at n = 256) against gonum/mat's EigenSym (LAPACK dsyevr-style, an independent code), to
	// 1e-12 of lambda_max; the eigenvectors by the residual ||A V - V Lambda|| and the
	// orthogonality ||V^T V - I||, both to 1e-12 (relative to lambda_max for the first), and
	// against gonum's vectors up to sign where the eigenvalue gap exceeds 1e-3 lambda_max.
	rng := rand.New(rand.NewPCG(1, 2))
	worst := [4]float64{}
	for _, n := range []int{1, 2, 3, 7, 30, 100, 256} {
		for _, shift := range []float64{1, 0} {
			A := randSPD(rng, n, shift)
			S := mat.NewSymDense(n, append([]float64(nil), A...))
			var es mat.EigenSym
			if !es.Factorize(S, true) {
				t.Fatal("gonum EigenSym failed")
			}
			gv := es.Values(nil) // ascending
			var gV mat.Dense
			es.VectorsTo(&gV)

			lam, vt, err := symEigen(append([]float64(nil), A...), n, true)
			if err != nil {
				t.Fatal(err)
			}
			lmax := math.Abs(gv[n-1])
			var dval, dres, dorth, dvec float64
			for k := range n {
				dval = math.Max(dval, math.Abs(lam[k]-gv[k])/lmax)
				v := vt[k*n : (k+1)*n]
				for i := range n {
					s := 0.0
					for j := range n {
						s += A[i*n+j] * v[j]
					}
					dres = math.Max(dres, math.Abs(s-lam[k]*v[i])/lmax)
				}
				for k2 := range n {
					s := 0.0
					for i := range n {
						s += v[i] * vt[k2*n+i]
					}
					if k2 == k {
						s--
					}
					dorth = math.Max(dorth, math.Abs(s))
				}
				gap := math.Inf(1)
				if k > 0 {
					gap = gv[k] - gv[k-1]
				}
				if k < n-1 {
					gap = math.Min(gap, gv[k+1]-gv[k])
				}
				if gap > 1e-3*lmax {
					dot := 0.0
					for i := range n {
						dot += v[i] * gV.At(i, k)
					}
					sgn := math.Copysign(1, dot)
					for i := range n {
						dvec = math.Max(dvec, math.Abs(v[i]-sgn*gV.At(i, k)))
					}
				}
			}
			if dval > 1e-12 || dres > 1e-12 || dorth > 1e-12 || dvec > 1e-10 {
				t.Errorf("n = %d, shift %g: eigenvalues %.2g, residual %.2g, orthogonality %.2g, vectors %.2g", n, shift, dval, dres, dorth, dvec)
			}
			for i, d := range []float64{dval, dres, dorth, dvec} {
				worst[i] = math.Max(worst[i], d)
			}
		}
	}
	t.Logf("worst over n = 1..256: eigenvalues %.2g, residual %.2g, orthogonality %.2g, separated vectors %.2g", worst[0], worst[1], worst[2], worst[3])

	// Matrices with exactly known spectra: the zero matrix, the identity (all eigenvalues
	// equal), a diagonal one, and the second-difference matrix tridiag(-1, 2, -1), whose
	// eigenvalues are 2 - 2 cos(k pi/(n+1)) (a textbook result).
	n := 40
	Z := make([]float64, n*n)
	if lam, _, err := symEigen(Z, n, true); err != nil || maxAbs(lam) != 0 {
		t.Errorf("zero matrix: %v, %v", lam, err)
	}
	I := make([]float64, n*n)
	D := make([]float64, n*n)
	T := make([]float64, n*n)
	for i := range n {
		I[i*n+i] = 1
		D[i*n+i] = float64((i*7)%n) - 3
		T[i*n+i] = 2
		if i+1 < n {
			T[i*n+i+1], T[(i+1)*n+i] = -1, -1
		}
	}
	if lam, _, _ := symEigen(I, n, true); math.Abs(lam[0]-1) > 1e-15 || math.Abs(lam[n-1]-1) > 1e-15 {
		t.Errorf("identity: eigenvalues from %g to %g", lam[0], lam[n-1])
	}
	lam, _, _ := symEigen(D, n, true)
	for k := range n {
		if lam[k] != float64(k)-3 {
			t.Errorf("diagonal: eigenvalue %d is %g, want %d", k, lam[k], k-3)
		}
	}
	lam, _, _ = symEigen(T, n, false)
	want := make([]float64, n)
	for k := range n {
		want[k] = 2 - 2*math.Cos(float64(k+1)*math.Pi/float64(n+1))
	}
	sort.Float64s(want)
	for k := range n {
		if math.Abs(lam[k]-want[k]) > 1e-14*4 {
			t.Errorf("tridiag(-1,2,-1): eigenvalue %d is %.17g, want %.17g", k, lam[k], want[k])
		}
	}
}

// problem is a small regression problem on the circle: N training angles, T test angles,
// targets sin(2 th) + cos(th)/2, the NTK of arch, and a pretend f0 (small deterministic values).
type problem struct {
	theta, thetaTest [][]float64
	y, f0, f0Test    []float64
}

func circleProblem(a Arch, N, T int, seed uint64) problem {
	rng := rand.New(rand.NewPCG(seed, 7))
	var p problem
	X := make([][]float64, N)
	for i := range X {
		th := 2 * math.Pi * (float64(i) + 0.3*rng.Float64()) / float64(N)
		X[i] = circle(th, 2)
		p.y = append(p.y, math.Sin(2*th)+math.Cos(th)/2)
		p.f0 = append(p.f0, 0.3*rng.NormFloat64())
	}
	Xt := make([][]float64, T)
	for i := range Xt {
		Xt[i] = circle(2*math.Pi*(float64(i)+0.5)/float64(T), 2)
		p.f0Test = append(p.f0Test, 0.3*rng.NormFloat64())
	}
	p.theta, _ = a.Gram(X, X)
	p.thetaTest, _ = a.Gram(Xt, X)
	return p
}

func dense(M [][]float64) *mat.Dense {
	D := mat.NewDense(len(M), len(M[0]), nil)
	for i, r := range M {
		D.SetRow(i, r)
	}
	return D
}

func relDiff(a, b []float64) float64 {
	d := 0.0
	for i := range a {
		d = math.Max(d, math.Abs(a[i]-b[i]))
	}
	return d / math.Max(maxAbs(b), 1e-300)
}

func TestLinearizedLimits(t *testing.T) {
	// t = 0 gives f0 exactly; t = +Inf gives y on the
	// training set and f0(x) + Theta(x,X) Theta^{-1} (y - f0(X)) on the test points (spec §1.3),
	// computed independently by KernelRegression (Cholesky) on the residual, to 1e-10.
	a := Arch{Depth: 3, SigmaW2: 2, SigmaB2: 0.1}
	p := circleProblem(a, 16, 50, 1)
	l, err := NewLinearized(p.theta, p.thetaTest, p.y, p.f0, p.f0Test, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	tr, te := l.At(0)
	if d := relDiff(tr, p.f0); d != 0 {
		t.Errorf("At(0) train differs from f0 by %.2g", d)
	}
	if d := relDiff(te, p.f0Test); d != 0 {
		t.Errorf("At(0) test differs from f0 by %.2g", d)
	}
	res := make([]float64, len(p.y))
	for i := range res {
		res[i] = p.y[i] - p.f0[i]
	}
	kr, err := KernelRegression(p.theta, p.thetaTest, res, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range kr {
		kr[i] += p.f0Test[i]
	}
	lam := l.Eigenvalues()
	for _, tt := range []float64{math.Inf(1), 1e4 / (0.1 * lam[0])} {
		tr, te = l.At(tt)
		dtr, dte := relDiff(tr, p.y), relDiff(te, kr)
		if dtr > 1e-10 || dte > 1e-10 {
			t.Errorf("t = %g: train differs from y by %.2g, test from kernel regression by %.2g", tt, dtr, dte)
		}
		t.Logf("t = %g (cond(Theta) = %.3g): train - y %.2g, test - kernel regression %.2g", tt, lam[len(lam)-1]/lam[0], dtr, dte)
	}
}

func TestLinearizedAgainstExpm(t *testing.T) {
	// At(t) against the definition with gonum's matrix exponential (Pade with scaling and
	// squaring, an independent method): f_t(X) = y + e^{-eta Theta t}(f0 - y) and
	// f_t(x) = f0(x) + Theta(x,X) Theta^{-1}(I - e^{-eta Theta t})(y - f0), the solve by gonum's
	// LU. To 1e-10 relative; the gap is the conditioning of Theta^{-1} (cond ~1e3 here) times the
	// accuracy of expm.
	a := Arch{Depth: 2, SigmaW2: 2, SigmaB2: 0.2}
	p := circleProblem(a, 12, 20, 2)
	eta := 0.05
	l, err := NewLinearized(p.theta, p.thetaTest, p.y, p.f0, p.f0Test, eta)
	if err != nil {
		t.Fatal(err)
	}
	n := len(p.y)
	Th := dense(p.theta)
	r0 := mat.NewVecDense(n, nil)
	for i := range n {
		r0.SetVec(i, p.f0[i]-p.y[i])
	}
	for _, tt := range []float64{0.01, 0.5, 3, 40, 500} {
		var E mat.Dense
		var M mat.Dense
		M.Scale(-eta*tt, Th)
		E.Exp(&M)
		var rt mat.VecDense
		rt.MulVec(&E, r0)
		wantTr := make([]float64, n)
		for i := range n {
			wantTr[i] = p.y[i] + rt.AtVec(i)
		}
		var diff, sol mat.VecDense
		diff.SubVec(&rt, r0) // (I - E)(y - f0) = E r0 - r0
		if err := sol.SolveVec(Th, &diff); err != nil {
			t.Fatal(err)
		}
		var up mat.VecDense
		up.MulVec(dense(p.thetaTest), &sol)
		wantTe := make([]float64, len(p.f0Test))
		for i := range wantTe {
			wantTe[i] = p.f0Test[i] + up.AtVec(i)
		}
		tr, te := l.At(tt)
		dtr, dte := relDiff(tr, wantTr), relDiff(te, wantTe)
		if dtr > 1e-10 || dte > 1e-10 {
			t.Errorf("t = %g: train %.2g, test %.2g from the expm reference", tt, dtr, dte)
		}
		t.Logf("t = %g: train %.2g, test %.2g from the expm reference", tt, dtr, dte)
	}
}

func TestAtStepIsGradientDescent(t *testing.T) {
	// AtStep(k) against k explicit steps of f <- f - eta Theta (f - y) on the training set and
	// f(x) <- f(x) - eta Theta(x,X)(f(X) - y) on the test points (the linear model's GD,
	// spec §1.3), at eta = 0.9 and 1.05 times StableStep (the second diverges), to 1e-12
	// relative to the largest output.
	a := Arch{Depth: 3, SigmaW2: 2, SigmaB2: 0}
	p := circleProblem(a, 10, 15, 3)
	stable := StableStep(p.theta)
	for _, frac := range []float64{0.3, 0.9, 1.05} {
		eta := frac * stable
		l, err := NewLinearized(p.theta, p.thetaTest, p.y, p.f0, p.f0Test, eta)
		if err != nil {
			t.Fatal(err)
		}
		f := append([]float64(nil), p.f0...)
		ft := append([]float64(nil), p.f0Test...)
		r := make([]float64, len(f))
		worst := 0.0
		for k := 0; k <= 60; k++ {
			tr, te := l.AtStep(k)
			d := math.Max(relDiff(tr, f), relDiff(te, ft))
			worst = math.Max(worst, d)
			if d > 1e-12 {
				t.Errorf("eta = %.2f x stable, k = %d: AtStep differs from explicit GD by %.2g", frac, k, d)
				break
			}
			for i := range f {
				r[i] = f[i] - p.y[i]
			}
			for i, row := range p.theta {
				for j, v := range row {
					f[i] -= eta * v * r[j]
				}
			}
			for i, row := range p.thetaTest {
				for j, v := range row {
					ft[i] -= eta * v * r[j]
				}
			}
		}
		// SetEta on a model built with another rate gives the same outputs bit for bit.
		other, err := NewLinearized(p.theta, p.thetaTest, p.y, p.f0, p.f0Test, 0.5*eta)
		if err != nil {
			t.Fatal(err)
		}
		if err := other.SetEta(eta); err != nil {
			t.Fatal(err)
		}
		tr1, te1 := l.AtStep(17)
		tr2, te2 := other.AtStep(17)
		if relDiff(tr1, tr2) != 0 || relDiff(te1, te2) != 0 {
			t.Errorf("eta = %.2f x stable: SetEta changes the outputs", frac)
		}
		if other.SetEta(0) == nil || other.SetEta(math.Inf(1)) == nil {
			t.Error("SetEta accepted 0 or +Inf")
		}
		t.Logf("eta = %.2f x 2/lambda_max: worst relative difference over k = 0..60: %.2g (final |f - y| = %.2g)", frac, worst, relDiff(f, p.y)*maxAbs(p.y))
	}
}

func TestStableStep(t *testing.T) {
	// 2/lambda_max against gonum's EigenSym, 1e-13 relative; +Inf for the zero matrix.
	rng := rand.New(rand.NewPCG(5, 6))
	A := randSPD(rng, 20, 0.5)
	var es mat.EigenSym
	es.Factorize(mat.NewSymDense(20, append([]float64(nil), A...)), false)
	v := es.Values(nil)
	want := 2 / v[len(v)-1]
	if got := StableStep(rows(A, 20)); math.Abs(got-want) > 1e-13*want {
		t.Errorf("StableStep = %.17g, gonum 2/lambda_max = %.17g", got, want)
	}
	if got := StableStep([][]float64{{0, 0}, {0, 0}}); !math.IsInf(got, 1) {
		t.Errorf("StableStep(0) = %g, want +Inf", got)
	}
	if got := StableStep([][]float64{{1, 2}, {3}}); !math.IsNaN(got) {
		t.Errorf("StableStep(ragged) = %g, want NaN", got)
	}
}

func TestSingularTheta(t *testing.T) {
	// A training set with a repeated point (consistent target) has a singular NTK matrix.
	// Ridgeless KernelRegression refuses it in words; the linearised model still converges, and
	// its t = Inf predictor equals kernel regression on the set without the repeat (the
	// pseudo-inverse predictor), to 1e-9 (the cut at N eps lambda_max leaves O(1e-13) of the
	// null direction).
	a := Arch{Depth: 2, SigmaW2: 2, SigmaB2: 0.1}
	X := [][]float64{circle(0, 2), circle(1, 2), circle(2.5, 2), circle(1, 2), circle(4, 2)}
	y := []float64{0.5, -1, 0.3, -1, 2}
	Xt := [][]float64{circle(0.5, 2), circle(3, 2), circle(5.5, 2)}
	K, _ := a.Gram(X, X)
	Kt, _ := a.Gram(Xt, X)
	if _, err := KernelRegression(K, Kt, y, 0); err == nil {
		t.Error("ridgeless regression accepted a repeated training point")
	} else {
		t.Log(err)
	}
	l, err := NewLinearized(K, Kt, y, nil, nil, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	tr, te := l.At(math.Inf(1))
	Xu := [][]float64{X[0], X[1], X[2], X[4]}
	yu := []float64{y[0], y[1], y[2], y[4]}
	Ku, _ := a.Gram(Xu, Xu)
	Ktu, _ := a.Gram(Xt, Xu)
	want, err := KernelRegression(Ku, Ktu, yu, 0)
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Max(relDiff(tr, y), relDiff(te, want)); d > 1e-9 {
		t.Errorf("t = Inf: train %v vs %v; test %v vs %v (%.2g)", tr, y, te, want, d)
	}
	// With a ridge the system is regular: compare with gonum's solve of (K + ridge I) alpha = y.
	ridge := 0.01
	got, err := KernelRegression(K, Kt, y, ridge)
	if err != nil {
		t.Fatal(err)
	}
	Kr := dense(K)
	for i := range y {
		Kr.Set(i, i, Kr.At(i, i)+ridge)
	}
	var alpha, pred mat.VecDense
	if err := alpha.SolveVec(Kr, mat.NewVecDense(len(y), append([]float64(nil), y...))); err != nil {
		t.Fatal(err)
	}
	pred.MulVec(dense(Kt), &alpha)
	if d := relDiff(got, pred.RawVector().Data); d > 1e-12 {
		t.Errorf("ridge %g: KernelRegression differs from gonum's solve by %.2g", ridge, d)
	}
}

func TestLinearErrors(t *testing.T) {
	good := [][]float64{{2, 1}, {1, 2}}
	cases := []struct {
		name string
		err  func() error
	}{
		{"non-symmetric Theta", func() error {
			_, err := NewLinearized([][]float64{{2, 1}, {0, 2}}, nil, []float64{1, 2}, nil, nil, 0.1)
			return err
		}},
		{"indefinite Theta", func() error {
			_, err := NewLinearized([][]float64{{1, 2}, {2, 1}}, nil, []float64{1, 2}, nil, nil, 0.1)
			return err
		}},
		{"eta = 0", func() error { _, err := NewLinearized(good, nil, []float64{1, 2}, nil, nil, 0); return err }},
		{"short y", func() error { _, err := NewLinearized(good, nil, []float64{1}, nil, nil, 0.1); return err }},
		{"ragged test kernel", func() error {
			_, err := NewLinearized(good, [][]float64{{1}}, []float64{1, 2}, nil, nil, 0.1)
			return err
		}},
		{"NaN in Theta", func() error {
			_, err := NewLinearized([][]float64{{2, math.NaN()}, {math.NaN(), 2}}, nil, []float64{1, 2}, nil, nil, 0.1)
			return err
		}},
		{"f0Test length", func() error {
			_, err := NewLinearized(good, [][]float64{{1, 1}}, []float64{1, 2}, nil, []float64{1, 2}, 0.1)
			return err
		}},
		{"negative ridge", func() error { _, err := KernelRegression(good, nil, []float64{1, 2}, -1); return err }},
		{"no training points", func() error { _, err := KernelRegression(nil, nil, nil, 0); return err }},
	}
	for _, c := range cases {
		err := c.err()
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		t.Logf("%s: %v", c.name, err)
	}
}

// BenchmarkLinearizedAt evaluates the trajectory at one time on a 256-point test grid, N = 64
// training points, L = 3 (the simulator's per-frame cost for the linear curve).
func BenchmarkLinearizedAt(b *testing.B) {
	p := circleProblem(Arch{Depth: 3, SigmaW2: 2, SigmaB2: 0.1}, 64, 256, 9)
	l, err := NewLinearized(p.theta, p.thetaTest, p.y, p.f0, p.f0Test, 0.1)
	if err != nil {
		b.Fatal(err)
	}
	tt := 0.0
	for b.Loop() {
		tt += 0.01
		l.At(tt)
	}
}

// BenchmarkNewLinearized is the set-up (eigendecomposition and Theta(x,X) V) for N = 64 and
// N = 256 training points, 256 test points: the cost of changing the training set.
func BenchmarkNewLinearized(b *testing.B) {
	for _, n := range []int{64, 256} {
		b.Run(map[int]string{64: "N=64", 256: "N=256"}[n], func(b *testing.B) {
			p := circleProblem(Arch{Depth: 3, SigmaW2: 2, SigmaB2: 0.1}, n, 256, 9)
			for b.Loop() {
				if _, err := NewLinearized(p.theta, p.thetaTest, p.y, p.f0, p.f0Test, 0.1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
