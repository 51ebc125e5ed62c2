package sim

import (
	"errors"
	"math"

	"solvable/core/sinkhorn"
	"solvable/render"
	"solvable/render/sinkhornview"
)

func init() { Register("sinkhorn", func() Model { return &sinkhornModel{} }) }

// maxBarWeight is the most a dragged bar may hold: all the mass but a sliver, so the other
// bins keep their relative sizes.
const maxBarWeight = 0.999

// historyCap bounds the error history; when it fills, every other point is dropped and the
// stride doubles, so a run of any length keeps its whole shape in bounded memory.
const historyCap = 1 << 14

// sinkhornModel glues core/sinkhorn to the scene: it owns the solver and the error history and
// fills a read-only View for the renderer.
type sinkhornModel struct {
	params  sinkhorn.Params
	prob    *sinkhorn.Problem
	solver  *sinkhorn.Solver
	exactW  float64
	hasW    bool
	history []float64
	stride  int
	pending int // projections since the last recorded history point

	// The two symmetric problems of the debiased divergence, solved after the main run.
	pp, qq     *sinkhorn.SelfTransport
	auxDone    [2]bool
	divergence float64
	hasDiv     bool
	divFailed  bool

	// Dragging a bar of p or q.
	dragSide  sinkhornview.Side
	dragIndex int
	barScale  float64
	rawP      []float64
	rawQ      []float64

	view sinkhornview.View
}

func (m *sinkhornModel) Name() string { return "sinkhorn" }

func (m *sinkhornModel) DefaultSpeed() Speed { return DefaultSpeed }

func (m *sinkhornModel) Issue() (string, string) { return "", "" }

func (m *sinkhornModel) Configure(lookup Lookup) error {
	pr, err := sinkhorn.Parse(sinkhorn.Lookup(lookup))
	if err != nil {
		return convertErr(err)
	}
	prob, err := pr.Problem()
	if err != nil {
		return convertErr(err)
	}
	if _, err := sinkhorn.New(prob, pr.Lambda, sinkhorn.Options{}); err != nil {
		return &ParamError{"lambda", err.Error()}
	}
	m.params, m.prob = pr, prob
	m.rawP = append([]float64(nil), prob.P...)
	m.rawQ = append([]float64(nil), prob.Q...)
	m.hasW = false
	if w, _, err := sinkhorn.Exact1D(prob.X, prob.P, prob.Y, prob.Q, prob.Cost); err == nil {
		m.exactW, m.hasW = w, true
	}
	m.Reset()
	return nil
}

func convertErr(err error) error {
	var pe *sinkhorn.ParamError
	if errors.As(err, &pe) {
		return &ParamError{pe.Param, pe.Msg}
	}
	return err
}

func (m *sinkhornModel) Params() map[string]string {
	if m.prob == nil {
		return paramsOf("sinkhorn", "")
	}
	return paramsOf("sinkhorn", m.params.Encode())
}

func (m *sinkhornModel) Reset() {
	if m.prob == nil {
		return
	}
	m.solver, _ = sinkhorn.New(m.prob, m.params.Lambda, sinkhorn.Options{LambdaScaling: m.params.LambdaScaling})
	m.history, m.stride, m.pending = m.history[:0], 1, 0
	m.resetDivergence()
}

func (m *sinkhornModel) resetDivergence() {
	m.pp, m.qq, m.hasDiv, m.divFailed, m.auxDone = nil, nil, false, false, [2]bool{}
	pp, err1 := sinkhorn.NewProblem1D(m.prob.X, m.prob.X, m.prob.P, m.prob.P, m.prob.Cost)
	qq, err2 := sinkhorn.NewProblem1D(m.prob.Y, m.prob.Y, m.prob.Q, m.prob.Q, m.prob.Cost)
	if err1 != nil || err2 != nil {
		m.divFailed = true
		return
	}
	var err error
	if m.pp, err = sinkhorn.NewSelfTransport(pp, m.params.Lambda); err != nil {
		m.divFailed = true
	}
	if m.qq, err = sinkhorn.NewSelfTransport(qq, m.params.Lambda); err != nil {
		m.divFailed = true
	}
}

