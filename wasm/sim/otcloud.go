package sim

import (
	"fmt"
	"math"
	"slices"

	"solvable/core/otcloud"
	"solvable/core/param"
	"solvable/core/sinkhorn"
	"solvable/render"
	"solvable/render/cloudview"
)

func init() { Register("otcloud", func() Model { return &cloudModel{} }) }

// syncExactSize bounds na * nb for solving the exact problem at once when a problem is set up
// (a URL, a preset, an added point), so the first picture already has W: at 40 x 40 it takes a
// few milliseconds even as wasm. Larger problems, and every drag, are solved a step at a time
// in Background once Sinkhorn has settled.
const syncExactSize = 40 * 40

// cloudModel glues core/otcloud and core/sinkhorn to the point-cloud scene. Pointer presses on
// a point drag it (the cost changes and Sinkhorn continues from its potentials); a press on
// empty space adds a point to the cloud chosen with the toggle drawn on the canvas.
type cloudModel struct {
	params otcloud.Params
	a, b   []otcloud.Point
	solver *sinkhorn.Solver
	cost   []float64

	exact     *otcloud.Exact
	exactNote string // why there is no exact W (too large, or still computing)
	w         float64
	hasW      bool
	links     []cloudview.Link

	box       [4]float64 // the plane shown; fixed between configurations
	addTo     cloudview.Side
	down      bool
	dragSide  cloudview.Side
	dragIndex int
	note      string

	view cloudview.View
}

func (m *cloudModel) Name() string { return "otcloud" }

// DefaultSpeed: the default problem converges in about 450 projections, so 300 a second
// lets a visitor watch the lines sharpen for a second or two.
func (m *cloudModel) DefaultSpeed() Speed { return Speed{PerSecond: 300} }

func (m *cloudModel) Issue() (string, string) { return "", "" }

func (m *cloudModel) Configure(lookup Lookup) error {
	pr, err := otcloud.Parse(param.Lookup(lookup))
	if err != nil {
		return convertErr(err)
	}
	a, b := pr.Clouds()
	prob, err := otcloud.NewProblem(a, b, pr.Lambda)
	if err != nil {
		return convertErr(err)
	}
	if _, err := sinkhorn.New(prob, pr.Lambda, sinkhorn.Options{}); err != nil {
		return &ParamError{"lambda", param.Sentence(err.Error())}
	}
	// The model's points are its own copies: drags and additions must not write into Params.
	m.params, m.a, m.b = pr, slices.Clone(a), slices.Clone(b)
	m.box = cloudview.BoxAround(a, b)
	if m.addTo == cloudview.SideNone {
		m.addTo = cloudview.SideA
	}
	m.dragSide, m.down, m.note = cloudview.SideNone, false, ""
	m.Reset()
	return nil
}

func (m *cloudModel) Params() map[string]string {
	if m.solver == nil {
		return paramsOf("otcloud", "")
	}
	return paramsOf("otcloud", m.params.Encode())
}

// Reset starts Sinkhorn again from P_0 = K on the current points.
func (m *cloudModel) Reset() {
	if m.a == nil {
		return
	}
	prob, err := otcloud.NewProblem(m.a, m.b, m.params.Lambda)
	if err != nil {
		return
	}
	m.cost = append(m.cost[:0], prob.C...)
	m.solver, _ = sinkhorn.New(prob, m.params.Lambda, sinkhorn.Options{})
	m.restartExact(true)
}

// restartExact begins the exact solve for the current points: at once when asked and small,
// else in Background once Sinkhorn has settled. A drag never solves at once: a pointer move
// must cost less than a frame, and W is not needed until the plan has settled again.
func (m *cloudModel) restartExact(now bool) {
	m.hasW, m.links, m.exact = false, m.links[:0], nil
	e, err := otcloud.NewExact(len(m.a), len(m.b), m.cost)
	if err != nil {
		m.exactNote = param.Sentence(err.Error())
		return
	}
	m.exact, m.exactNote = e, "computing…"
	if now && len(m.a)*len(m.b) <= syncExactSize {
		e.Solve()
		m.finishExact()
	}
}

