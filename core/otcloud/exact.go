package otcloud

import (
	"fmt"
	"math"
)

// Link is one entry of the exact optimal coupling: mass Mass moves from a_I to b_J.
type Link struct {
	I, J int
	Mass float64
}

// Exact computes W = min <C, P> over couplings of the two uniform clouds, incrementally: by the
// Hungarian method when na = nb (a step assigns one row), by successive shortest paths on the
// transportation problem otherwise (a step is one augmenting path). Either way a step costs
// O((na + nb)^2) and there are at most a few times na + nb of them.
type Exact struct {
	na, nb   int
	c        []float64
	assign   *Assignment
	flow     *transport
	w        float64
	links    []Link
	finished bool
	failed   bool
}

// NewExact prepares the exact problem for the cost matrix C (na x nb, row-major, finite).
func NewExact(na, nb int, C []float64) (*Exact, error) {
	if na < 1 || nb < 1 || len(C) != na*nb {
		return nil, fmt.Errorf("the cost matrix has %d entries, want %d x %d", len(C), na, nb)
	}
	for _, c := range C {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			return nil, fmt.Errorf("the cost matrix must have finite entries")
		}
	}
	e := &Exact{na: na, nb: nb, c: append([]float64(nil), C...)}
	if na == nb {
		e.assign = NewAssignment(na, e.c)
	} else {
		e.flow = newTransport(na, nb, e.c)
	}
	return e, nil
}

// Done reports whether the computation has ended (see W for whether it succeeded).
func (e *Exact) Done() bool { return e.finished }

// Step does one unit of work and finishes when the optimum is known.
func (e *Exact) Step() {
	if e.finished {
		return
	}
	e.links = e.links[:0]
	if e.assign != nil {
		e.assign.Step()
		if !e.assign.Done() {
			return
		}
		perm, total := e.assign.Result()
		e.w = total / float64(e.na)
		for i, j := range perm {
			e.links = append(e.links, Link{I: i, J: j, Mass: 1 / float64(e.na)})
		}
		e.finished = true
		return
	}
	e.flow.step()
	if !e.flow.finished() {
		return
	}
	e.finished = true
	if e.flow.stalled {
		e.failed = true
		return
	}
	units := float64(e.flow.units())
	total := 0.0
	for k, f := range e.flow.flow {
		if f > 0 {
			m := float64(f) / units
			total += m * e.c[k]
			e.links = append(e.links, Link{I: k / e.nb, J: k % e.nb, Mass: m})
		}
	}
	e.w = total
}

// Solve runs Step to the end.
func (e *Exact) Solve() {
	for !e.finished {
		e.Step()
	}
}

// W is the exact optimal cost (NaN until Done, or if the computation failed).
func (e *Exact) W() float64 {
	if !e.finished || e.failed {
		return math.NaN()
	}
	return e.w
}

// Links is an optimal coupling as a list of its non-zero entries, in row order (nil until Done).
func (e *Exact) Links() []Link {
	if !e.finished || e.failed {
		return nil
	}
	return e.links
}

func gcd(a, b int) int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}
