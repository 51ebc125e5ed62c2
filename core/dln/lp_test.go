package dln

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// gonumMinL1 is the independent reference: gonum's Simplex (test-only import) on the LP
//
//	minimise 1·(b+ + b-)  s.t.  X b+ - X b- = y,  b± >= 0.
//
// On a sparse (degenerate) optimum gonum's Simplex stalls for minutes (the reason for lp.go),
// so gonumMinL1Dual solves the dual instead, which is non-degenerate there.
func gonumMinL1(t *testing.T, p *Problem) float64 {
	t.Helper()
	n, d := p.N, p.D
	A := mat.NewDense(n, 2*d, nil)
	for k := 0; k < n; k++ {
		for i := 0; i < d; i++ {
			A.Set(k, i, p.X[k*d+i])
			A.Set(k, d+i, -p.X[k*d+i])
		}
	}
	c := make([]float64, 2*d)
	for j := range c {
		c[j] = 1
	}
	opt, _, err := lp.Simplex(c, A, p.Y, 0, nil)
	if err != nil {
		t.Fatalf("gonum lp.Simplex: %v", err)
	}
	return opt
}

// gonumMinL1Perturbed and the helpers below are the previous production MinL1 (gonum's Simplex on
// a generically perturbed y, then the optimal basis re-solved for the exact y), kept here as the
// reference for degenerate problems, where gonum's Simplex on the exact y stalls for minutes.
func gonumMinL1Perturbed(p *Problem) ([]float64, error) {
	n, d := p.N, p.D
	// An all-zero column of X makes Simplex refuse; it carries none of y, so drop it (beta_i = 0).
	for i := 0; i < d; i++ {
		zero := true
		for k := 0; k < n; k++ {
			if p.X[k*d+i] != 0 {
				zero = false
				break
			}
		}
		if zero {
			return minL1WithoutRef(p, i)
		}
	}
	A := mat.NewDense(n, 2*d, nil)
	for k := 0; k < n; k++ {
		for i := 0; i < d; i++ {
			A.Set(k, i, p.X[k*d+i])
			A.Set(k, d+i, -p.X[k*d+i])
		}
	}
	c := make([]float64, 2*d)
	for j := range c {
		c[j] = 1
	}
	basis, err := refStartBasis(p)
	if err != nil {
		return nil, err
	}
	// The minimum-L1 vertex is highly degenerate (most basic values are zero when beta is
	// sparse), and gonum's Simplex then crawls through Bland's rule for minutes. So solve with a
	// generic perturbation of y (no degenerate vertex), read off the optimal basis, and recompute
	// its values for the exact y; its reduced costs do not depend on y, so it stays optimal.
	ymax := math.Max(1, maxAbs(p.Y))
	var lastErr error
	for _, eps := range []float64{1e-7, 1e-10} {
		yp := make([]float64, n)
		for k := range yp {
			// A fixed, irregular perturbation: deterministic, and generic for any X in practice.
			yp[k] = p.Y[k] + eps*ymax*(1+math.Mod(float64(k+1)*0.6180339887498949, 1))
		}
		start, err := refFeasibleBasis(p, yp, basis)
		if err != nil {
			return nil, err
		}
		_, x, err := lp.Simplex(c, A, yp, 1e-12, start)
		if err != nil {
			if errors.Is(err, lp.ErrInfeasible) {
				return nil, errors.New("the minimum-L1 problem has no solution: X beta = y cannot be met")
			}
			lastErr = fmt.Errorf("the minimum-L1 linear programme failed: %v", err)
			continue
		}
		if beta, ok := refExactVertex(p, x); ok {
			return beta, nil
		}
		lastErr = errors.New("the minimum-L1 linear programme did not find a clean vertex")
	}
	return nil, lastErr
}

// feasibleBasis re-signs the start basis (columns chosen by l1StartBasis) for targets y.
func refFeasibleBasis(p *Problem, y []float64, basis []int) ([]int, error) {
	n, d := p.N, p.D
	B := mat.NewDense(n, n, nil)
	for k := 0; k < n; k++ {
		for j, i := range basis {
			B.Set(k, j, p.X[k*d+i%d])
		}
	}
	var xv mat.VecDense
	if err := xv.SolveVec(B, mat.NewVecDense(n, append([]float64(nil), y...))); err != nil {
		return nil, errors.New("X X^T is singular: the rows of X are linearly dependent")
	}
	out := make([]int, n)
	for j, i := range basis {
		i %= d
		if xv.AtVec(j) >= 0 {
			out[j] = i
		} else {
			out[j] = d + i
		}
	}
	return out, nil
}