func (m *sinkhornModel) converged() bool {
	return m.solver != nil && m.solver.Last() == sinkhorn.ProjectionCols &&
		m.solver.StageLambda() == m.solver.Lambda() && m.solver.MarginalError() < m.params.Tol
}

func (m *sinkhornModel) Step() {
	if m.solver == nil {
		return
	}
	m.solver.Step()
	m.pending++
	if m.pending == m.stride {
		m.history = append(m.history, m.solver.MarginalError())
		m.pending = 0
		if len(m.history) == historyCap {
			for k := 0; k < historyCap/2; k++ {
				m.history[k] = m.history[2*k+1]
			}
			m.history = m.history[:historyCap/2]
			m.stride *= 2
		}
	}
}

func (m *sinkhornModel) Settled() bool { return m.solver == nil || m.converged() }

// maxDivergenceIterations caps the self-transport problems of S_lambda. The symmetric iteration
// takes a few tens of steps over the whole range of lambda, so reaching the cap means rounding
// keeps them from the tolerance.
const maxDivergenceIterations = 1 << 14

func (m *sinkhornModel) Background(more func() bool) bool {
	if m.solver == nil || m.hasDiv || m.divFailed {
		return false
	}
	tol := m.params.Tol
	for k, s := range []*sinkhorn.SelfTransport{m.pp, m.qq} {
		for !m.auxDone[k] {
			if s.Iterations() >= maxDivergenceIterations {
				m.divFailed = true
				return true
			}
			if !more() {
				return false
			}
			// Solve measures each iterate's error for free in the next pass.
			_, m.auxDone[k] = s.Solve(tol, 1)
		}
	}
	m.divergence = m.solver.Objective() - m.pp.Objective()/2 - m.qq.Objective()/2
	m.hasDiv = true
	return true
}

func (m *sinkhornModel) State(st map[string]any, withPlan bool) {
	if m.solver == nil {
		for _, k := range []string{"iter", "projections", "n", "m", "marginalError", "transportCost", "objective",
			"dual", "klStep", "entropy", "lambda", "wasserstein", "divergence", "path", "plan", "p", "q"} {
			st[k] = nil
		}
		st["converged"] = false
		return
	}
	s := m.solver
	st["iter"] = s.Iterations()
	st["projections"] = s.Projections()
	st["converged"] = m.converged()
	st["n"], st["m"] = m.prob.N, m.prob.M
	st["p"], st["q"] = m.prob.P, m.prob.Q
	st["x"], st["y"] = m.prob.X, m.prob.Y
	rowErr, colErr := s.MarginalErrors()
	st["marginalError"] = rowErr + colErr
	st["rowError"], st["colError"] = rowErr, colErr
	st["transportCost"] = s.TransportCost()
	st["objective"] = s.Objective()
	st["dual"] = s.Dual()
	st["klStep"] = s.KLStep()
	st["entropy"] = s.Entropy()
	st["lambda"] = s.Lambda()
	st["stageLambda"] = s.StageLambda()
	st["tol"] = m.params.Tol
	st["maxCost"] = m.prob.MaxCost()
	st["logSteps"] = s.LogSteps()
	st["path"] = "scaling"
	if s.LogSteps() > 1 {
		st["path"] = "log-stabilised"
	}
	st["wasserstein"] = nil
	if m.hasW {
		st["wasserstein"] = m.exactW
	}
	st["divergence"] = nil
	if m.hasDiv {
		st["divergence"] = m.divergence
	}
	if withPlan {
		flat := s.Plan(nil)
		rows := make([][]float64, m.prob.N)
		for i := range rows {
			rows[i] = flat[i*m.prob.M : (i+1)*m.prob.M]
		}
		st["plan"] = rows
	}
}

