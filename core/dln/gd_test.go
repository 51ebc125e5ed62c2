package dln

import (
	"math"
	"strings"
	"testing"
)

// Spec §1.7a, Example A, alpha = 0.5: gamma, beta_inf, alpha_eff of gradient-regularised flow.
var specGRTable = []struct {
	gamma    float64
	beta     [3]float64
	alphaEff [3]float64
}{
	{0, [3]float64{0.3103696468, 0.7306070554, 1.4094720808}, [3]float64{0.5, 0.5, 0.5}},
	{0.01, [3]float64{0.3526910077, 0.7845094392, 1.3594300379}, [3]float64{0.49109427, 0.46531756, 0.42532778}},
	{0.05, [3]float64{0.4904145488, 0.9467548304, 1.2053585968}, [3]float64{0.46372813, 0.36995060, 0.25386972}},
	{0.1, [3]float64{0.7435182006, 1.2155223148, 0.9418123899}, [3]float64{0.41975820, 0.24836292, 0.10356970}},
}

// runGD steps until Converged(tol) or maxSteps; it fails the test on a divergence.
func runGD(t *testing.T, p *Problem, alpha float64, depth int, o GDOptions, tol float64, maxSteps int) Stepper {
	t.Helper()
	s, err := NewGD(p, alpha, depth, o)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < maxSteps && !s.Converged(tol); i++ {
		s.Step()
	}
	if s.Err() != nil {
		t.Fatalf("eta %g: %v", o.Eta, s.Err())
	}
	return s
}

func TestGDSpecTableLargeStep(t *testing.T) {
	p := specA(t)
	// Spec §1.7c: GD on Example A, alpha = 0.5, 2e5 steps: beta_inf (10 decimals), alpha_eff
	// (8 decimals), max deviation from argmin Q_alpha and from argmin Q_alpha_eff (3 digits).
	rows := []struct {
		eta            float64
		beta, alphaEff [3]float64
		devQ, devQEff  float64
	}{
		{1e-3, [3]float64{0.3127832219, 0.7337405684, 1.4065785471}, [3]float64{0.49947413, 0.49789957, 0.49528546}, 3.13e-3, 8.1e-5},
		{0.02, [3]float64{0.3657124425, 0.7941189205, 1.3486832388}, [3]float64{0.48263417, 0.42860372, 0.32887928}, 6.35e-2, 1.15e-1},
	}
	flow, _ := Oracle(p, 0.5, 2)
	for _, row := range rows {
		s, err := NewGD(p, 0.5, 2, GDOptions{Eta: row.eta})
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 200000; i++ {
			s.Step()
		}
		if s.Err() != nil || s.Time() != 2e5 {
			t.Fatalf("eta %g: err %v after %g steps", row.eta, s.Err(), s.Time())
		}
		beta, ae := s.Beta(nil), s.AlphaEff(nil)
		if d := vecDist(beta, row.beta[:]); d > 1e-9 {
			t.Errorf("eta %g: beta %v, spec §1.7c %v (diff %.2g)", row.eta, beta, row.beta, d)
		}
		if d := vecDist(ae, row.alphaEff[:]); d > 1e-8 {
			t.Errorf("eta %g: alpha_eff %v, spec §1.7c %v (diff %.2g)", row.eta, ae, row.alphaEff, d)
		}
		if d := vecDist(beta, flow); math.Abs(d-row.devQ) > 0.005*row.devQ {
			t.Errorf("eta %g: deviation from argmin Q_alpha %.3g, spec §1.7c %.3g", row.eta, d, row.devQ)
		}
		eff, _ := OracleEff(p, ae)
		if d := vecDist(beta, eff); math.Abs(d-row.devQEff) > 0.01*row.devQEff {
			t.Errorf("eta %g: deviation from argmin Q_alpha_eff %.3g, spec §1.7c %.3g", row.eta, d, row.devQEff)
		}
		if !s.Converged(1e-10) {
			t.Errorf("eta %g: not converged after 2e5 steps (residual %g)", row.eta, p.Residual(beta))
		}
	}
}