func (m *cloudModel) finishExact() {
	if w := m.exact.W(); math.IsNaN(w) {
		m.exact, m.exactNote = nil, "The exact optimum could not be computed."
		return
	}
	m.w, m.hasW, m.exactNote = m.exact.W(), true, ""
	m.links = m.links[:0]
	for _, l := range m.exact.Links() {
		m.links = append(m.links, cloudview.Link{I: l.I, J: l.J})
	}
	m.exact = nil
}

func (m *cloudModel) converged() bool {
	return m.solver != nil && m.solver.Last() == sinkhorn.ProjectionCols && m.solver.MarginalError() < m.params.Tol
}

func (m *cloudModel) Step() {
	if m.solver != nil {
		m.solver.Step()
	}
}

func (m *cloudModel) Settled() bool { return m.solver == nil || m.converged() }

// Background finishes a large exact assignment a row at a time.
func (m *cloudModel) Background(more func() bool) bool {
	if m.exact == nil {
		return false
	}
	did := false
	for !m.exact.Done() && more() {
		m.exact.Step()
		did = true
	}
	if m.exact.Done() {
		m.finishExact()
		return true
	}
	return did
}

func points(p []otcloud.Point) [][]float64 {
	out := make([][]float64, len(p))
	for i, q := range p {
		out[i] = []float64{q[0], q[1]}
	}
	return out
}

func (m *cloudModel) State(st map[string]any, withPlan bool) {
	if m.solver == nil {
		for _, k := range []string{"a", "b", "plan", "projections", "iter", "transportCost", "marginalError", "wasserstein",
			"objective", "lambda", "maxCost", "na", "nb"} {
			st[k] = nil
		}
		st["converged"] = false
		return
	}
	s := m.solver
	st["a"], st["b"] = points(m.a), points(m.b)
	st["na"], st["nb"] = len(m.a), len(m.b)
	st["converged"] = m.converged()
	st["projections"] = s.Projections()
	st["iter"] = s.Iterations()
	st["transportCost"] = s.TransportCost()
	st["objective"] = s.Objective()
	st["marginalError"] = s.MarginalError()
	st["lambda"] = s.Lambda()
	st["maxCost"] = s.Problem().MaxCost()
	st["tol"] = m.params.Tol
	st["wasserstein"] = nil
	if m.hasW {
		st["wasserstein"] = m.w
	}
	st["wassersteinNote"] = m.exactNote
	st["addTo"] = map[cloudview.Side]string{cloudview.SideA: "a", cloudview.SideB: "b"}[m.addTo]
	st["dragging"] = m.dragSide != cloudview.SideNone
	st["note"] = m.note
	// The plane shown, {xmin, xmax, ymin, ymax}: with the canvas size it fixes where each point
	// is drawn (cloudview.Layout), so a test can aim a pointer at a point.
	st["box"] = m.box[:]
	if withPlan {
		flat := s.Plan(nil)
		nb := len(m.b)
		rows := make([][]float64, len(m.a))
		for i := range rows {
			rows[i] = flat[i*nb : (i+1)*nb]
		}
		st["plan"] = rows
	}
}

func (m *cloudModel) fillView(errText string) *cloudview.View {
	v := &m.view
	v.Error = errText
	if m.solver == nil {
		if v.Error == "" {
			v.Error = "No problem to show."
		}
		v.A, v.B = nil, nil
		return v
	}
	s := m.solver
	v.A, v.B = m.a, m.b
	v.Plan = s.Plan(v.Plan)
	v.Box = m.box
	v.Lambda, v.MaxCost = s.Lambda(), s.Problem().MaxCost()
	v.Iter, v.Projections = s.Iterations(), s.Projections()
	v.MarginalError, v.Tol, v.Converged = s.MarginalError(), m.params.Tol, m.converged()
	v.TransportCost = s.TransportCost()
	v.Wasserstein, v.HasWasserstein, v.WNote = m.w, m.hasW, shortNote(m.exactNote)
	v.Exact, v.ShowExact = m.links, m.params.ShowExact
	v.AddTo, v.DragSide, v.DragIndex = m.addTo, m.dragSide, m.dragIndex
	v.MaxPoints, v.Note = otcloud.MaxPoints, m.note
	return v
}

