package krsim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"solvable/core/linalg"
)

// Kind is the experiment a Sim runs.
type Kind int

const (
	// Transfer: task A then task B, targets with similarity rho (spec §3.1–3.3). Sizes is
	// {N_A, N_B}; every rho in Rhos is measured on the same draws (common random numbers).
	Transfer Kind = iota
	// Sequence: n tasks with the same target, each fitting the residual of the previous model
	// (spec §3.4, self-knowledge transfer and forgetting). Sizes is {N_1, ..., N_n}; one task
	// is the single-task learning curve point E_g(N_1).
	Sequence
)

// MarshalText writes the experiment's name ("transfer", "sequence") for JSON.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

func (k Kind) String() string {
	switch k {
	case Transfer:
		return "transfer"
	case Sequence:
		return "sequence"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Limits. MaxPoints bounds the points of one seed, training sets and test set together: the
// teacher's covariance on them is factorised once per seed, about MaxPoints^3/3 = 1.1e9
// multiply-adds (0.2 s natively, 0.6 s as wasm, spread over chunks), and the two n x n
// matrices of a seed take 2 MaxPoints^2 8 bytes = 36 MB, kept from seed to seed.
const (
	MaxPoints = 1500
	MaxTasks  = 20
	MaxSeeds  = 100000
	MaxD      = 1000
)

// cholTol is the relative pivot floor of the Cholesky factorisations (linalg.Cholesky): a
// pivot at or below 1e-13 times the largest diagonal entry means the kernel matrix is singular
// to working precision, and the seed fails with an error in words rather than going on with a
// regularised matrix.
const cholTol = 1e-13

// Config is one simulated point: which experiment, the sphere, the kernels, the sample sizes
// and the seeds.
type Config struct {
	Kind    Kind
	D       int       // inputs uniform on the unit sphere S^{D-1} in R^D, D >= 2
	Kernel  Kernel    // the student's kernel (the NTK) as a function of t = x.x'
	Teacher Kernel    // the teacher's covariance k_s(t); nil means Kernel itself, i.e. s_k ∝ eta_k
	Sizes   []int     // training set sizes: {N_A, N_B} for Transfer, {N_1..N_n} for Sequence
	Rhos    []float64 // Transfer: target similarities in [-1, 1]
	Ridge   float64   // explicit ridge lambda >= 0 (0: the minimum-norm interpolant)
	Noise   float64   // label-noise variance sigma^2 >= 0 (added to every training label)
	Test    int       // fresh test points per seed (errors are measured against clean targets)
	Seeds   int       // seeds to average
	Seed    uint64    // seed s (0-based) draws from PCG(Seed, s), so each seed is reproducible on its own

	// Modes, when given, replaces the sphere by Gaussian features (spec §2.3A): inputs are
	// z ~ N(0, I_M), the kernel is K(z,z') = sum_k Modes[k] z_k z'_k (eigenvalue eta_k =
	// Modes[k], degeneracy 1), the teacher is f*(z) = sum_k v_k z_k with v_k ~ N(0, Power[k]),
	// and the test error is sum_k (v_k - vhat_k)^2 exactly, with no test points. D, Kernel,
	// Teacher and Test are then unused (Kernel and Teacher must be nil). This is how a
	// spectrum that is not a sphere's (a power law, a finite number of modes) is simulated.
	Modes []float64
	Power []float64 // target power s_k per mode; nil means Modes (s = eta)
}

// power is the target power per mode of the Gaussian-features teacher.
func (c Config) power() []float64 {
	if c.Power != nil {
		return c.Power
	}
	return c.Modes
}

// Check reports, in a sentence naming the parameter, why c cannot be simulated, or nil.
func (c Config) Check() error {
	switch c.Kind {
	case Transfer:
		if len(c.Sizes) != 2 {
			return fmt.Errorf("the two-task experiment needs two training set sizes, N_A and N_B; %d are given", len(c.Sizes))
		}
		if len(c.Rhos) == 0 {
			return errors.New("the two-task experiment needs at least one target similarity rho")
		}
		for i, r := range c.Rhos {
			if !(r >= -1 && r <= 1) {
				return fmt.Errorf("the target similarity rho must lie in [-1, 1]; entry %d is %g", i+1, r)
			}
		}
	case Sequence:
		if len(c.Sizes) < 1 || len(c.Sizes) > MaxTasks {
			return fmt.Errorf("the sequence of tasks needs between 1 and %d training set sizes; %d are given", MaxTasks, len(c.Sizes))
		}
	default:
		return fmt.Errorf("unknown experiment %v", c.Kind)
	}
	for i, n := range c.Sizes {
		if n < 1 {
			return fmt.Errorf("every training set needs at least one point; task %d has %d", i+1, n)
		}
	}
	if c.Seeds < 1 || c.Seeds > MaxSeeds {
		return fmt.Errorf("the number of seeds must be between 1 and %d; it is %d", MaxSeeds, c.Seeds)
	}
	if !(c.Ridge >= 0) || math.IsInf(c.Ridge, 0) {
		return fmt.Errorf("the ridge must be a finite number >= 0; it is %g", c.Ridge)
	}
	if !(c.Noise >= 0) || math.IsInf(c.Noise, 0) {
		return fmt.Errorf("the label-noise variance must be a finite number >= 0; it is %g", c.Noise)
	}
	if c.Modes != nil {
		return c.checkFeatures()
	}
	if c.D < 2 || c.D > MaxD {
		return fmt.Errorf("the input dimension D must be between 2 and %d (points on the sphere S^{D-1}); it is %d", MaxD, c.D)
	}
	if c.Kernel == nil {
		return errors.New("no kernel is given")
	}
	if c.Test < 1 {
		return fmt.Errorf("the test set needs at least one point; it has %d", c.Test)
	}
	if n := c.points(); n > MaxPoints {
		return fmt.Errorf("the training and test sets together have %d points; at most %d fit in one seed (the teacher's covariance on all of them is factorised)", n, MaxPoints)
	}
	for _, k := range []struct {
		name string
		f    Kernel
	}{{"kernel", c.Kernel}, {"teacher covariance", c.Teacher}} {
		if k.f == nil {
			continue
		}
		for _, t := range []float64{1, 0.5, 0, -0.5, -1} {
			if v := k.f(t); math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("the %s is not a finite number at t = %g", k.name, t)
			}
		}
		if !(k.f(1) > 0) {
			return fmt.Errorf("the %s must be positive at t = 1 (its value on the diagonal); it is %g", k.name, k.f(1))
		}
	}
	return nil
}

func (c Config) points() int {
	n := c.Test
	for _, m := range c.Sizes {
		n += m
	}
	return n
}

// Result is what the seeds done so far say. Every slice is a copy: reading a Result never
// races with the next Step. With encoding/json it marshals to the field names in the tags;
// the other experiment's fields, and E_A before the first seed, are left out.
type Result struct {
	Kind  Kind `json:"kind"`
	Seeds int  `json:"seeds"` // seeds done
	// Transfer: per entry of Rhos.
	Rhos     []float64 `json:"rho,omitempty"`
	EA       Stat      `json:"eA,omitzero"`        // task A alone, tested on A (rho does not enter)
	EB       []Stat    `json:"eB,omitempty"`       // task B trained from zero, tested on B
	Forward  []Stat    `json:"forward,omitempty"`  // E_{A->B}: A then B, tested on B
	Backward []Stat    `json:"backward,omitempty"` // E^back_{A->B}: A then B, tested on A
	// BackwardCV estimates the same mean as Backward with a control variate: from each seed's
	// backward error it subtracts Delta - 2(1-rho) k_s(1), where Delta is the test average of
	// (f_A - f_B)^2, whose expectation 2(1-rho) k_s(1) is known exactly (f_A - f_B is a GP with
	// covariance 2(1-rho) k_s; for Gaussian features Delta is sum_k (v_A,k - v_B,k)^2 and
	// k_s(1) is sum_k s_k). Unbiased; it removes the target-difference term 2(1-rho) sum s
	// that dominates E^back and makes it heavy-tailed (spec §3.7.4): on S^9, L = 3, N = 100,
	// 200 seeds, its standard error is 3.7x smaller at rho = 0 and 3x at rho = 1/2.
	BackwardCV []Stat `json:"backwardCV,omitempty"`
	// Gain is Forward - EB seed by seed, so its standard error is that of the paired
	// difference: negative means positive forward transfer. The critical rho is where it
	// crosses zero (1/2 for s ∝ eta, spec §3.3).
	Gain []Stat `json:"gain,omitempty"`
	// Sequence: Tasks[j] is the test error after task j+1, E_{j+1}.
	Tasks []Stat `json:"tasks,omitempty"`
}

// Sim runs Config.Seeds independent seeds of the experiment, accumulating the means and
// standard errors. Step runs one whole seed; StepChunk does at most about ChunkWork
// multiply-adds of one (a row block of a kernel matrix or of a Cholesky factor, or a task's
// fit), so the browser can call it while its frame budget lasts and still fill the error bars
// seed by seed. A seed counts only once it is complete; Result reads only complete seeds.
type Sim struct {
	cfg  Config
	done int
	err  error
	cur  worker // the seed in progress, nil between seeds

	ea                               acc
	eb, fwd, back, backCV, gain, seq []acc

	last []float64 // the last complete seed's values (see Last)

	kbuf, cbuf []float64 // the kernel matrices, reused from seed to seed
}

// ChunkWork bounds the work of one StepChunk in multiply-adds, counting one entry of a kernel
// matrix as KernelWork + D of them (the kernel and the dot product of two points). 2^21 is
// about 0.4 ms natively and 1.1 ms as wasm under Node (BenchmarkCholesky400: 0.19 ns and
// 0.54 ns a multiply-add; BenchmarkChunk measures 0.40 ms and 0.99 ms a chunk). KernelWork is
// the measured cost of one evaluation of the L = 3 ReLU NTK in those units
// (BenchmarkSeed/gram: about 110 ns natively and 220 ns as wasm, i.e. 600 and 410
// multiply-adds); other kernels differ, which only moves the chunk's duration.
const (
	ChunkWork  = 1 << 21
	KernelWork = 500
)

// New checks the configuration and prepares a simulation; no seed is run yet.
func New(cfg Config) (*Sim, error) {
	if err := cfg.Check(); err != nil {
		return nil, err
	}
	s := &Sim{cfg: cfg.clone()}
	switch cfg.Kind {
	case Transfer:
		n := len(cfg.Rhos)
		s.eb, s.fwd, s.back, s.backCV, s.gain = make([]acc, n), make([]acc, n), make([]acc, n), make([]acc, n), make([]acc, n)
	case Sequence:
		s.seq = make([]acc, len(cfg.Sizes))
	}
	return s, nil
}

// Config returns the configuration (a copy).
func (s *Sim) Config() Config { return s.cfg.clone() }

// clone copies the slices, so that neither the caller's later changes reach a Sim nor the
// other way round (a nil slice stays nil: Modes == nil selects the sphere).
func (c Config) clone() Config {
	c.Sizes = slices.Clone(c.Sizes)
	c.Rhos = slices.Clone(c.Rhos)
	c.Modes = slices.Clone(c.Modes)
	c.Power = slices.Clone(c.Power)
	return c
}

// Done reports whether all seeds have run (or a seed failed).
func (s *Sim) Done() bool { return s.err != nil || s.done >= s.cfg.Seeds }

// Err is the failure of a seed, in words, or nil. A failed Sim does not step again.
func (s *Sim) Err() error { return s.err }

// SeedsDone is the number of complete seeds in the averages.
func (s *Sim) SeedsDone() int { return s.done }

// Step runs the rest of the current seed, or a whole new one, and adds it to the averages. It
// does nothing once Done.
func (s *Sim) Step() error {
	d := s.done
	for !s.Done() && s.done == d {
		s.StepChunk()
	}
	return s.err
}

// StepChunk does one bounded piece of the current seed (starting one if none is in progress)
// and reports whether that completed the seed. It does nothing once Done.
func (s *Sim) StepChunk() (seedDone bool) {
	if s.Done() {
		return false
	}
	if s.cur == nil {
		rng := rand.New(rand.NewPCG(s.cfg.Seed, uint64(s.done)))
		if s.cfg.Modes != nil {
			s.cur = s.newFeatureSeed(rng)
		} else {
			s.cur = s.newSeed(rng)
		}
	}
	finished, err := s.cur.advance(s)
	if err != nil {
		s.err = fmt.Errorf("seed %d: %w", s.done+1, err)
		s.cur = nil
		return false
	}
	if !finished {
		return false
	}
	s.cur = nil
	s.done++
	return true
}

// Run steps until Done and returns the result.
func (s *Sim) Run() (Result, error) {
	for !s.Done() {
		s.StepChunk()
	}
	return s.Result(), s.err
}

// Last returns the values of the last complete seed: for Transfer E_A, then E_B, Forward,
// Backward and BackwardCV per rho (1 + 4 len(Rhos) numbers); for Sequence E_1..E_n. Nil before
// the first seed.
func (s *Sim) Last() []float64 { return append([]float64(nil), s.last...) }

// Result returns the averages over the complete seeds.
func (s *Sim) Result() Result {
	r := Result{Kind: s.cfg.Kind, Seeds: s.done}
	stats := func(a []acc) []Stat {
		if a == nil {
			return nil
		}
		out := make([]Stat, len(a))
		for i, x := range a {
			out[i] = x.stat()
		}
		return out
	}
	switch s.cfg.Kind {
	case Transfer:
		r.Rhos = append([]float64(nil), s.cfg.Rhos...)
		r.EA = s.ea.stat()
		r.EB, r.Forward, r.Backward, r.Gain = stats(s.eb), stats(s.fwd), stats(s.back), stats(s.gain)
		r.BackwardCV = stats(s.backCV)
	case Sequence:
		r.Tasks = stats(s.seq)
	}
	return r
}

// A seed goes through these phases, each resumable at a row: the student's kernel matrix, the
// teacher's (when it differs), the teacher's Cholesky factor, the teacher samples, then per task
// the factor of its kernel block and its fit.
const (
	phaseGram = iota
	phaseTeacherGram
	phaseTeacherChol
	phaseSample
	phaseTaskChol
	phaseTaskFit
)

// worker is one seed in progress: advance does a chunk of it and reports whether the seed is
// complete (and recorded).
type worker interface {
	advance(s *Sim) (bool, error)
}

// seed is one seed on the sphere in progress.
type seed struct {
	rng   *rand.Rand
	X     []float64 // points, n x D: the training sets in task order, then the test set
	d     *draw
	C     []float64 // the teacher's covariance, factorised in place
	cbuf  []float64 // storage for C
	phase int
	row   int       // next row of the current matrix
	task  int       // current task
	sv    *solver   // the current task's factor
	pred  []float64 // model after the tasks so far, on later tasks' points and the test set
	vals  []float64 // the seed's values (Sequence: one per task so far)
}

// draw is one seed's points, kernel matrices and teacher samples.
type draw struct {
	n    int       // points: the training sets in task order, then the test set
	K    []float64 // student kernel matrix, n x n
	f, g []float64 // two independent teacher samples on all n points (g only for Transfer)
	eps  []float64 // standard normals for the label noise, one per training point
	off  []int     // task j's training points are [off[j], off[j+1]); the test set is [off[len(Sizes)], n)
}

// newSeed draws the points. The order of the draws from a seed's stream is fixed (points, the
// teacher's normals z_f then z_g, the label noise), so a seed means the same data in every
// configuration with the same sizes, D and test set: common random numbers across rho, noise
// and ridge.
func (s *Sim) newSeed(rng *rand.Rand) *seed {
	c := s.cfg
	d := &draw{n: c.points(), off: make([]int, len(c.Sizes)+1)}
	for j, m := range c.Sizes {
		d.off[j+1] = d.off[j] + m
	}
	if len(s.kbuf) < d.n*d.n {
		s.kbuf, s.cbuf = make([]float64, d.n*d.n), make([]float64, d.n*d.n)
	}
	d.K = s.kbuf[:d.n*d.n] // every entry is written by gramRows
	return &seed{rng: rng, X: SpherePoints(rng, d.n, c.D), d: d, cbuf: s.cbuf[:d.n*d.n]}
}

// advance does one chunk of work and reports whether the seed is complete (its values then
// added to the averages).
func (sd *seed) advance(s *Sim) (bool, error) {
	c, d := s.cfg, sd.d
	n := d.n
	switch sd.phase {
	case phaseGram, phaseTeacherGram:
		k, G := c.Kernel, d.K
		if sd.phase == phaseTeacherGram {
			k, G = c.Teacher, sd.C
		}
		sd.row = gramRows(k, sd.X, n, c.D, G, sd.row, ChunkWork/(KernelWork+c.D))
		if sd.row < n {
			return false, nil
		}
		sd.row = 0
		for _, v := range G {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				if sd.phase == phaseGram {
					return false, errors.New("the kernel gave a value that is not a finite number")
				}
				return false, errors.New("the teacher's covariance gave a value that is not a finite number")
			}
		}
		if sd.phase == phaseGram {
			sd.C = sd.cbuf
			if c.Teacher == nil {
				copy(sd.C, d.K)
				sd.phase = phaseTeacherChol
			} else {
				sd.phase = phaseTeacherGram
			}
		} else {
			sd.phase = phaseTeacherChol
		}
		return false, nil
	case phaseTeacherChol:
		hi := rowsWithin(sd.row, n, ChunkWork)
		if !linalg.CholeskyRows(sd.C, n, sd.row, hi, cholTol) {
			return false, fmt.Errorf("the teacher's covariance on the %d training and test points is singular or not positive definite to working precision, so no Gaussian-process teacher can be drawn on them; use fewer points, a larger D, or a teacher whose spectrum falls off more slowly", n)
		}
		sd.row = hi
		if sd.row == n {
			sd.row, sd.phase = 0, phaseSample
		}
		return false, nil
	case phaseSample:
		z := make([]float64, n)
		normals(sd.rng, z)
		d.f = make([]float64, n)
		linalg.LowerMulVec(sd.C, n, z, d.f)
		if c.Kind == Transfer {
			normals(sd.rng, z)
			d.g = make([]float64, n)
			linalg.LowerMulVec(sd.C, n, z, d.g)
		}
		d.eps = make([]float64, d.off[len(c.Sizes)])
		normals(sd.rng, d.eps)
		sd.C = nil
		sd.pred = make([]float64, n)
		sd.phase = phaseTaskChol
		return false, nil
	case phaseTaskChol:
		if sd.row == 0 {
			sd.sv = d.newSolver(sd.task, c.Ridge)
		}
		m := sd.sv.hi - sd.sv.lo
		hi := rowsWithin(sd.row, m, ChunkWork)
		if !linalg.CholeskyRows(sd.sv.L, m, sd.row, hi, cholTol) {
			if c.Ridge == 0 {
				return false, fmt.Errorf("the %d x %d kernel matrix of task %d's training points is singular to working precision, so the minimum-norm interpolant is not defined; add a ridge", m, m, sd.task+1)
			}
			return false, fmt.Errorf("the kernel matrix of task %d plus the ridge %g is not positive definite to working precision", sd.task+1, c.Ridge)
		}
		sd.row = hi
		if sd.row == m {
			sd.row, sd.phase = 0, phaseTaskFit
		}
		return false, nil
	case phaseTaskFit:
		var done bool
		switch c.Kind {
		case Transfer:
			done = sd.fitTransfer(s)
		case Sequence:
			done = sd.fitSequence(s)
		}
		sd.task++
		sd.phase = phaseTaskChol
		return done, nil
	}
	return false, fmt.Errorf("internal error: phase %d", sd.phase)
}

