package sim

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"solvable/core/otgeom"
	"solvable/core/param"
	"solvable/core/sinkhorn"
	"solvable/render"
	"solvable/render/otgeomview"
)

func init() { Register("ot2x2", func() Model { return &ot2x2Model{} }) }

// ot2x2MaxProjections stops a run whatever its rate: with p1 != q1 at lambda = 1e-6 c Sinkhorn
// needs about 1.6 million projections (measured). A variable so tests can lower it.
var ot2x2MaxProjections = 4_000_000

// A run also stops as soon as the cap is certain to be reached first: the closed form gives the
// divergence KL(P*||P_k) still to be covered and Pythagoras the amount KL(P_{k+1}||P_k) the last
// projection covered, so their ratio is how many projections remain if every step covered as
// much as the last. Steps cover less and less, so that is a lower bound, and when it exceeds
// the cap the run stops. With p1 = q1 and c > 0 the error shrinks by a factor close to 1 per
// iteration: at p1 = q1 = 0.6, c = 1, lambda = 0.05 the bound is about 1e8 after a few steps,
// and the error would still be 8e-10 after 4 million (11 days at the default speed). On the
// plateau of a small lambda with p1 != q1 every step covers about the same amount and the bound
// is close to the true count (1.6 million at lambda = 1e-6 c), which the run then completes.
// Above ot2x2SlowRemaining the run goes on with a note of the bound.
const (
	ot2x2SlowRemaining = 1e3
	ot2x2MinShown      = 20
)

// ot2x2Speed lets a visitor follow the zig-zag: the first few projections carry the picture.
var ot2x2Speed = Speed{PerSecond: 4}

// Mesh and e-geodesic resolution of the picture.
const (
	ot2x2MeshLines   = 7
	ot2x2MeshSamples = 48
	ot2x2ArcSamples  = 24
	// ot2x2DragDegrees is how far the view turns per CSS pixel of drag.
	ot2x2DragDegrees = 0.4
)

// ot2x2Model glues core/otgeom to the 2x2 geometry scene.
type ot2x2Model struct {
	params  otgeom.Params
	run     *otgeom.Run
	trace   otgeom.Trace
	arcs    []otgeomview.Arc
	stopped bool
	// remaining is a lower bound on the projections still needed (0 while unknown).
	remaining float64
	export    ot2x2Rows // the iterates as recorded, for the CSV export

	meshRows, meshCols [][]otgeom.Vec3
	rowPlane, colPlane [4]otgeom.Vec3
	segLo, segHi       otgeom.Vec3

	dragging     bool
	lastX, lastY float64

	view otgeomview.View
}

func (m *ot2x2Model) Name() string                { return "ot2x2" }
func (m *ot2x2Model) DefaultSpeed() Speed         { return ot2x2Speed }
func (m *ot2x2Model) Issue() (string, string)     { return "", "" }
func (m *ot2x2Model) Background(func() bool) bool { return false }

func (m *ot2x2Model) Configure(lookup Lookup) error {
	pr, err := otgeom.Parse(param.Lookup(lookup))
	if err != nil {
		var pe *param.Error
		if errors.As(err, &pe) {
			return &ParamError{pe.Param, pe.Msg}
		}
		return err
	}
	same := m.run != nil && pr.Problem == m.params.Problem
	m.params = pr
	if same {
		// Only the view or the tolerance changed: the run goes on.
		return nil
	}
	run, err := otgeom.NewRun(pr.Problem)
	if err != nil {
		return &ParamError{"", param.Sentence(err.Error())}
	}
	m.run = run
	m.meshRows, m.meshCols = nil, nil
	_, m.meshRows, m.meshCols = pr.Problem.EKMesh(ot2x2MeshLines, ot2x2MeshSamples)
	m.rowPlane, m.colPlane = otgeom.RowPlane(pr.P1), otgeom.ColPlane(pr.Q1)
	lo, hi := pr.Problem.Segment()
	m.segLo, m.segHi = otgeom.Embed(lo), otgeom.Embed(hi)
	m.Reset()
	return nil
}

