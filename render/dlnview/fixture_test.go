package dlnview

import (
	"math"
	"math/rand/v2"
)

// The fixtures below build realistic views to draw: the reduced gradient flow of spec §1.2
// integrated with RK4, and argmin Q_α by Newton on the dual of spec §1.5. They are picture
// generators for these tests, not oracles: the solvers and their tests live in core/dln.
// TestFixturesMatchSpec checks them against the spec's tables all the same, so the pictures
// show true numbers.

// problem is X (n rows of d) and y.
type problem struct {
	X [][]float64
	y []float64
}

func (p problem) n() int { return len(p.X) }
func (p problem) d() int { return len(p.X[0]) }

// betaOf is 2α² sinh(Xᵀν), the form every flow point and the limit take (spec §1.3).
func (p problem) betaOf(alpha float64, nu []float64) []float64 {
	b := make([]float64, p.d())
	for i := range b {
		u := 0.0
		for k := range p.X {
			u += p.X[k][i] * nu[k]
		}
		b[i] = 2 * alpha * alpha * math.Sinh(u)
	}
	return b
}

func (p problem) mul(beta []float64) []float64 {
	r := make([]float64, p.n())
	for k, row := range p.X {
		for i, x := range row {
			r[k] += x * beta[i]
		}
	}
	return r
}

func (p problem) loss(beta []float64) (loss, maxRes float64) {
	xb := p.mul(beta)
	for k := range xb {
		d := xb[k] - p.y[k]
		loss += d * d
		maxRes = math.Max(maxRes, math.Abs(d))
	}
	return loss / (2 * float64(p.n())), maxRes
}

// solve solves the small dense system A x = b by Gaussian elimination with partial pivoting.
func solve(A [][]float64, b []float64) []float64 {
	n := len(b)
	M := make([][]float64, n)
	for i := range M {
		M[i] = append(append([]float64(nil), A[i]...), b[i])
	}
	for col := range n {
		piv := col
		for r := col + 1; r < n; r++ {
			if math.Abs(M[r][col]) > math.Abs(M[piv][col]) {
				piv = r
			}
		}
		M[col], M[piv] = M[piv], M[col]
		for r := col + 1; r < n; r++ {
			f := M[r][col] / M[col][col]
			for c := col; c <= n; c++ {
				M[r][c] -= f * M[col][c]
			}
		}
	}
	x := make([]float64, n)
	for r := n - 1; r >= 0; r-- {
		s := M[r][n]
		for c := r + 1; c < n; c++ {
			s -= M[r][c] * x[c]
		}
		x[r] = s / M[r][r]
	}
	return x
}

// oracle is argmin Q_α s.t. Xβ = y: Newton on the dual G(ν) = 2α² Σ cosh((Xᵀν)_i) − y·ν
// with the trust region max|XᵀΔ| ≤ 1 and backtracking on G (spec §1.5).
func (p problem) oracle(alpha float64) []float64 {
	n, d := p.n(), p.d()
	nu := make([]float64, n)
	a2 := 2 * alpha * alpha
	G := func(nu []float64) float64 {
		g := 0.0
		for i := range d {
			u := 0.0
			for k := range n {
				u += p.X[k][i] * nu[k]
			}
			g += a2 * math.Cosh(u)
		}
		for k := range n {
			g -= p.y[k] * nu[k]
		}
		return g
	}
	for range 500 {
		beta := p.betaOf(alpha, nu)
		grad := p.mul(beta)
		gmax := 0.0
		for k := range grad {
			grad[k] -= p.y[k]
			gmax = math.Max(gmax, math.Abs(grad[k]))
		}
		if gmax <= 1e-13*math.Max(1, maxAbs(p.y)) {
			break
		}
		H := make([][]float64, n)
		for k := range H {
			H[k] = make([]float64, n)
		}
		for i := range d {
			u := 0.0
			for k := range n {
				u += p.X[k][i] * nu[k]
			}
			w := a2 * math.Cosh(u)
			for k := range n {
				for l := range n {
					H[k][l] += p.X[k][i] * w * p.X[l][i]
				}
			}
		}
		step := solve(H, grad)
		du := 0.0
		for i := range d {
			u := 0.0
			for k := range n {
				u += p.X[k][i] * step[k]
			}
			du = math.Max(du, math.Abs(u))
		}
		if du > 1 {
			for k := range step {
				step[k] /= du
			}
		}
		g0, slope := G(nu), 0.0
		for k := range step {
			slope += grad[k] * step[k]
		}
		t := 1.0
		for range 60 {
			trial := make([]float64, n)
			for k := range trial {
				trial[k] = nu[k] - t*step[k]
			}
			if G(trial) <= g0-1e-4*t*slope || t < 1e-12 {
				nu = trial
				break
			}
			t /= 2
		}
	}
	return p.betaOf(alpha, nu)
}