func TestStabilityBoundSpec(t *testing.T) {
	p := specA(t)
	// Spec §1.7c: lambda_max = 28 at init (eta < 0.0714), 70.358 at the flow's solution (eta < 0.02843).
	if b := StabilityBound(p, make([]float64, 3), 0.5); math.Abs(b-2.0/28) > 1e-14 {
		t.Errorf("bound at init %g, want 2/28", b)
	}
	if b := stabilityAtInit(p, 0.5, 2); math.Abs(b-2.0/28) > 1e-14 {
		t.Errorf("stabilityAtInit %g, want 2/28", b)
	}
	flow, _ := Oracle(p, 0.5, 2)
	if lam := 2 / StabilityBound(p, flow, 0.5); math.Abs(lam-70.358) > 5e-4 {
		t.Errorf("lambda_max at the flow solution %.6g, spec §1.7c 70.358", lam)
	}
	// The general-depth form agrees with the depth-2 formula at the flow's weights.
	_, nu, _ := OracleDual(p, 0.5, 2, nil)
	wp, wm := gfWeights(p, nu, 0.5, 2)
	if b1, b2 := stabilityW(p, wp, wm, 2), StabilityBound(p, flow, 0.5); math.Abs(b1-b2) > 1e-12*b2 {
		t.Errorf("stabilityW %g vs StabilityBound %g", b1, b2)
	}
	// Power iteration against a 2 x 2 closed form: [[2, 1], [1, 2]] has eigenvalues 1 and 3.
	if l := lambdaMaxSym([]float64{2, 1, 1, 2}, 2); math.Abs(l-3) > 1e-12 {
		t.Errorf("lambdaMaxSym = %g, want 3", l)
	}
}

func TestGDDivergenceIsCaughtBeforeNaN(t *testing.T) {
	p := specA(t)
	// Spec §1.7c: eta = 0.05 diverges (above 2/lambda_max = 0.02843 at the flow's solution).
	s, _ := NewGD(p, 0.5, 2, GDOptions{Eta: 0.05})
	for i := 0; i < 1000; i++ {
		s.Step()
		if !allFinite(s.Beta(nil)) || !allFinite(s.AlphaEff(nil)) || math.IsNaN(s.Loss()) || math.IsInf(s.Loss(), 0) {
			t.Fatalf("non-finite state at step %d", i)
		}
	}
	err := s.Err()
	if err == nil {
		t.Fatal("eta = 0.05 did not report a divergence")
	}
	for _, words := range []string{"eta = 0.05", "too large", "stability bound 2/lambda_max = 0.0284", "0.0714"} {
		if !strings.Contains(err.Error(), words) {
			t.Errorf("message %q lacks %q", err, words)
		}
	}
	// Once diverged, Step is a no-op.
	t0, b0 := s.Time(), s.Beta(nil)
	s.Step()
	if s.Time() != t0 || vecDist(s.Beta(nil), b0) != 0 || s.Converged(1) {
		t.Error("Step moved after the divergence")
	}
	// A huge step overflows at once: caught, state stays at the finite start.
	h, _ := NewGD(p, 0.5, 2, GDOptions{Eta: 1e300})
	h.Step()
	if h.Err() == nil || h.Time() != 0 || !allFinite(h.Beta(nil)) {
		t.Errorf("eta = 1e300: err %v, t %g, beta %v", h.Err(), h.Time(), h.Beta(nil))
	}
	// SGD and depth 3 diverge in words too.
	for _, tc := range []struct {
		depth int
		o     GDOptions
	}{{2, GDOptions{Eta: 5, Batch: 1}}, {3, GDOptions{Eta: 5}}, {2, GDOptions{Eta: 1, Gamma: 0.1}}} {
		q := specB(t)
		s, _ := NewGD(q, 0.5, tc.depth, tc.o)
		for i := 0; i < 10000 && s.Err() == nil; i++ {
			s.Step()
		}
		if s.Err() == nil || !strings.Contains(s.Err().Error(), "too large") || !allFinite(s.Beta(nil)) {
			t.Errorf("depth %d %+v: err %v", tc.depth, tc.o, s.Err())
		}
	}
}