// rowsWithin returns the end of the row block [lo, hi) of a Cholesky factorisation of an m x m
// matrix whose cost, about sum_i i^2/2 multiply-adds, stays within work (at least one row).
func rowsWithin(lo, m int, work float64) int {
	hi, w := lo, 0.0
	for hi < m {
		w += float64(hi)*float64(hi)/2 + float64(hi)
		if hi > lo && w > work {
			break
		}
		hi++
	}
	return hi
}

// gramRows fills rows lo.. of the n x n matrix G[i][j] = k(x_i . x_j) (row i: j <= i, mirrored
// above the diagonal) until about evals kernel evaluations are done (at least one row), and
// returns the next row. The diagonal is k(1) exactly; off the diagonal the dot product of two
// unit vectors is clamped to [-1, 1], which only removes rounding (|x.y| may come out as
// 1 + 2^-52 for near-parallel points, and the square roots in the ReLU kernels would then give
// NaN; spec §1.6.5).
func gramRows(k Kernel, X []float64, n, D int, G []float64, lo, evals int) int {
	k1 := k(1)
	done := 0
	i := lo
	for ; i < n && (i == lo || done+i <= evals); i++ {
		xi := X[i*D : (i+1)*D]
		G[i*n+i] = k1
		for j := range i {
			xj := X[j*D : (j+1)*D]
			t := 0.0
			for c, v := range xi {
				t += v * xj[c]
			}
			t = math.Max(-1, math.Min(1, t))
			v := k(t)
			G[i*n+j], G[j*n+i] = v, v
		}
		done += i
	}
	return i
}