func maxAbs(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = math.Max(m, math.Abs(v))
	}
	return m
}

// minL2 is Xᵀ(XXᵀ)⁻¹y.
func (p problem) minL2() []float64 {
	n := p.n()
	G := make([][]float64, n)
	for k := range G {
		G[k] = make([]float64, n)
		for l := range n {
			for i := range p.d() {
				G[k][l] += p.X[k][i] * p.X[l][i]
			}
		}
	}
	w := solve(G, p.y)
	b := make([]float64, p.d())
	for k := range n {
		for i := range b {
			b[i] += p.X[k][i] * w[k]
		}
	}
	return b
}

// run is a gradient-flow trajectory sampled at evenly spaced times.
type run struct {
	t      []float64
	beta   [][]float64
	loss   []float64
	maxRes []float64
}

// flow integrates ds/dt = y − Xβ(s), β = 2α² sinh((4/n)Xᵀs) (spec §1.2) with RK4, the step
// held under 0.5/L for L a bound on the Jacobian's largest eigenvalue, until max|Xβ − y|
// < tol (then a further tail of the run's length, to show the rest), and returns samples at
// evenly spaced times. The first pass finds the end time, the second records.
func (p problem) flow(alpha float64, samples int, tol, tail float64) run {
	return p.flowCapped(alpha, samples, tol, tail, math.Inf(1))
}

// flowCapped is flow that also stops at time tMax when the tolerance takes longer.
func (p problem) flowCapped(alpha float64, samples int, tol, tail, tMax float64) run {
	n, d := p.n(), p.d()
	colSq := make([]float64, d)
	for i := range d {
		for k := range n {
			colSq[i] += p.X[k][i] * p.X[k][i]
		}
	}
	scale := 4 / float64(n)
	rhs := func(s []float64) ([]float64, float64) {
		nu := make([]float64, n)
		for k := range nu {
			nu[k] = scale * s[k]
		}
		beta := p.betaOf(alpha, nu)
		r := p.mul(beta)
		L := 0.0
		for i := range d {
			L += scale * math.Sqrt(beta[i]*beta[i]+4*math.Pow(alpha, 4)) * colSq[i]
		}
		for k := range r {
			r[k] = p.y[k] - r[k]
		}
		return r, L
	}
	betaAt := func(s []float64) []float64 {
		nu := make([]float64, n)
		for k := range nu {
			nu[k] = scale * s[k]
		}
		return p.betaOf(alpha, nu)
	}
	integrate := func(tEnd float64, record func(t float64, s []float64) bool) {
		s := make([]float64, n)
		t := 0.0
		for steps := 0; steps < 2_000_000; steps++ {
			if record(t, s) {
				return
			}
			k1, L := rhs(s)
			dt := 0.5 / math.Max(L, 1e-9)
			dt = math.Min(dt, 0.02)
			if tEnd > 0 {
				dt = math.Min(dt, tEnd/float64(4*samples))
			}
			add := func(a []float64, k []float64, h float64) []float64 {
				out := make([]float64, n)
				for i := range out {
					out[i] = a[i] + h*k[i]
				}
				return out
			}
			k2, _ := rhs(add(s, k1, dt/2))
			k3, _ := rhs(add(s, k2, dt/2))
			k4, _ := rhs(add(s, k3, dt))
			for i := range s {
				s[i] += dt / 6 * (k1[i] + 2*k2[i] + 2*k3[i] + k4[i])
			}
			t += dt
		}
	}
	tConv := 0.0
	integrate(0, func(t float64, s []float64) bool {
		_, m := p.loss(betaAt(s))
		tConv = t
		return m < tol || t >= tMax
	})
	tEnd := tConv * (1 + tail)
	var out run
	next := 0
	integrate(tEnd, func(t float64, s []float64) bool {
		for next < samples && t >= tEnd*float64(next)/float64(samples-1)-1e-12 {
			b := betaAt(s)
			l, m := p.loss(b)
			out.t = append(out.t, t)
			out.beta = append(out.beta, b)
			out.loss = append(out.loss, l)
			out.maxRes = append(out.maxRes, m)
			next++
		}
		return next >= samples
	})
	return out
}