func TestNewGDRejectsBadOptions(t *testing.T) {
	p := specA(t)
	for _, tc := range []struct {
		alpha float64
		depth int
		o     GDOptions
		words string
	}{
		{0.5, 2, GDOptions{Eta: 0}, "eta"},
		{0.5, 2, GDOptions{Eta: math.NaN()}, "eta"},
		{0.5, 2, GDOptions{Eta: 0.01, Batch: 2}, "batch"},
		{0.5, 2, GDOptions{Eta: 0.01, Batch: -1}, "batch"},
		{0.5, 2, GDOptions{Eta: 0.01, Gamma: -1}, "gamma"},
		{0.5, 1, GDOptions{Eta: 0.01}, "depth"},
		{0, 2, GDOptions{Eta: 0.01}, "alpha"},
	} {
		if _, err := NewGD(p, tc.alpha, tc.depth, tc.o); err == nil || !strings.Contains(err.Error(), tc.words) {
			t.Errorf("%+v: got %v, want an error about %s", tc, err, tc.words)
		}
	}
}

// The GR update of spec §1.7a (and its depth-D form in gd.go) is w <- w - eta ∇L~ with
// L~ = L + (gamma/2) ||∇_w L||^2: compare one update with central finite differences of L~.
func TestGDUpdateIsGradientOfRegularisedLoss(t *testing.T) {
	p := specB(t)
	for _, depth := range []int{2, 3, 4} {
		for _, gamma := range []float64{0, 0.3} {
			s0, _ := NewGD(p, 0.7, depth, GDOptions{Eta: 1e-3, Gamma: gamma})
			s := s0.(*gdStepper)
			// Move off the symmetric start to a generic point.
			for i := range s.wp {
				s.wp[i] = 0.6 + 0.1*float64(i)
				s.wm[i] = 0.9 - 0.07*float64(i)
				s.beta[i] = ipow(s.wp[i], depth) - ipow(s.wm[i], depth)
			}
			wp, wm := s.W()
			s.Step()
			np, nm := s.W()
			lt := func(wp, wm []float64) float64 { return regularisedLoss(p, wp, wm, depth, gamma) }
			const h = 1e-6
			for i := range wp {
				for side, w := range [][]float64{wp, wm} {
					orig := w[i]
					w[i] = orig + h
					fp := lt(wp, wm)
					w[i] = orig - h
					fm := lt(wp, wm)
					w[i] = orig
					grad := (fp - fm) / (2 * h)
					moved := []float64{np[i], nm[i]}[side]
					if got := (w[i] - moved) / 1e-3; math.Abs(got-grad) > 1e-6*math.Max(1, math.Abs(grad)) {
						t.Errorf("depth %d gamma %g: dL~/dw(%d,%d) update %g, finite difference %g", depth, gamma, side, i, got, grad)
					}
				}
			}
		}
	}
}

// regularisedLoss is L(w) + (gamma/2) ||∇_w L||^2 written out directly (spec §1.7a).
func regularisedLoss(p *Problem, wp, wm []float64, D int, gamma float64) float64 {
	beta := make([]float64, p.D)
	for i := range beta {
		beta[i] = math.Pow(wp[i], float64(D)) - math.Pow(wm[i], float64(D))
	}
	r := p.MulX(nil, beta)
	for k := range r {
		r[k] = (r[k] - p.Y[k]) / float64(p.N)
	}
	g := p.MulXT(nil, r)
	sq := 0.0
	for i := range g {
		a := float64(D) * math.Pow(wp[i], float64(D-1)) * g[i]
		b := float64(D) * math.Pow(wm[i], float64(D-1)) * g[i]
		sq += a*a + b*b
	}
	return p.Loss(beta) + gamma/2*sq
}