// gram returns the whole matrix of gramRows.
func gram(k Kernel, X []float64, n, D int) []float64 {
	G := make([]float64, n*n)
	gramRows(k, X, n, D, G, 0, n*n)
	return G
}

func normals(rng *rand.Rand, z []float64) {
	for i := range z {
		z[i] = rng.NormFloat64()
	}
}

// solver holds the factor of K[J,J] + ridge I for the block J = [lo, hi) of the points.
type solver struct {
	lo, hi int
	L      []float64
}

// newSolver copies task j's kernel block plus the ridge, ready for CholeskyRows.
func (d *draw) newSolver(task int, ridge float64) *solver {
	lo, hi := d.off[task], d.off[task+1]
	m := hi - lo
	L := make([]float64, m*m)
	for i := range m {
		copy(L[i*m:(i+1)*m], d.K[(lo+i)*d.n+lo:(lo+i)*d.n+hi])
		L[i*m+i] += ridge
	}
	return &solver{lo: lo, hi: hi, L: L}
}

// predict returns K(x_i, X_J) (K_JJ + ridge I)^{-1} r for every point i in [from, n), as a
// vector over all n points (zero below from); r holds the values on J.
func (d *draw) predict(sv *solver, r []float64, from int) []float64 {
	m := sv.hi - sv.lo
	alpha := append([]float64(nil), r...)
	linalg.CholSolve(sv.L, m, alpha)
	out := make([]float64, d.n)
	for i := from; i < d.n; i++ {
		row := d.K[i*d.n+sv.lo : i*d.n+sv.hi]
		s := 0.0
		for k, a := range alpha {
			s += row[k] * a
		}
		out[i] = s
	}
	return out
}

