package krsim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"solvable/core/linalg"
	"solvable/core/rowmat"
)

// Limits of the Gaussian-features simulation (Config.Modes). A seed holds its training
// points' features, (sum of the sizes) x M numbers: MaxFeatureEntries = 2^21 is 16 MB.
const (
	MaxModes          = 10000
	MaxFeatureEntries = 1 << 21
	// normalWork is one standard normal in the multiply-adds of ChunkWork (NormFloat64 takes
	// about 8 ns natively, 40 multiply-adds of the Cholesky loop).
	normalWork = 40
)

// checkFeatures is Check for Config.Modes (the common fields are checked already).
func (c Config) checkFeatures() error {
	if c.Kernel != nil || c.Teacher != nil {
		return errors.New("give either a kernel on the sphere or the mode eigenvalues of Gaussian features, not both")
	}
	M := len(c.Modes)
	if M < 1 || M > MaxModes {
		return fmt.Errorf("Gaussian features need between 1 and %d mode eigenvalues; %d are given", MaxModes, M)
	}
	pos := 0
	for i, e := range c.Modes {
		if !(e >= 0) || math.IsInf(e, 0) {
			return fmt.Errorf("every mode eigenvalue must be a finite number >= 0; mode %d is %g", i+1, e)
		}
		if e > 0 {
			pos++
		}
	}
	if pos == 0 {
		return errors.New("at least one mode eigenvalue must be positive")
	}
	if c.Power != nil {
		if len(c.Power) != M {
			return fmt.Errorf("the target power needs one value per mode: %d modes, %d values", M, len(c.Power))
		}
		for i, v := range c.Power {
			if !(v >= 0) || math.IsInf(v, 0) {
				return fmt.Errorf("the target power of every mode must be a finite number >= 0; mode %d has %g", i+1, v)
			}
		}
	}
	n := 0
	for _, m := range c.Sizes {
		n += m
	}
	if n > MaxPoints {
		return fmt.Errorf("the training sets together have %d points; at most %d fit in one seed", n, MaxPoints)
	}
	if n*M > MaxFeatureEntries {
		return fmt.Errorf("%d training points with %d modes are %d feature values; at most %d fit in one seed", n, M, n*M, MaxFeatureEntries)
	}
	return nil
}

// Phases of a Gaussian-features seed: the features and teachers, then per task the system
// matrix, its factor and the fit.
const (
	fDraw = iota
	fGram
	fChol
	fFit
)

// fseed is one Gaussian-features seed in progress. Functions are kept as their coefficients
// in the orthonormal basis z_k, so errors are sums over modes.
type fseed struct {
	rng              *rand.Rand
	M                int
	eta              []float64
	pos              []int // the modes with eta > 0, the only ones a fit can move
	off              []int // task j's training points are rows [off[j], off[j+1]) of Z
	Z                []float64
	v, g, eps        []float64 // teacher coefficients (g: task B's own part) and label noise
	phase, row, task int
	sv               *fsolver
	c                []float64 // Transfer: f_A; Sequence: the model so far
	vals             []float64
}

// fsolver is one task's regression in mode space. Dual (N_j <= modes): (K_JJ + ridge I)
// alpha = r, with K_JJ = Z_J diag(eta) Z_J^T, and the fit moves mode k by eta_k (Z_J^T alpha)_k.
// Primal (N_j > positive modes): (Z_J^T Z_J + ridge diag(1/eta)) x = Z_J^T r on the positive
// modes, the same predictor by the push-through identity eta Z^T (Z eta Z^T + ridge)^{-1} =
// (Z^T Z + ridge/eta)^{-1} Z^T, and at ridge 0 the least-squares fit that ridgeless regression
// tends to when there are more samples than modes (the side of double descent past the peak).
type fsolver struct {
	lo, hi int
	primal bool
	m      int       // size of the system
	L      []float64 // the system matrix, then its Cholesky factor
	zt     []float64 // primal: Z_J's positive-mode columns as rows, len(pos) x N_j
}