// Spec §1.7a is about the GR *flow*. GD on L~ with step eta lands O(eta) away (the same GD
// effect as §1.7c: 3.1e-3 at eta = 1e-3 without GR); the limit is a smooth function of eta, so
// Richardson extrapolation over eta = 5e-5, 2.5e-5, 1.25e-5 removes the O(eta) and O(eta^2)
// terms and leaves O(eta^3): measured 2e-9 or less on beta and alpha_eff, below the printed digits.
func TestGRSpecTable(t *testing.T) {
	p := specA(t)
	for _, row := range specGRTable {
		var betas, aes [3][]float64
		for j, eta := range []float64{5e-5, 2.5e-5, 1.25e-5} {
			// tol 1e-11: at eta = 1.25e-5 the updates w (1 - eta a) stop changing w in double
			// precision once eta a < 1.1e-16, i.e. at a residual of about 1e-12.
			s := runGD(t, p, 0.5, 2, GDOptions{Eta: eta, Gamma: row.gamma}, 1e-11, 2000000)
			if !s.Converged(1e-11) {
				t.Fatalf("gamma %g eta %g: not converged", row.gamma, eta)
			}
			betas[j], aes[j] = s.Beta(nil), s.AlphaEff(nil)
		}
		// Plain GR-GD at eta = 5e-5: within 1.5e-3 of the flow's table (an O(eta) effect;
		// measured 1.3e-3 at gamma = 0.1).
		if d := vecDist(betas[0], row.beta[:]); d > 1.5e-3 {
			t.Errorf("gamma %g, eta 5e-5: beta %v, spec §1.7a %v (diff %.2g)", row.gamma, betas[0], row.beta, d)
		}
		rich := func(v [3][]float64) []float64 {
			out := make([]float64, len(v[0]))
			for i := range out {
				out[i] = (8*v[2][i] - 6*v[1][i] + v[0][i]) / 3
			}
			return out
		}
		rb, ra := rich(betas), rich(aes)
		t.Logf("gamma %g: raw eta=5e-5 diff %.2g; extrapolated beta diff %.2g, alpha_eff diff %.2g", row.gamma, vecDist(betas[0], row.beta[:]), vecDist(rb, row.beta[:]), vecDist(ra, row.alphaEff[:]))
		// beta printed to 10 decimals, alpha_eff to 8 (spec §1.7a).
		if d := vecDist(rb, row.beta[:]); d > 1e-8 {
			t.Errorf("gamma %g: extrapolated beta %v, spec §1.7a %v (diff %.2g)", row.gamma, rb, row.beta, d)
		}
		if d := vecDist(ra, row.alphaEff[:]); d > 1e-8 {
			t.Errorf("gamma %g: extrapolated alpha_eff %v, spec §1.7a %v (diff %.2g)", row.gamma, ra, row.alphaEff, d)
		}
	}
}

// uvGD is gradient descent on the u⊙v model of spec §1.1: beta = u ⊙ v, u(0) = c, v(0) = 0,
// u <- u - h v ⊙ g, v <- v - h u ⊙ g with g = X^T (X beta - y) / n.
func uvGD(p *Problem, c, h float64, steps int) []float64 {
	u, v := make([]float64, p.D), make([]float64, p.D)
	beta := make([]float64, p.D)
	r := make([]float64, p.N)
	for i := range u {
		u[i] = c
	}
	for s := 0; s < steps; s++ {
		for i := range beta {
			beta[i] = u[i] * v[i]
		}
		p.MulX(r, beta)
		for k := range r {
			r[k] = (r[k] - p.Y[k]) / float64(p.N)
		}
		g := p.MulXT(nil, r)
		for i := range u {
			u[i], v[i] = u[i]-h*v[i]*g[i], v[i]-h*u[i]*g[i]
		}
	}
	for i := range beta {
		beta[i] = u[i] * v[i]
	}
	return beta
}

// Spec §1.1: u⊙v with u(0) = c, v(0) = 0 is the w-model under w_± = (u ± v)/2 run twice as fast,
// with alpha = c/2. (a) Step by step: u⊙v GD with step 2 eta is our GD with step eta (the same
// algebra holds for the discrete updates). (b) Its flow limit (small steps, Richardson in the step)
// is the oracle at alpha = c/2.
func TestUVMapping(t *testing.T) {
	p := specB(t)
	const c, eta, steps = 1.0, 1e-3, 3000
	s, _ := NewGD(p, c/2, 2, GDOptions{Eta: eta})
	for i := 0; i < steps; i++ {
		s.Step()
	}
	if d := vecDist(uvGD(p, c, 2*eta, steps), s.Beta(nil)); d > 1e-12 {
		t.Errorf("u⊙v GD (step 2 eta) and w GD (step eta) differ by %g after %d steps", d, steps)
	}
	a := specA(t)
	for _, cc := range []float64{1, 0.2} { // alpha = 0.5 and 0.1: rows of spec §1.6, Example A
		want, _ := Oracle(a, cc/2, 2)
		h := 4e-4
		n := int(60 / h) // flow time 60: past convergence for both c
		b0, b1, b2 := uvGD(a, cc, h, n), uvGD(a, cc, h/2, 2*n), uvGD(a, cc, h/4, 4*n)
		ext := make([]float64, 3)
		for i := range ext {
			ext[i] = (8*b2[i] - 6*b1[i] + b0[i]) / 3
		}
		t.Logf("c = %g: extrapolated diff %.2g, raw diff %.2g", cc, vecDist(ext, want), vecDist(b0, want))
		if d := vecDist(ext, want); d > 1e-8 {
			t.Errorf("c = %g: u⊙v flow limit %v, oracle at alpha = c/2 %v (diff %.2g)", cc, ext, want, d)
		}
	}
}