func (m *ot2x2Model) Params() map[string]string {
	if m.run == nil {
		return paramsOf("ot2x2", "")
	}
	return paramsOf("ot2x2", m.params.Encode())
}

func (m *ot2x2Model) Reset() {
	if m.run == nil {
		return
	}
	m.run, _ = otgeom.NewRun(m.params.Problem)
	m.trace.Reset(m.run.LogPlan())
	m.arcs = m.arcs[:0]
	m.stopped = false
	m.remaining = 0
	m.export.reset()
	m.export.add(0, m.exportRow)
}

func (m *ot2x2Model) converged() bool {
	return m.run != nil && m.run.LastProjection() == sinkhorn.ProjectionCols && m.run.MarginalError() < m.params.Tol
}

func (m *ot2x2Model) Step() {
	if m.run == nil || m.Settled() {
		return
	}
	m.run.Step()
	m.export.add(m.run.Projections(), m.exportRow)
	m.trace.Add(m.run.LogPlan(), m.run.LastProjection())
	// The first projections are drawn as e-geodesics; each is computed once, here.
	for k := len(m.arcs); k < len(m.trace.HeadKinds); k++ {
		m.arcs = append(m.arcs, otgeomview.Arc{
			Kind:   otgeomview.Projection(m.trace.HeadKinds[k]),
			Points: otgeom.EGeodesic(m.trace.Head[k], m.trace.Head[k+1], ot2x2ArcSamples),
		})
	}
	if m.converged() {
		return
	}
	m.remaining = 0
	if st, ok := m.run.Last(); ok && st.Move > 0 && m.run.Projections() > 2 {
		m.remaining = m.run.KLToOptimum() / st.Move
	}
	// A few steps are always taken, so the picture shows the zig-zag that would go on.
	if m.run.Projections() >= ot2x2MaxProjections || (m.remaining > float64(ot2x2MaxProjections) && m.run.Projections() >= ot2x2MinShown) {
		m.stopped = true
	}
}

// roughCount writes a large count to two significant digits, such as 180000.
func roughCount(x float64) string {
	if !(x >= 1) || math.IsInf(x, 0) {
		return "many"
	}
	scale := math.Pow(10, math.Floor(math.Log10(x))-1)
	return strconv.FormatFloat(math.Round(x/scale)*scale, 'f', 0, 64)
}

// note is a sentence on a run that stopped, or that has far to go, or "".
func (m *ot2x2Model) note() string {
	n := m.run.Projections()
	switch {
	case m.stopped && m.remaining > float64(ot2x2MaxProjections-n):
		return fmt.Sprintf("Stopped after %d projections: at least %s more would be needed to reach P*, since each step covers less than the last. Raise λ, or move p1 away from q1.", n, roughCount(m.remaining))
	case m.stopped:
		return fmt.Sprintf("Stopped after %d projections without reaching the tolerance. Raise λ, or move p1 away from q1.", n)
	case m.remaining > ot2x2SlowRemaining:
		return fmt.Sprintf("Slow: at least %s more projections to reach P*. Raise the speed to watch it arrive, or raise λ.", roughCount(m.remaining))
	}
	return ""
}

func (m *ot2x2Model) Settled() bool { return m.run == nil || m.stopped || m.converged() }