// labels returns target values plus label noise on task j's training points.
func (s *Sim) labels(d *draw, task int, target []float64) []float64 {
	lo, hi := d.off[task], d.off[task+1]
	y := append([]float64(nil), target[lo:hi]...)
	if s.cfg.Noise > 0 {
		sd := math.Sqrt(s.cfg.Noise)
		for i := range y {
			y[i] += sd * d.eps[lo+i]
		}
	}
	return y
}

// fitTransfer fits task A (task 0) or task B (task 1) of the two-task experiment and, after
// B, records the seed. With f_A = f and g independent teacher samples, the task-B target is
// f_B = rho f_A + sqrt(1-rho^2) g: a Gaussian process with the same covariance and
// E[f_A(x) f_B(x')] = rho k_s(x.x'), so its spherical-harmonic coefficients have
// E v_A v_B = rho s_k (spec §3.1). Stage A fits y_A; stage B fits the residual y_B - f_A(X_B)
// and adds the fit to f_A (spec §3.1: f_n = f_{n-1} + K(x,X_n) K_n^{-1}(y_n - f_{n-1}(X_n))).
// Everything after stage A is linear in (rho, sqrt(1-rho^2), the noise), so every rho is
// evaluated from four stage-B solves on the same draw.
func (sd *seed) fitTransfer(s *Sim) bool {
	d := sd.d
	if sd.task == 0 {
		sd.pred = d.predict(sd.sv, s.labels(d, 0, d.f), d.off[1]) // f_A on B and the test set
		return false
	}
	fA := sd.pred
	test := d.off[2]
	lo, hi := d.off[1], d.off[2]
	uF := d.predict(sd.sv, d.f[lo:hi], test)
	uG := d.predict(sd.sv, d.g[lo:hi], test)
	uA := d.predict(sd.sv, fA[lo:hi], test)
	var uN []float64 // the fit of task B's label noise
	if s.cfg.Noise > 0 {
		uN = d.predict(sd.sv, s.labels(d, 1, make([]float64, d.n)), test)
	}
	s.recordTransfer(d.f[test:], d.g[test:], fA[test:], uF[test:], uG[test:], uA[test:], tail(uN, test), 1/float64(d.n-test), s.teacherVariance())
	return true
}