// Spec §1.7b-c: one GD update multiplies m = w_+ w_- by 1 - 4 eta^2 g^2 and moves
// theta = ln(w_+/w_-) by -2 artanh(2 eta g) (full batch); with one row k, g_i = x_ki r_k.
func TestGDInvariantLaws(t *testing.T) {
	p := specB(t)
	for _, batch := range []int{0, 1} {
		s0, _ := NewGD(p, 0.3, 2, GDOptions{Eta: 0.05, Batch: batch, Seed: 3})
		s := s0.(*gdStepper)
		for i := 0; i < 7; i++ {
			s.Step()
		}
		wp, wm := s.W()
		beta := s.Beta(nil)
		rows := append([]int(nil), s.nextRows()...) // peek at the next batch, then undo the draw
		s.pos -= len(rows)
		g := make([]float64, p.D)
		for _, k := range rows {
			rk := -p.Y[k]
			for i, x := range p.Row(k) {
				rk += x * beta[i]
			}
			for i, x := range p.Row(k) {
				g[i] += x * rk / float64(len(rows))
			}
		}
		s.Step()
		np, nm := s.W()
		for i := range g {
			eg := 2 * 0.05 * g[i]
			if got, want := np[i]*nm[i]/(wp[i]*wm[i]), 1-eg*eg; math.Abs(got-want) > 1e-14 {
				t.Errorf("batch %d: m ratio %.16g, want 1 - 4 eta^2 g^2 = %.16g", batch, got, want)
			}
			if got, want := math.Log(np[i]/nm[i])-math.Log(wp[i]/wm[i]), -2*math.Atanh(eg); math.Abs(got-want) > 1e-13 {
				t.Errorf("batch %d: theta moved %.16g, want -2 artanh(2 eta g) = %.16g", batch, got, want)
			}
		}
	}
}

func TestSGD(t *testing.T) {
	p := specB(t)
	// Batch = n is full-batch GD (the same rows each update, summed in another order).
	full, _ := NewGD(p, 0.4, 2, GDOptions{Eta: 0.01})
	all, _ := NewGD(p, 0.4, 2, GDOptions{Eta: 0.01, Batch: 2, Seed: 9})
	for i := 0; i < 2000; i++ {
		full.Step()
		all.Step()
	}
	if d := vecDist(full.Beta(nil), all.Beta(nil)); d > 1e-13 {
		t.Errorf("batch = n differs from GD by %g", d)
	}
	// Without replacement: each epoch of 5 rows in batches of 2 uses every row once (2 + 2 + 1).
	q, _ := SparseTeacher(5, 12, 2, 0, 4)
	s0, _ := NewGD(q, 0.4, 2, GDOptions{Eta: 0.01, Batch: 2, Seed: 5})
	s := s0.(*gdStepper)
	for epoch := 0; epoch < 4; epoch++ {
		seen := make([]int, 5)
		for _, size := range []int{2, 2, 1} {
			rows := s.nextRows()
			if len(rows) != size {
				t.Fatalf("epoch %d: batch of %d rows, want %d", epoch, len(rows), size)
			}
			for _, k := range rows {
				seen[k]++
			}
		}
		for k, c := range seen {
			if c != 1 {
				t.Errorf("epoch %d: row %d used %d times", epoch, k, c)
			}
		}
	}
	// Seeded: the same seed repeats the run, another seed changes it.
	run := func(seed uint64) []float64 {
		s, _ := NewGD(q, 0.4, 2, GDOptions{Eta: 0.01, Batch: 1, Seed: seed})
		for i := 0; i < 500; i++ {
			s.Step()
		}
		return s.Beta(nil)
	}
	if vecDist(run(1), run(1)) != 0 || vecDist(run(1), run(2)) == 0 {
		t.Error("SGD is not determined by its seed")
	}
}