// exactVertex takes the n largest entries of the LP solution x = [b+, b-] as the optimal basis
// and solves X_B beta_B = y for the exact y. It reports false if a basic value comes out with
// the wrong sign beyond rounding (the perturbation changed the optimal basis).
func refExactVertex(p *Problem, x []float64) ([]float64, bool) {
	n, d := p.N, p.D
	idx := make([]int, 0, n)
	for len(idx) < n {
		best, bv := -1, -1.0
		for j, v := range x {
			if v > bv && !refContainsInt(idx, j) && !refContainsInt(idx, (j+d)%(2*d)) {
				best, bv = j, v
			}
		}
		if best < 0 {
			return nil, false
		}
		idx = append(idx, best)
	}
	B := mat.NewDense(n, n, nil)
	for k := 0; k < n; k++ {
		for j, i := range idx {
			B.Set(k, j, p.X[k*d+i%d])
		}
	}
	var v mat.VecDense
	if err := v.SolveVec(B, mat.NewVecDense(n, append([]float64(nil), p.Y...))); err != nil {
		return nil, false
	}
	beta := make([]float64, d)
	tol := 1e-9 * math.Max(1, maxAbs(p.Y))
	for j, i := range idx {
		b := v.AtVec(j)
		if (i < d && b < -tol) || (i >= d && b > tol) {
			return nil, false
		}
		beta[i%d] = b + 0 // + 0 turns -0 into 0
	}
	return beta, p.Residual(beta) <= 1e-9*math.Max(1, maxAbs(p.Y))
}

func refContainsInt(s []int, v int) bool {
	for _, w := range s {
		if w == v {
			return true
		}
	}
	return false
}

// minL1Without solves MinL1 with the all-zero column i removed (beta_i = 0).
func minL1WithoutRef(p *Problem, drop int) ([]float64, error) {
	q := &Problem{N: p.N, D: p.D - 1, X: make([]float64, 0, p.N*(p.D-1)), Y: p.Y}
	for k := 0; k < p.N; k++ {
		for i, v := range p.Row(k) {
			if i != drop {
				q.X = append(q.X, v)
			}
		}
	}
	b, err := gonumMinL1Perturbed(q)
	if err != nil {
		return nil, err
	}
	beta := make([]float64, 0, p.D)
	beta = append(beta, b[:drop]...)
	beta = append(beta, 0)
	return append(beta, b[drop:]...), nil
}

// l1StartBasis picks n linearly independent columns of X by Gram-Schmidt with column pivoting
// (largest remaining norm first); feasibleBasis signs them into a feasible LP basis.
func refStartBasis(p *Problem) ([]int, error) {
	n, d := p.N, p.D
	// R holds the columns of X, orthogonalised in turn against the chosen ones.
	R := make([]float64, n*d)
	copy(R, p.X)
	colNorm := func(i int) float64 {
		s := 0.0
		for k := 0; k < n; k++ {
			s += R[k*d+i] * R[k*d+i]
		}
		return s
	}
	chosen := make([]int, 0, n)
	used := make([]bool, d)
	q := make([]float64, n)
	for len(chosen) < n {
		best, bestNorm := -1, 0.0
		for i := 0; i < d; i++ {
			if !used[i] {
				if s := colNorm(i); s > bestNorm {
					best, bestNorm = i, s
				}
			}
		}
		if best < 0 || bestNorm <= 1e-24 {
			return nil, errors.New("X X^T is singular: the rows of X are linearly dependent")
		}
		used[best] = true
		chosen = append(chosen, best)
		nr := math.Sqrt(bestNorm)
		for k := 0; k < n; k++ {
			q[k] = R[k*d+best] / nr
		}
		for i := 0; i < d; i++ {
			if used[i] {
				continue
			}
			dot := 0.0
			for k := 0; k < n; k++ {
				dot += q[k] * R[k*d+i]
			}
			for k := 0; k < n; k++ {
				R[k*d+i] -= dot * q[k]
			}
		}
	}
	return chosen, nil
}