// fillView refreshes the snapshot the scene draws, reusing its slices.
func (m *sinkhornModel) fillView(errText string) *sinkhornview.View {
	v := &m.view
	v.Error = errText
	if m.solver == nil {
		if v.Error == "" {
			v.Error = "No problem to show."
		}
		v.N, v.M = 0, 0
		return v
	}
	s := m.solver
	v.N, v.M = m.prob.N, m.prob.M
	v.X, v.Y, v.P, v.Q = m.prob.X, m.prob.Y, m.prob.P, m.prob.Q
	v.Plan = s.Plan(v.Plan)
	v.RowSums = s.RowSums(v.RowSums)
	v.ColSums = s.ColSums(v.ColSums)
	v.Last = sinkhornview.Projection(s.Last())
	v.Iter, v.Projections = s.Iterations(), s.Projections()
	v.Converged, v.Tol = m.converged(), m.params.Tol
	v.ErrorHistory, v.HistoryStride = m.history, m.stride
	v.MarginalError = s.MarginalError()
	v.Lambda, v.MaxCost, v.CostName = s.Lambda(), m.prob.MaxCost(), m.prob.Cost.String()
	v.TransportCost, v.Objective = s.TransportCost(), s.Objective()
	v.Wasserstein, v.HasWasserstein = m.exactW, m.hasW
	v.Divergence, v.HasDivergence = m.divergence, m.hasDiv
	v.DragSide, v.DragIndex = m.dragSide, m.dragIndex
	if m.dragSide == sinkhornview.SideNone {
		m.barScale = 1.15 * math.Max(maxOf(m.prob.P), maxOf(m.prob.Q))
	}
	v.BarScale = m.barScale
	return v
}

func maxOf(x []float64) float64 {
	mx := 0.0
	for _, v := range x {
		mx = math.Max(mx, v)
	}
	return mx
}

func (m *sinkhornModel) Draw(c render.Canvas, errText string) {
	sinkhornview.Draw(c, *m.fillView(errText))
}

func (m *sinkhornModel) Pointer(x, y, w, h float64, down bool) bool {
	if m.solver == nil {
		return false
	}
	if !down {
		if m.dragSide != sinkhornview.SideNone {
			m.dragSide = sinkhornview.SideNone
			return true
		}
		return false
	}
	v := m.fillView("")
	geom := sinkhornview.Layout(w, h, *v)
	var weight float64
	if m.dragSide == sinkhornview.SideNone {
		side, index, wt, ok := geom.Hit(x, y)
		if !ok {
			return false
		}
		m.dragSide, m.dragIndex, weight = side, index, wt
	} else {
		// The grabbed bar follows the pointer even when it strays outside the bar's band.
		weight = geom.WeightAt(m.dragSide, x, y)
	}
	index := m.dragIndex
	// The bar should end where the pointer is after the marginal is renormalised: with the
	// other weights summing to rest, the new raw weight w rest/(1-w) normalises to exactly w.
	// A single bar cannot hold more than all the mass, so w stays below 1.
	weight = math.Min(math.Max(0, weight), maxBarWeight)
	raw := m.rawP
	if m.dragSide == sinkhornview.SideQ {
		raw = m.rawQ
	}
	rest := 0.0
	for j, x := range raw {
		if j != index {
			rest += x
		}
	}
	newRaw := weight * rest / (1 - weight)
	if rest == 0 || math.Abs(newRaw-raw[index]) <= 1e-15 {
		return false
	}
	old := raw[index]
	raw[index] = newRaw
	if err := m.solver.SetMarginals(m.rawP, m.rawQ); err != nil {
		raw[index] = old
		return false
	}
	// Keep the raw weights normalised so repeated drags do not drift.
	m.rawP = append(m.rawP[:0], m.solver.Problem().P...)
	m.rawQ = append(m.rawQ[:0], m.solver.Problem().Q...)
	m.prob = m.solver.Problem()
	m.params.P, m.params.Q = m.prob.P, m.prob.Q
	if w, _, err := sinkhorn.Exact1D(m.prob.X, m.prob.P, m.prob.Y, m.prob.Q, m.prob.Cost); err == nil {
		m.exactW = w
	}
	m.resetDivergence()
	return true
}