// Spec §1.7b: per-sample gradients are larger than the batch gradient, so SGD shrinks alpha_eff
// more than GD at the same step; both still interpolate (d > n). Sparse teacher n = 20, d = 100.
func TestSGDShrinksAlphaMoreThanGD(t *testing.T) {
	p, _ := SparseTeacher(20, 100, 3, 0, 1)
	shrink := func(batch int) float64 {
		s := runGD(t, p, 0.1, 2, GDOptions{Eta: 0.03, Batch: batch, Seed: 1}, 1e-10, 100000)
		if !s.Converged(1e-10) {
			t.Fatalf("batch %d: not converged (loss %g)", batch, s.Loss())
		}
		sum := 0.0 // Σ_i ln(alpha / alpha_eff,i)
		for _, a := range s.AlphaEff(nil) {
			sum += math.Log(0.1 / a)
		}
		return sum
	}
	gd, sgd := shrink(0), shrink(1)
	if !(gd > 0 && sgd > gd) {
		t.Errorf("total shrink Σ ln(alpha/alpha_eff): GD %g, SGD %g; want 0 < GD < SGD", gd, sgd)
	}
}

// Depth 3 (spec §1.6 depth-3 table, alpha = 0.5): GD with small steps approaches the depth-3
// oracle, and Richardson extrapolation in eta reaches it (as in TestGRSpecTable).
func TestGDDepth3(t *testing.T) {
	p := specA(t)
	want := []float64{0.1634992846, 0.4893639761, 1.6192575877}
	var b [3][]float64
	for j, eta := range []float64{2e-4, 1e-4, 5e-5} {
		s := runGD(t, p, 0.5, 3, GDOptions{Eta: eta}, 1e-11, 2000000)
		if !s.Converged(1e-11) {
			t.Fatalf("eta %g: not converged", eta)
		}
		b[j] = s.Beta(nil)
	}
	if d := vecDist(b[0], want); d > 5e-3 { // O(eta): measured 2.1e-3
		t.Errorf("eta 2e-4: beta %v, depth-3 oracle %v (diff %.2g)", b[0], want, d)
	}
	ext := make([]float64, 3)
	for i := range ext {
		ext[i] = (8*b[2][i] - 6*b[1][i] + b[0][i]) / 3
	}
	t.Logf("depth 3: raw diff %.2g, extrapolated diff %.2g", vecDist(b[0], want), vecDist(ext, want))
	if d := vecDist(ext, want); d > 3e-8 { // O(eta^3): measured about 3e-9; spec prints 10 decimals
		t.Errorf("extrapolated depth-3 GD limit %v, spec §1.6 %v (diff %.2g)", ext, want, d)
	}
}

// Spec §1.8.2: a loss plateau is not convergence. At alpha = 1e-3 GD sits on a plateau where the
// loss barely moves; Converged needs the residual below tol.
func TestGDConvergedIgnoresPlateaus(t *testing.T) {
	p := specA(t)
	s, _ := NewGD(p, 1e-3, 2, GDOptions{Eta: 0.01})
	if s.Converged(1e-10) {
		t.Error("converged before the first step")
	}
	for i := 0; i < 5; i++ {
		s.Step()
	}
	// The loss starts at 18 (6^2/2) and barely moves until ln(1/alpha^2)/(4*18) ≈ 0.19 time
	// units (spec §1.2: beta_3 = 2 alpha^2 sinh(4*18 t) while the residual is still 6).
	if s.Converged(1e-10) || s.Loss() < 17.99 {
		t.Errorf("on the plateau: converged %v, loss %g", s.Converged(1e-10), s.Loss())
	}
	for i := 0; i < 200000 && !s.Converged(1e-10); i++ {
		s.Step()
	}
	if !s.Converged(1e-10) || p.Residual(s.Beta(nil)) >= 1e-10 {
		t.Errorf("not converged after %g steps: residual %g", s.Time(), p.Residual(s.Beta(nil)))
	}
}