func (s *Sim) newFeatureSeed(rng *rand.Rand) *fseed {
	c := s.cfg
	sd := &fseed{rng: rng, M: len(c.Modes), eta: c.Modes, off: make([]int, len(c.Sizes)+1)}
	for j, m := range c.Sizes {
		sd.off[j+1] = sd.off[j] + m
	}
	for k, e := range c.Modes {
		if e > 0 {
			sd.pos = append(sd.pos, k)
		}
	}
	sd.Z = make([]float64, sd.off[len(c.Sizes)]*sd.M)
	return sd
}

// advance does one chunk of the seed. The draws come in a fixed order (features row by row,
// then v, then g for Transfer, then the label noise), whatever the chunking.
func (sd *fseed) advance(s *Sim) (bool, error) {
	c := s.cfg
	M := sd.M
	ntr := sd.off[len(c.Sizes)]
	switch sd.phase {
	case fDraw:
		hi := min(ntr, sd.row+max(1, ChunkWork/normalWork/M))
		normals(sd.rng, sd.Z[sd.row*M:hi*M])
		sd.row = hi
		if sd.row < ntr {
			return false, nil
		}
		p := c.power()
		sd.v = make([]float64, M)
		normals(sd.rng, sd.v)
		if c.Kind == Transfer {
			sd.g = make([]float64, M)
			normals(sd.rng, sd.g)
		}
		for k, pk := range p {
			sd.v[k] *= math.Sqrt(pk)
			if sd.g != nil {
				sd.g[k] *= math.Sqrt(pk)
			}
		}
		sd.eps = make([]float64, ntr)
		normals(sd.rng, sd.eps)
		sd.c = make([]float64, M)
		sd.row, sd.phase = 0, fGram
		return false, nil
	case fGram:
		if sd.sv == nil {
			sd.sv = sd.newSolver(sd.task)
		}
		sv := sd.sv
		work := 0.0
		for sd.row < sv.m && (work == 0 || work < ChunkWork) {
			work += sd.gramRow(sv, sd.row, c.Ridge)
			sd.row++
		}
		if sd.row == sv.m {
			sd.row, sd.phase = 0, fChol
		}
		return false, nil
	case fChol:
		sv := sd.sv
		hi := rowsWithin(sd.row, sv.m, ChunkWork)
		if !linalg.CholeskyRows(sv.L, sv.m, sd.row, hi, cholTol) {
			nj := sv.hi - sv.lo
			if sv.primal {
				return false, fmt.Errorf("task %d has %d samples for %d modes, and its least-squares system is singular to working precision; add a ridge or change the sample size", sd.task+1, nj, len(sd.pos))
			}
			if c.Ridge == 0 {
				return false, fmt.Errorf("the %d x %d kernel matrix of task %d is singular to working precision (%d samples against %d modes: near the interpolation threshold); add a ridge or change the sample size", nj, nj, sd.task+1, nj, len(sd.pos))
			}
			return false, fmt.Errorf("the kernel matrix of task %d plus the ridge %g is not positive definite to working precision", sd.task+1, c.Ridge)
		}
		sd.row = hi
		if sd.row == sv.m {
			sd.row, sd.phase = 0, fFit
		}
		return false, nil
	case fFit:
		var done bool
		if c.Kind == Transfer {
			done = sd.fitTransfer(s)
		} else {
			done = sd.fitSequence(s)
		}
		sd.sv = nil
		sd.task++
		sd.phase = fGram
		return done, nil
	}
	return false, fmt.Errorf("internal error: phase %d", sd.phase)
}

func (sd *fseed) newSolver(task int) *fsolver {
	lo, hi := sd.off[task], sd.off[task+1]
	nj := hi - lo
	sv := &fsolver{lo: lo, hi: hi, primal: nj > len(sd.pos)}
	if sv.primal {
		sv.m = len(sd.pos)
		sv.zt = make([]float64, sv.m*nj)
		for i := range nj {
			row := sd.Z[(lo+i)*sd.M : (lo+i+1)*sd.M]
			for a, k := range sd.pos {
				sv.zt[a*nj+i] = row[k]
			}
		}
	} else {
		sv.m = nj
	}
	sv.L = make([]float64, sv.m*sv.m)
	return sv
}

