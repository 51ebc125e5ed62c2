package sinkhorn

import "math"

// planRow writes row a of the reduced iterate into dst.
func (s *Solver) planRow(a int, dst []float64) {
	if s.ktValid {
		ua := s.u[a]
		for b, k := range s.kt[a*s.m : (a+1)*s.m] {
			dst[b] = ua * k * s.v[b]
		}
		return
	}
	// Before the first projection, or just after the potentials absorbed the scalings for a new
	// lambda, the kernel is not built: evaluate the plan from the potentials.
	ca := s.c[a*s.m : (a+1)*s.m]
	for b := range dst {
		dst[b] = s.u[a] * math.Exp((s.f[a]+s.g[b]-ca[b])/s.lam) * s.v[b]
	}
}

// sums fills s.r and s.cs with the row and column sums of the reduced iterate.
func (s *Solver) sums() {
	if s.ktValid {
		if !s.zOK {
			s.mulKt(s.z, s.v)
			s.zOK = true
		}
		if !s.wOK {
			s.mulKtT(s.w, s.u)
			s.wOK = true
		}
		for a := range s.r {
			s.r[a] = s.u[a] * s.z[a]
		}
		for b := range s.cs {
			s.cs[b] = s.v[b] * s.w[b]
		}
		return
	}
	clear(s.cs)
	for a := range s.r {
		s.planRow(a, s.row)
		t := 0.0
		for b, x := range s.row {
			t += x
			s.cs[b] += x
		}
		s.r[a] = t
	}
}

// MarginalError is ||P1 - p||_1 + ||P^T 1 - q||_1 for the current iterate.
func (s *Solver) MarginalError() float64 {
	r, c := s.MarginalErrors()
	return r + c
}

// MarginalErrors are the two parts of MarginalError: ||P1 - p||_1 (rows) and ||P^T 1 - q||_1
// (columns). Right after a projection the marginal it enforced is exact to rounding.
func (s *Solver) MarginalErrors() (rows, cols float64) {
	s.sums()
	for a, x := range s.r {
		rows += math.Abs(x - s.p[a])
	}
	for b, x := range s.cs {
		cols += math.Abs(x - s.q[b])
	}
	return rows, cols
}

// Plan writes the current iterate, N*M entries row-major, into dst (allocated if nil or short).
func (s *Solver) Plan(dst []float64) []float64 {
	N, M := s.prob.N, s.prob.M
	if len(dst) < N*M {
		dst = make([]float64, N*M)
	}
	dst = dst[:N*M]
	clear(dst)
	for a, i := range s.rows {
		s.planRow(a, s.row)
		for b, j := range s.cols {
			dst[i*M+j] = s.row[b]
		}
	}
	return dst
}

// RowSums and ColSums write the current iterate's marginals (length N and M).
func (s *Solver) RowSums(dst []float64) []float64 {
	s.sums()
	return scatter(dst, s.prob.N, s.rows, s.r)
}

func (s *Solver) ColSums(dst []float64) []float64 {
	s.sums()
	return scatter(dst, s.prob.M, s.cols, s.cs)
}

func scatter(dst []float64, n int, idx []int, x []float64) []float64 {
	if len(dst) < n {
		dst = make([]float64, n)
	}
	dst = dst[:n]
	clear(dst)
	for a, i := range idx {
		dst[i] = x[a]
	}
	return dst
}

// TransportCost is <C, P> for the current iterate.
func (s *Solver) TransportCost() float64 {
	if s.tcVersion == s.version {
		return s.tc
	}
	t := 0.0
	for a := 0; a < s.n; a++ {
		s.planRow(a, s.row)
		ca := s.c[a*s.m : (a+1)*s.m]
		for b, x := range s.row {
			t += x * ca[b]
		}
	}
	s.tc, s.tcVersion = t, s.version
	return t
}

// potentials are F = f + lam ln u and G = g + lam ln v: ln P_ij = (F_i + G_j - C_ij)/lam.
func (s *Solver) potential(a int, row bool) float64 {
	if row {
		return s.f[a] + s.lam*math.Log(s.u[a])
	}
	return s.g[a] + s.lam*math.Log(s.v[a])
}

// negEntropyTerm is sum P (C + lam ln P) at the stage's lambda, = sum_i r_i F_i + sum_j c_j G_j.
func (s *Solver) stageObjective() float64 {
	s.sums()
	t := 0.0
	for a, x := range s.r {
		if x > 0 {
			t += x * s.potential(a, true)
		}
	}
	for b, x := range s.cs {
		if x > 0 {
			t += x * s.potential(b, false)
		}
	}
	return t
}

// Entropy is H(P) = -sum P ln P of the current iterate.
func (s *Solver) Entropy() float64 {
	return (s.TransportCost() - s.stageObjective()) / s.lam
}

// Objective is <C,P> - lambda H(P) for the current iterate, with the requested lambda.
func (s *Solver) Objective() float64 {
	if s.lam == s.lambda {
		return s.stageObjective()
	}
	tc := s.TransportCost()
	return tc - s.lambda*(tc-s.stageObjective())/s.lam
}

// Dual is the dual objective <F,p> + <G,q> - lam sum_ij exp((F_i+G_j-C_ij)/lam) + lam at the
// current potentials and the stage's lambda. Every projection maximises it exactly over one
// block, so it never decreases along the iteration; at the optimum it equals Objective.
func (s *Solver) Dual() float64 {
	s.sums()
	t, mass := 0.0, 0.0
	for a, x := range s.r {
		t += s.p[a] * s.potential(a, true)
		mass += x
	}
	for b := range s.cs {
		t += s.q[b] * s.potential(b, false)
	}
	return t - s.lam*(mass-1)
}

// Potentials writes the dual potentials (F, G), gauge-fixed so that the first active G is
// zero: the plan is exp((F_i + G_j - C_ij)/lambda). Bins of zero weight get NaN.
func (s *Solver) Potentials() (F, G []float64) {
	F, G = make([]float64, s.prob.N), make([]float64, s.prob.M)
	for i := range F {
		F[i] = math.NaN()
	}
	for j := range G {
		G[j] = math.NaN()
	}
	shift := s.potential(0, false)
	for a, i := range s.rows {
		F[i] = s.potential(a, true) + shift
	}
	for b, j := range s.cols {
		G[j] = s.potential(b, false) - shift
	}
	return F, G
}