// logGrid is k points from a to b evenly in log10, largest first when a > b.
func logGrid(a, b float64, k int) []float64 {
	out := make([]float64, k)
	for i := range out {
		out[i] = math.Pow(10, math.Log10(a)+(math.Log10(b)-math.Log10(a))*float64(i)/float64(k-1))
	}
	return out
}

// qShape is q(z) = 2 − √(4 + z²) + z asinh(z/2) (spec §1.3).
func qShape(z float64) float64 { return 2 - math.Sqrt(4+z*z) + z*math.Asinh(z/2) }

func qSamples() (zs, qs []float64) {
	for k := -200; k <= 200; k++ {
		z := float64(k) / 20
		zs, qs = append(zs, z), append(qs, qShape(z))
	}
	return zs, qs
}

// fillRun puts samples 0..upto of a run into the view's history and current iterate.
func fillRun(v *View, r run, upto int) {
	upto = min(upto, len(r.t)-1)
	v.HistTime, v.HistBeta, v.HistLoss = r.t[:upto+1], r.beta[:upto+1], r.loss[:upto+1]
	v.Time, v.Beta, v.Loss, v.Residual = r.t[upto], r.beta[upto], r.loss[upto], r.maxRes[upto]
	v.Converged = r.maxRes[upto] < 1e-10
	v.AlphaEff = make([]float64, len(v.Beta))
	for i := range v.AlphaEff {
		v.AlphaEff[i] = v.Alpha
	}
}

// lineProblem is the 2-D example of the line view: X = [1, 2], y = 2, so min-L2 = (0.4, 0.8)
// (y x/|x|²) and min-L1 = (0, 1) (all weight on the larger entry of x).
var lineProblem = problem{X: [][]float64{{1, 2}}, y: []float64{2}}

// lineView is the flow at alpha on lineProblem, shown after the given fraction of its run.
func lineView(alpha, frac float64) View {
	p := lineProblem
	v := View{Mode: ModeLine, N: 1, D: 2, Alpha: alpha, Depth: 2, Algo: "flow", TimeLabel: "t",
		Row: [2]float64{1, 2}, Y0: 2, MinL2: []float64{0.4, 0.8}, MinL1: []float64{0, 1}, Oracle: p.oracle(alpha)}
	for _, a := range logGrid(1e2, 1e-6, 81) {
		b := p.oracle(a)
		v.TraceX, v.TraceY, v.TraceAlpha = append(v.TraceX, b[0]), append(v.TraceY, b[1]), append(v.TraceAlpha, a)
	}
	r := p.flow(alpha, 400, 1e-10, 0.05)
	fillRun(&v, r, int(frac*float64(len(r.t)-1)))
	for _, b := range v.HistBeta {
		v.PathX, v.PathY = append(v.PathX, b[0]), append(v.PathY, b[1])
	}
	return v
}

// exampleA is spec §1.6 Example A: X = [[1, 2, 3]], y = [6].
var exampleA = problem{X: [][]float64{{1, 2, 3}}, y: []float64{6}}

// exampleACoef is the coefficient view of Example A's flow at alpha.
func exampleACoef(alpha, frac float64) View {
	p := exampleA
	v := View{Mode: ModeCoef, N: 1, D: 3, Alpha: alpha, Depth: 2, Algo: "flow", TimeLabel: "t",
		MinL2: []float64{3.0 / 7, 6.0 / 7, 9.0 / 7}, MinL1: []float64{0, 0, 2}, Oracle: p.oracle(alpha),
		ShownIndex: []int{0, 1, 2}}
	r := p.flow(alpha, 300, 1e-10, 0.15)
	fillRun(&v, r, int(frac*float64(len(r.t)-1)))
	return v
}