func TestMinL1MatchesGonumOnRandomProblems(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	check := func(name string, p *Problem, primal bool) {
		t.Helper()
		b, err := MinL1(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r := p.Residual(b); r > 1e-10 {
			t.Errorf("%s: residual %g", name, r)
		}
		got := l1Norm(b)
		ref, err := gonumMinL1Perturbed(p)
		if err != nil {
			t.Fatalf("%s: gonum reference: %v", name, err)
		}
		refs := map[string]float64{"gonum, perturbed y": l1Norm(ref)}
		if primal {
			refs["primal"] = gonumMinL1(t, p)
		}
		for kind, want := range refs {
			if math.Abs(got-want) > 1e-9*want {
				t.Errorf("%s: ||beta||_1 = %.15g, gonum (%s) %.15g (rel %g)", name, got, kind, want, math.Abs(got-want)/want)
			}
		}
	}
	for trial := 0; trial < 60; trial++ {
		n := 1 + rng.IntN(10)
		d := n + 1 + rng.IntN(40-n)
		X := make([][]float64, n)
		for k := range X {
			X[k] = make([]float64, d)
			for i := range X[k] {
				X[k][i] = rng.NormFloat64()
			}
		}
		y := make([]float64, n)
		if trial%2 == 0 {
			for k := range y {
				y[k] = rng.NormFloat64()
			}
		} else {
			// A sparse generator: y = X beta0 with 1..n non-zeros, a degenerate optimum.
			beta0 := make([]float64, d)
			for _, i := range rng.Perm(d)[:1+rng.IntN(n)] {
				beta0[i] = 2 * rng.NormFloat64()
			}
			for k := range y {
				for i, v := range X[k] {
					y[k] += v * beta0[i]
				}
			}
		}
		p, err := NewProblem(X, y)
		if err != nil {
			t.Fatal(err)
		}
		check("random", p, trial%2 == 0) // gonum's primal Simplex only where y is generic
	}
	for seed := uint64(1); seed <= 5; seed++ {
		p, err := SparseTeacher(20, 100, 3, 0, seed)
		if err != nil {
			t.Fatal(err)
		}
		check("SparseTeacher(20, 100, 3, 0)", p, false)
	}
}

func TestLPSimplexSmall(t *testing.T) {
	// min -x1 - x2 s.t. x1 + 2 x2 + s1 = 4, 3 x1 + x2 + s2 = 6: optimum x = (8/5, 6/5), value -14/5.
	x, obj, err := lpSimplex([]float64{-1, -1, 0, 0}, []float64{1, 2, 1, 0, 3, 1, 0, 1}, []float64{4, 6}, 2, 4)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(obj+2.8) > 1e-14 || math.Abs(x[0]-1.6) > 1e-14 || math.Abs(x[1]-1.2) > 1e-14 {
		t.Errorf("x = %v, obj = %g", x, obj)
	}
	// Infeasible: x1 + x2 = -1 with x >= 0.
	if _, _, err := lpSimplex([]float64{1, 1}, []float64{1, 1}, []float64{-1}, 1, 2); err != errLPInfeasible {
		t.Errorf("infeasible LP: err = %v", err)
	}
	// Unbounded: min -x1 s.t. x1 - x2 = 1.
	if _, _, err := lpSimplex([]float64{-1, 0}, []float64{1, -1}, []float64{1}, 1, 2); err != errLPUnbounded {
		t.Errorf("unbounded LP: err = %v", err)
	}
	// A redundant row (row 2 = 2 row 1) and a negative right-hand side.
	x, obj, err = lpSimplex([]float64{1, 2, 3}, []float64{-1, -1, -1, -2, -2, -2}, []float64{-3, -6}, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(obj-3) > 1e-14 || math.Abs(x[0]-3) > 1e-14 {
		t.Errorf("redundant row: x = %v, obj = %g", x, obj)
	}
}

// BenchmarkMinL1 is the minimum-L1 interpolator of the benchmark problem (n = 100, d = 1000).
func BenchmarkMinL1(b *testing.B) {
	p := benchProblem(b)
	var beta []float64
	for b.Loop() {
		var err error
		if beta, err = MinL1(p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(p.Residual(beta), "residual")
	b.ReportMetric(vecDist(beta, p.Teacher), "teacher-dist")
}