func (m *ot2x2Model) State(st map[string]any, withPlan bool) {
	keys := []string{"plan", "pythagorasGap", "maxPythagorasGap", "limitPlan", "optimalPlan", "independentPlan",
		"projections", "iter", "klToOptimum", "klBefore", "klAfter", "klStep", "marginalError", "lastProjection",
		"p1", "q1", "c", "lambda", "tol", "yaw", "pitch", "planMass", "transportCost", "note"}
	if m.run == nil {
		for _, k := range keys {
			st[k] = nil
		}
		st["converged"], st["stopped"] = false, false
		return
	}
	r := m.run
	pr := m.params
	st["converged"], st["stopped"] = m.converged(), m.stopped
	st["projections"], st["iter"] = r.Projections(), r.Projections()/2
	st["p1"], st["q1"], st["c"], st["lambda"], st["tol"] = pr.P1, pr.Q1, pr.C, pr.Lambda, pr.Tol
	st["yaw"], st["pitch"] = pr.Yaw, pr.Pitch
	P := r.Plan()
	st["plan"] = P.Rows()
	st["planMass"] = P[0] + P[1] + P[2] + P[3]
	st["transportCost"] = pr.Problem.Transport(P)
	st["optimalPlan"] = r.Optimal().Rows()
	st["limitPlan"] = pr.Problem.LPPlan().Rows()
	st["independentPlan"] = pr.Problem.Independent().Rows()
	st["klToOptimum"] = r.KLToOptimum()
	st["marginalError"] = r.MarginalError()
	st["maxPythagorasGap"] = r.MaxGap()
	st["lastProjection"] = map[sinkhorn.Projection]string{sinkhorn.ProjectionNone: "none", sinkhorn.ProjectionRows: "rows", sinkhorn.ProjectionCols: "cols"}[r.LastProjection()]
	if s, ok := r.Last(); ok {
		st["pythagorasGap"], st["klBefore"], st["klAfter"], st["klStep"] = s.Gap, s.Before, s.After, s.Move
	} else {
		st["pythagorasGap"], st["klBefore"], st["klAfter"], st["klStep"] = nil, nil, nil, nil
	}
	st["note"] = m.note()
}

func (m *ot2x2Model) fillView(errText string) *otgeomview.View {
	v := &m.view
	v.Error = errText
	if m.run == nil {
		if v.Error == "" {
			v.Error = "No problem to show."
		}
		return v
	}
	r, pr := m.run, m.params
	v.P1, v.Q1, v.C, v.Lambda = pr.P1, pr.Q1, pr.C, pr.Lambda
	v.Camera = pr.Camera()
	v.RowPlane, v.ColPlane = m.rowPlane, m.colPlane
	v.SegLo, v.SegHi = m.segLo, m.segHi
	v.MeshRows, v.MeshCols = m.meshRows, m.meshCols
	v.Arcs = m.arcs
	v.Trail = m.trace.Trail
	if len(v.Trail) > 0 {
		v.Trail = append(v.Trail[:len(v.Trail):len(v.Trail)], otgeom.Embed(r.Normalised()))
	}
	v.Start = otgeom.Embed(otgeom.Normalise(pr.Problem.LogKernel()))
	v.Current = otgeom.Embed(r.Normalised())
	v.Optimal = otgeom.Embed(r.Optimal())
	v.LP = otgeom.Embed(pr.Problem.LPPlan())
	v.Independent = otgeom.Embed(pr.Problem.Independent())
	v.Plan = r.Plan()
	v.Projections = r.Projections()
	v.Last = otgeomview.Projection(r.LastProjection())
	s, ok := r.Last()
	v.HasStep = ok
	v.Before, v.After, v.Move, v.Gap = s.Before, s.After, s.Move, s.Gap
	v.MaxGap = r.MaxGap()
	v.KLToOptimum = r.KLToOptimum()
	v.MarginalError, v.Tol = r.MarginalError(), pr.Tol
	v.Converged, v.Stopped = m.converged(), m.stopped
	v.Note = m.note()
	return v
}

func (m *ot2x2Model) Draw(c render.Canvas, errText string) {
	otgeomview.Draw(c, *m.fillView(errText))
}

// Pointer turns the view while the button is down: horizontal drag turns about the vertical
// axis, vertical drag tilts. The angle is part of the parameters, so a permalink keeps it.
func (m *ot2x2Model) Pointer(x, y, w, h float64, down bool) bool {
	if m.run == nil || !render.Finite(x) || !render.Finite(y) {
		return false
	}
	if !down {
		m.dragging = false
		return false
	}
	if !m.dragging {
		m.dragging, m.lastX, m.lastY = true, x, y
		return false
	}
	dx, dy := x-m.lastX, y-m.lastY
	m.lastX, m.lastY = x, y
	if dx == 0 && dy == 0 {
		return false
	}
	m.params.Yaw = otgeom.WrapDegrees(m.params.Yaw + dx*ot2x2DragDegrees)
	m.params.Pitch = math.Max(-otgeom.MaxPitch, math.Min(otgeom.MaxPitch, m.params.Pitch+dy*ot2x2DragDegrees))
	return true
}