// Example A's table (spec §1.6): alpha and |β*|₁ of the flow limit, which the spec found
// equal to the oracle's to 5e-13; used as the "simulated" points of the sweep.
var (
	exampleAAlphas = []float64{1e-3, 0.01, 0.1, 0.5, 1, 2, 10}
	exampleAL1     = []float64{2.0053564878, 2.0259478167, 2.1413056938, 2.4504487830, 2.5540191779, 2.5702089596, 2.5714266035}
)

// exampleASweep is the α sweep of Example A (no teacher, so no test-error panel).
func exampleASweep(alpha float64) View {
	p := exampleA
	v := View{Mode: ModeSweep, N: 1, D: 3, Alpha: alpha, Depth: 2, Algo: "flow",
		MinL2: []float64{3.0 / 7, 6.0 / 7, 9.0 / 7}, MinL1: []float64{0, 0, 2}, Oracle: p.oracle(alpha),
		L1OfMinL2: 18.0 / 7, L1OfMinL1: 2, TestOfMinL2: math.NaN(), TestOfMinL1: math.NaN(), CurrentTest: math.NaN()}
	v.SweepAlpha = logGrid(1e-6, 1e2, 97)
	for _, a := range v.SweepAlpha {
		v.SweepL1 = append(v.SweepL1, l1(p.oracle(a)))
	}
	v.SimAlpha, v.SimL1 = exampleAAlphas, exampleAL1
	v.QZ, v.QVal = qSamples()
	r := p.flow(alpha, 100, 1e-10, 0)
	v.CurrentL1 = l1(r.beta[len(r.beta)/8])
	return v
}

// exampleB is spec §1.6 Example B; y = X·(0, 2, 0, 0, 0), so that vector serves as the
// teacher and the min-L1 solution recovers it exactly.
var (
	exampleB        = problem{X: [][]float64{{1, 0.5, -1, 2, 0.3}, {0, 1, 1, -0.5, 1}}, y: []float64{1, 2}}
	exampleBTeacher = []float64{0, 2, 0, 0, 0}
	exampleBAlphas  = []float64{1e-3, 0.01, 0.1, 0.5, 1, 2, 10}
	// β* rows of the spec's table for those alphas.
	exampleBRows = [][]float64{
		{2.3643898e-03, 1.6633449253, 1.4398717e-05, 0.0302257411, 0.3517535465},
		{0.0126687103, 1.4649701926, 1.0175474e-03, 0.0444930524, 0.5562587862},
		{0.0712578442, 1.1840105115, 0.0588350654, 0.0783375063, 0.7963231762},
		{0.2473947543, 0.9214047817, 0.3521734488, 0.1982091967, 0.8255263678},
		{0.2896250344, 0.8768851455, 0.4210923979, 0.2243804901, 0.8142127016},
		{0.2944648469, 0.8719870958, 0.4288772068, 0.2272921408, 0.8127817678},
		{0.2948076925, 0.8716415681, 0.4294277601, 0.2274977126, 0.8126795280},
	}
)

func sqDist(a, b []float64) float64 { d := dist(a, b, 2); return d * d }

// exampleBSweep is the α sweep of Example B with its test-error panel.
func exampleBSweep(alpha float64) View {
	p := exampleB
	minL2 := p.minL2()
	v := View{Mode: ModeSweep, N: 2, D: 5, Alpha: alpha, Depth: 2, Algo: "flow", Teacher: exampleBTeacher,
		MinL2: minL2, MinL1: exampleBTeacher, Oracle: p.oracle(alpha),
		L1OfMinL2: l1(minL2), L1OfMinL1: 2, TestOfMinL2: sqDist(minL2, exampleBTeacher), TestOfMinL1: 0}
	v.SweepAlpha = logGrid(1e-6, 1e2, 97)
	for _, a := range v.SweepAlpha {
		b := p.oracle(a)
		v.SweepL1 = append(v.SweepL1, l1(b))
		v.SweepTest = append(v.SweepTest, sqDist(b, exampleBTeacher))
	}
	v.SimAlpha = exampleBAlphas
	for _, b := range exampleBRows {
		v.SimL1 = append(v.SimL1, l1(b))
		v.SimTest = append(v.SimTest, sqDist(b, exampleBTeacher))
	}
	v.QZ, v.QVal = qSamples()
	r := p.flow(alpha, 100, 1e-10, 0)
	b := r.beta[len(r.beta)*3/4]
	v.CurrentL1, v.CurrentTest = l1(b), sqDist(b, exampleBTeacher)
	return v
}

