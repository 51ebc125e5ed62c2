package dln

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"solvable/core/rowmat"
)

// Problem is an underdetermined least-squares problem: X is n x d (d > n, rank n) stored
// row-major, Y has n targets. Teacher is the sparse beta that generated Y (nil unless the
// problem came from SparseTeacher).
type Problem struct {
	N, D    int
	X       []float64 // n*d, row-major: X[k*D+i]
	Y       []float64
	Teacher []float64
}

// NewProblem copies the rows of X and the targets y into a Problem. It refuses, in words,
// ragged rows, d <= n, non-finite entries and a singular X X^T (dependent rows).
func NewProblem(X [][]float64, y []float64) (*Problem, error) {
	n := len(X)
	if n == 0 {
		return nil, errors.New("X has no rows; give at least one equation")
	}
	d := len(X[0])
	for k, row := range X {
		if len(row) != d {
			return nil, fmt.Errorf("the rows of X have different lengths (row 1 has %d entries, row %d has %d); every row needs one entry per unknown", d, k+1, len(row))
		}
	}
	if len(y) != n {
		return nil, fmt.Errorf("y has %d entries but X has %d rows; give one target per row", len(y), n)
	}
	if d <= n {
		return nil, fmt.Errorf("the model needs more unknowns than equations: d > n, but X is %d x %d (d = %d, n = %d); with d <= n the interpolator is unique and there is no implicit bias to see", n, d, d, n)
	}
	p := &Problem{N: n, D: d, X: make([]float64, n*d), Y: make([]float64, n)}
	for k, row := range X {
		for i, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("X has a non-finite entry in row %d, column %d", k+1, i+1)
			}
			p.X[k*d+i] = v
		}
	}
	for k, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("y has a non-finite entry at position %d", k+1)
		}
		p.Y[k] = v
	}
	if err := p.checkRank(); err != nil {
		return nil, err
	}
	return p, nil
}

// SparseTeacher draws X (n x d, standard normal entries), a teacher with k non-zeros drawn
// N(0, 4) at random coordinates, and y = X beta_teacher + noise (independent N(0, noise^2)),
// all from a PCG generator seeded with seed.
func SparseTeacher(n, d, k int, noise float64, seed uint64) (*Problem, error) {
	switch {
	case n < 1:
		return nil, fmt.Errorf("n (the number of equations) must be at least 1; got %d", n)
	case d <= n:
		return nil, fmt.Errorf("the model needs more unknowns than equations: d > n, but d = %d and n = %d", d, n)
	case k < 0 || k > d:
		return nil, fmt.Errorf("k (the number of non-zero teacher coefficients) must be from 0 to d = %d; got %d", d, k)
	case !(noise >= 0) || math.IsInf(noise, 0):
		return nil, fmt.Errorf("noise (the standard deviation added to y) must be a finite number >= 0; got %g", noise)
	}
	rng := rand.New(rand.NewPCG(seed, 0xd1a6))
	p := &Problem{N: n, D: d, X: make([]float64, n*d), Y: make([]float64, n), Teacher: make([]float64, d)}
	for i := range p.X {
		p.X[i] = rng.NormFloat64()
	}
	for _, i := range rng.Perm(d)[:k] {
		p.Teacher[i] = 2 * rng.NormFloat64()
	}
	p.MulX(p.Y, p.Teacher)
	if noise > 0 {
		for j := range p.Y {
			p.Y[j] += noise * rng.NormFloat64()
		}
	}
	if err := p.checkRank(); err != nil {
		return nil, fmt.Errorf("the drawn X is (numerically) rank deficient; try another seed: %w", err)
	}
	return p, nil
}

// MulX writes X beta into dst (length n, allocated when too short) and returns it.
func (p *Problem) MulX(dst, beta []float64) []float64 {
	dst = grow(dst, p.N)
	rowmat.MulRows(p.X, p.D, 0, p.N, beta, dst)
	return dst
}

// MulXT writes X^T r into dst (length d, allocated when too short) and returns it.
func (p *Problem) MulXT(dst, r []float64) []float64 {
	dst = grow(dst, p.D)
	clear(dst[:p.D])
	rowmat.AccumulateRows(p.X, p.D, 0, p.N, r, dst)
	return dst
}

// Residual is max_k |(X beta - y)_k|.
func (p *Problem) Residual(beta []float64) (maxAbs float64) {
	for k := 0; k < p.N; k++ {
		row := p.X[k*p.D : (k+1)*p.D]
		s := -p.Y[k]
		for i, x := range row {
			s += x * beta[i]
		}
		maxAbs = math.Max(maxAbs, math.Abs(s))
		if math.IsNaN(s) {
			return math.NaN()
		}
	}
	return maxAbs
}

// Loss is ||X beta - y||^2 / (2n).
func (p *Problem) Loss(beta []float64) float64 {
	sum := 0.0
	for k := 0; k < p.N; k++ {
		row := p.X[k*p.D : (k+1)*p.D]
		s := -p.Y[k]
		for i, x := range row {
			s += x * beta[i]
		}
		sum += s * s
	}
	return sum / float64(2*p.N)
}

// Row returns row k of X (a view, not a copy).
func (p *Problem) Row(k int) []float64 { return p.X[k*p.D : (k+1)*p.D] }

// Gram returns X diag(w) X^T (n x n, row-major); w == nil means the identity.
func (p *Problem) Gram(w []float64) []float64 {
	n, d := p.N, p.D
	G := make([]float64, n*n)
	var xw []float64
	if w != nil {
		xw = make([]float64, d)
	}
	for a := 0; a < n; a++ {
		ra := p.X[a*d : (a+1)*d]
		if w != nil {
			for i, x := range ra {
				xw[i] = x * w[i]
			}
			ra = xw
		}
		for b := 0; b <= a; b++ {
			rb := p.X[b*d : (b+1)*d]
			s := 0.0
			for i, x := range ra {
				s += x * rb[i]
			}
			G[a*n+b], G[b*n+a] = s, s
		}
	}
	return G
}

// checkRank refuses a singular (or numerically singular) X X^T.
func (p *Problem) checkRank() error {
	G := p.Gram(nil)
	if _, ok := cholFactor(G, p.N, 1e-12); !ok {
		return errors.New("X X^T is singular: the rows of X are linearly dependent (or nearly so), so some equations repeat or contradict each other; remove or change a row")
	}
	return nil
}

func grow(dst []float64, n int) []float64 {
	if cap(dst) < n {
		return make([]float64, n)
	}
	return dst[:n]
}