func tail(v []float64, from int) []float64 {
	if v == nil {
		return nil
	}
	return v[from:]
}

// teacherVariance is E f(x)^2 for the teacher: k_s(1) on the sphere, sum_k s_k for features.
func (s *Sim) teacherVariance() float64 {
	c := s.cfg
	switch {
	case c.Modes != nil:
		t := 0.0
		for _, v := range c.power() {
			t += v
		}
		return t
	case c.Teacher != nil:
		return c.Teacher(1)
	}
	return c.Kernel(1)
}

// recordTransfer measures one seed of the two-task experiment and adds it to the averages. The
// vectors are indexed by the points where the errors are measured (test points, or modes for
// Gaussian features), each with weight w: f and g the two teacher samples, fA the task-A model,
// uF, uG, uA and uN the stage-B fits of f, g, f_A and of B's label noise (nil without noise) on
// B's training points; tv = E f(x)^2. A then B is fA + rho uF + c uG - uA + uN with
// c = sqrt(1-rho^2), B from zero is rho uF + c uG + uN.
func (s *Sim) recordTransfer(f, g, fA, uF, uG, uA, uN []float64, w, tv float64) {
	eA := 0.0
	for i, fi := range f {
		e := fi - fA[i]
		eA += e * e
	}
	eA *= w
	k := len(s.cfg.Rhos)
	vals := make([]float64, 1+4*k)
	vals[0] = eA
	s.ea.add(eA)
	for r, rho := range s.cfg.Rhos {
		c := math.Sqrt((1 - rho) * (1 + rho))
		var eB, fwd, back, delta float64
		for i, fi := range f {
			fB := rho*fi + c*g[i]
			delta += (fi - fB) * (fi - fB)
			b0 := rho*uF[i] + c*uG[i] // task B from zero
			if uN != nil {
				b0 += uN[i]
			}
			ab := fA[i] + b0 - uA[i] // A then B
			eB += (fB - b0) * (fB - b0)
			fwd += (fB - ab) * (fB - ab)
			back += (fi - ab) * (fi - ab)
		}
		eB, fwd, back, delta = eB*w, fwd*w, back*w, delta*w
		backCV := back - (delta - 2*(1-rho)*tv)
		s.eb[r].add(eB)
		s.fwd[r].add(fwd)
		s.back[r].add(back)
		s.backCV[r].add(backCV)
		s.gain[r].add(fwd - eB)
		vals[1+r], vals[1+k+r], vals[1+2*k+r], vals[1+3*k+r] = eB, fwd, back, backCV
	}
	s.last = vals
}

// recordSequence adds one seed's E_1..E_n to the averages (only a seed that finished every
// task counts).
func (s *Sim) recordSequence(vals []float64) {
	for k, v := range vals {
		s.seq[k].add(v)
	}
	s.last = vals
}

// fitSequence fits task j of n with the same target f: it fits y_j - f_{j-1}(X_j) and adds the
// fit (spec §3.4), then measures E_j; after the last task it records the seed.
func (sd *seed) fitSequence(s *Sim) bool {
	d := sd.d
	j := sd.task
	nt := len(s.cfg.Sizes)
	test := d.off[nt]
	y := s.labels(d, j, d.f)
	for i := range y {
		y[i] -= sd.pred[d.off[j]+i]
	}
	u := d.predict(sd.sv, y, d.off[j+1])
	e := 0.0
	for i := d.off[j+1]; i < d.n; i++ {
		sd.pred[i] += u[i]
		if i >= test {
			r := d.f[i] - sd.pred[i]
			e += r * r
		}
	}
	sd.vals = append(sd.vals, e/float64(d.n-test))
	if j < nt-1 {
		return false
	}
	s.recordSequence(sd.vals)
	return true
}