// sparseProblem is a noiseless sparse teacher: X standard normal (n x d), k non-zeros
// N(0, 4) at random places, y = X β_teacher.
func sparseProblem(n, d, k int, seed uint64) (problem, []float64) {
	rng := rand.New(rand.NewPCG(seed, 7))
	X := make([][]float64, n)
	for r := range X {
		X[r] = make([]float64, d)
		for i := range X[r] {
			X[r][i] = rng.NormFloat64()
		}
	}
	teacher := make([]float64, d)
	for _, i := range rng.Perm(d)[:k] {
		teacher[i] = 2 * rng.NormFloat64()
	}
	p := problem{X: X}
	p.y = p.mul(teacher)
	return p, teacher
}

// sparseCoef is the coefficient view of the flow on a sparse-teacher problem, showing the
// teacher's support and the largest other limit entries.
func sparseCoef(n, d, k int, alpha, frac float64) View {
	p, teacher := sparseProblem(n, d, k, 3)
	v := View{Mode: ModeCoef, N: n, D: d, Alpha: alpha, Depth: 2, Algo: "flow", TimeLabel: "t",
		Teacher: teacher, MinL2: p.minL2(), Oracle: p.oracle(alpha)}
	for i, t := range teacher {
		if t != 0 {
			v.ShownIndex = append(v.ShownIndex, i)
		}
	}
	r := p.flowCapped(alpha, 400, 1e-8, 0, 40*math.Log10(1/alpha)/3)
	fillRun(&v, r, int(frac*float64(len(r.t)-1)))
	return v
}

// syntheticCoef is a large coefficient view with made-up saddle-to-saddle curves (each
// support coordinate switching on in turn, the rest drifting a little), for the benchmark
// and for the GD look of alpha_eff. Not dynamics, only shapes.
func syntheticCoef(d, samples, k int) View {
	rng := rand.New(rand.NewPCG(11, 5))
	v := View{Mode: ModeCoef, N: 100, D: d, Alpha: 1e-3, Depth: 2, Algo: "gd", Eta: 0.01, TimeLabel: "steps"}
	v.Teacher = make([]float64, d)
	v.Oracle = make([]float64, d)
	v.AlphaEff = make([]float64, d)
	support := rng.Perm(d)[:k]
	noise := make([]float64, d)
	for i := range noise {
		noise[i] = 0.03 * rng.NormFloat64()
	}
	for j, i := range support {
		v.Teacher[i] = 2 * rng.NormFloat64()
		v.ShownIndex = append(v.ShownIndex, i)
		_ = j
	}
	T := 20000.0
	for s := range samples {
		t := T * float64(s) / float64(samples-1)
		b := make([]float64, d)
		for i := range b {
			b[i] = noise[i] * (1 - math.Exp(-t/3000))
		}
		for j, i := range support {
			on := 1 / (1 + math.Exp(-(t-float64(j+1)*T/float64(k+2))/300))
			b[i] = v.Teacher[i] * 0.97 * on
		}
		v.HistTime = append(v.HistTime, t)
		v.HistBeta = append(v.HistBeta, b)
		v.HistLoss = append(v.HistLoss, 3*math.Exp(-t/2500)+1e-9)
	}
	last := v.HistBeta[samples-1]
	for i := range v.Oracle {
		v.Oracle[i] = 0.97*v.Teacher[i] + noise[i]*0.3
		v.AlphaEff[i] = v.Alpha * math.Exp(-0.6*math.Abs(last[i]))
	}
	v.Time, v.Beta, v.Loss = T, last, v.HistLoss[samples-1]
	v.Residual = 1e-5
	return v
}