// shortNote fits the reason for a missing W into a readout cell.
func shortNote(s string) string {
	switch {
	case s == "":
		return ""
	case s == "computing…":
		return s
	}
	return "not available"
}

func (m *cloudModel) Draw(c render.Canvas, errText string) {
	cloudview.Draw(c, *m.fillView(errText))
}

// Pointer: a press on a toggle button picks the cloud that clicks add to; a press on a point
// grabs it; a press on empty space in the plane adds a point there (to the chosen cloud) and
// grabs the new point. While the button is held the grabbed point follows the pointer, kept
// inside the plane shown, and every move hands the new costs to the running solver.
func (m *cloudModel) Pointer(x, y, w, h float64, down bool) bool {
	if m.solver == nil {
		return false
	}
	if !down {
		m.down = false
		if m.dragSide != cloudview.SideNone {
			m.dragSide = cloudview.SideNone
			return true
		}
		return false
	}
	g := cloudview.Layout(w, h, *m.fillView(""))
	if !m.down {
		m.down = true
		if side, ok := g.ToggleAt(x, y); ok {
			changed := m.addTo != side
			m.addTo, m.note = side, ""
			return changed
		}
		if side, i, ok := g.Hit(x, y, m.view); ok {
			m.dragSide, m.dragIndex, m.note = side, i, ""
			return true
		}
		if g.InPlane(x, y) {
			return m.add(g.DataAt(x, y))
		}
		return false
	}
	if m.dragSide == cloudview.SideNone {
		return false
	}
	p := g.DataAt(x, y)
	p[0] = otcloud.Round(render.Clamp(p[0], g.Plane.X.Min, g.Plane.X.Max))
	p[1] = otcloud.Round(render.Clamp(p[1], g.Plane.Y.Min, g.Plane.Y.Max))
	return m.move(m.dragSide, m.dragIndex, p)
}

// cloud returns the points of a side and the Params field that lists them.
func (m *cloudModel) cloud(side cloudview.Side) (*[]otcloud.Point, *[]otcloud.Point) {
	if side == cloudview.SideB {
		return &m.b, &m.params.B
	}
	return &m.a, &m.params.A
}

// move puts point i of a cloud at p and continues Sinkhorn from its potentials (SetCost).
func (m *cloudModel) move(side cloudview.Side, i int, p otcloud.Point) bool {
	pts, listed := m.cloud(side)
	if i < 0 || i >= len(*pts) || (*pts)[i] == p {
		return false
	}
	old := (*pts)[i]
	(*pts)[i] = p
	m.cost = otcloud.Cost(m.a, m.b, m.cost)
	if err := m.solver.SetCost(m.cost); err != nil {
		(*pts)[i] = old
		m.cost = otcloud.Cost(m.a, m.b, m.cost)
		m.note = param.Sentence(err.Error())
		return true
	}
	// The moved cloud is now a list of points, so the URL (state().params) reproduces it.
	*listed = slices.Clone(*pts)
	m.restartExact(false)
	return true
}

// add appends a point at p to the chosen cloud, restarts Sinkhorn on the larger problem (the
// problem's size changed, so there are no potentials to keep) and grabs the new point.
func (m *cloudModel) add(p otcloud.Point) bool {
	side := m.addTo
	pts, listed := m.cloud(side)
	name := map[cloudview.Side]string{cloudview.SideA: "A", cloudview.SideB: "B"}[side]
	if len(*pts) >= otcloud.MaxPoints {
		m.note = fmt.Sprintf("Cloud %s has %d points, the most a cloud may have here: drag points instead, or add to the other cloud.", name, otcloud.MaxPoints)
		return true
	}
	p = otcloud.Point{otcloud.Round(p[0]), otcloud.Round(p[1])}
	*pts = append(*pts, p)
	if _, err := otcloud.NewProblem(m.a, m.b, m.params.Lambda); err != nil {
		*pts = (*pts)[:len(*pts)-1]
		m.note = param.Sentence(err.Error())
		return true
	}
	*listed = slices.Clone(*pts)
	if side == cloudview.SideB {
		m.params.NB = len(m.b)
	} else {
		m.params.NA = len(m.a)
	}
	m.note = ""
	m.Reset()
	m.dragSide, m.dragIndex = side, len(*pts)-1
	return true
}