// gramRow fills row i (entries j <= i) of the solver's system matrix and returns its cost in
// multiply-adds.
func (sd *fseed) gramRow(sv *fsolver, i int, ridge float64) float64 {
	m := sv.m
	if sv.primal {
		nj := sv.hi - sv.lo
		rowmat.MulRows(sv.zt, nj, 0, i+1, sv.zt[i*nj:(i+1)*nj], sv.L[i*m:i*m+i+1])
		sv.L[i*m+i] += ridge / sd.eta[sd.pos[i]]
		return float64((i + 1) * nj)
	}
	M := sd.M
	zi := sd.Z[(sv.lo+i)*M : (sv.lo+i+1)*M]
	w := make([]float64, M)
	for k, z := range zi {
		w[k] = sd.eta[k] * z
	}
	rowmat.MulRows(sd.Z[sv.lo*M:sv.hi*M], M, 0, i+1, w, sv.L[i*m:i*m+i+1])
	sv.L[i*m+i] += ridge
	return float64((i + 2) * M)
}

// fit returns the change of the coefficients when the solver's task fits the values r on its
// training points.
func (sd *fseed) fit(sv *fsolver, r []float64) []float64 {
	u := make([]float64, sd.M)
	nj := sv.hi - sv.lo
	if sv.primal {
		b := make([]float64, sv.m)
		rowmat.MulRows(sv.zt, nj, 0, sv.m, r, b)
		linalg.CholSolve(sv.L, sv.m, b)
		for a, k := range sd.pos {
			u[k] = b[a]
		}
		return u
	}
	alpha := append([]float64(nil), r...)
	linalg.CholSolve(sv.L, sv.m, alpha)
	rowmat.AccumulateRows(sd.Z[sv.lo*sd.M:sv.hi*sd.M], sd.M, 0, nj, alpha, u)
	for k := range u {
		u[k] *= sd.eta[k]
	}
	return u
}

// eval returns the function with coefficients c on task j's training points, plus noise times
// the label noise when noise > 0.
func (sd *fseed) eval(task int, c []float64, noise float64) []float64 {
	lo, hi := sd.off[task], sd.off[task+1]
	out := make([]float64, hi-lo)
	rowmat.MulRows(sd.Z[lo*sd.M:hi*sd.M], sd.M, 0, hi-lo, c, out)
	sdn := math.Sqrt(noise)
	for i := range out {
		out[i] += sdn * sd.eps[lo+i]
	}
	return out
}

// fitTransfer is fitTransfer of the sphere in mode space: errors are sums over modes of
// squared coefficient differences (the features are orthonormal under the input law).
func (sd *fseed) fitTransfer(s *Sim) bool {
	noise := s.cfg.Noise
	if sd.task == 0 {
		sd.c = sd.fit(sd.sv, sd.eval(0, sd.v, noise))
		return false
	}
	uF := sd.fit(sd.sv, sd.eval(1, sd.v, 0))
	uG := sd.fit(sd.sv, sd.eval(1, sd.g, 0))
	uA := sd.fit(sd.sv, sd.eval(1, sd.c, 0))
	var uN []float64
	if noise > 0 {
		e := make([]float64, sd.off[2]-sd.off[1])
		for i := range e {
			e[i] = math.Sqrt(noise) * sd.eps[sd.off[1]+i]
		}
		uN = sd.fit(sd.sv, e)
	}
	s.recordTransfer(sd.v, sd.g, sd.c, uF, uG, uA, uN, 1, s.teacherVariance())
	return true
}

// fitSequence fits task j's residual y_j - f_{j-1}(X_j) and measures E_j = sum_k (v_k - c_k)^2.
func (sd *fseed) fitSequence(s *Sim) bool {
	j := sd.task
	y := sd.eval(j, sd.v, s.cfg.Noise)
	for i, f := range sd.eval(j, sd.c, 0) {
		y[i] -= f
	}
	e := 0.0
	for k, u := range sd.fit(sd.sv, y) {
		sd.c[k] += u
		d := sd.v[k] - sd.c[k]
		e += d * d
	}
	sd.vals = append(sd.vals, e)
	if j < len(s.cfg.Sizes)-1 {
		return false
	}
	s.recordSequence(sd.vals)
	return true
}
