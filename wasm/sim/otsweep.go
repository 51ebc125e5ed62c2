package sim

import (
	"math"

	"solvable/core/lambdadiv"
	"solvable/core/sinkhorn"
	"solvable/render"
	"solvable/render/sweepview"
)

func init() { Register("otsweep", func() Model { return &sweepModel{hover: -1} }) }

// sweepModel glues core/sinkhorn's Sweep to the scene: it owns the sweep, the λ picked with
// the pointer and the papers' divergences (through publishedDivergences), and fills a
// read-only View.
type sweepModel struct {
	params     sinkhorn.SweepParams
	prob       *sinkhorn.Problem
	sweep      *sinkhorn.Sweep
	lmin, lmax float64

	hover int            // the λ picked with the pointer (−1: none)
	xmap  sweepview.XMap // how the last drawing mapped x to λ
	full  []float64      // the plan at planFor
	plan  []float64      // the inset's plan: full, summed into blocks for large problems
	planN int
	planM int
	// planFor is the λ index plan holds (−1: none).
	planFor int

	view sweepview.View
}

func (m *sweepModel) Name() string { return "otsweep" }

// DefaultSpeed is max: the sweep is computation to watch arrive, not an animation of steps.
func (m *sweepModel) DefaultSpeed() Speed { return Speed{Max: true} }

func (m *sweepModel) Issue() (string, string) { return "", "" }

func (m *sweepModel) Configure(lookup Lookup) error {
	sp, err := sinkhorn.ParseSweep(sinkhorn.Lookup(lookup))
	if err != nil {
		return convertErr(err)
	}
	prob, err := sp.Problem()
	if err != nil {
		return convertErr(err)
	}
	lmin, lmax, err := sp.Range(prob.MaxCost())
	if err != nil {
		return convertErr(err)
	}
	m.params, m.prob, m.lmin, m.lmax = sp, prob, lmin, lmax
	m.Reset()
	return nil
}

func (m *sweepModel) Params() map[string]string {
	if m.prob == nil {
		return paramsOf("otsweep", "")
	}
	return paramsOf("otsweep", m.params.Encode())
}

func (m *sweepModel) Reset() {
	if m.prob == nil {
		return
	}
	m.hover, m.planFor = -1, -1
	s, err := sinkhorn.NewSweep(m.prob, sinkhorn.SweepOptions{
		LMin: m.lmin, LMax: m.lmax, Points: m.params.Points, Tol: m.params.Tol, Mark: m.params.Lambda,
	})
	if err != nil {
		// Configure checked the range, so this is a problem the checks do not know.
		m.sweep = nil
		return
	}
	m.sweep = s
}

// publishedDivergences is where core/lambdadiv plugs into the sweep: the two λ-divergences
// of the papers at one finished λ, {AKO, AKOC}, labelled "published" or "derived" exactly as
// lambdadiv's Confirmed flags say (extraLabels). The sweep has their ingredients from its own
// solved plans (KL(P*(p,q) ‖ P*(q,q)) and S_λ, O(n) per λ) and lambdadiv.FromParts assembles
// them, so the definitions stay in core/lambdadiv; calling lambdadiv.Compute instead would solve
// the three problems again, over a second at n = 400 and small λ. TestSweepModelMatchesLambdadiv
// checks both values against lambdadiv.Compute at every λ of a sweep. Both are NaN (not drawn)
// when p and q are not on the same points or q has no mass where p has some, where
// lambdadiv.Compute returns an error.
func publishedDivergences(pt sinkhorn.SweepPoint) (ako, akoc float64) {
	if math.IsNaN(pt.TargetPlanKL) || math.IsInf(pt.TargetPlanKL, 0) {
		return math.NaN(), math.NaN()
	}
	v := lambdadiv.FromParts(pt.Lambda, pt.TargetPlanKL, pt.Divergence)
	return v.AKO, v.AKOC
}

// divergenceNote says why the papers' divergences are missing, or "".
func (m *sweepModel) divergenceNote() string {
	switch {
	case m.sweep == nil:
		return ""
	case !m.sweep.CommonSupport():
		return "The λ-divergences compare p and q on the same points; here they sit on different points."
	case math.IsInf(m.sweep.KLpq, 1):
		return "q has no weight where p has some, so the 2018 λ-divergence is infinite, as KL(p||q) is."
	}
	return ""
}

// extraLabels are the legend names of lambdadiv's two divergences, as its flags say, and the
// shorter readout names.
func extraLabels() (long, short [2]string) {
	kind := func(confirmed bool) string {
		if confirmed {
			return "published"
		}
		return "derived"
	}
	a, b := kind(lambdadiv.AKOConfirmed), kind(lambdadiv.AKOCConfirmed)
	return [2]string{"AKO 2018 λ-divergence (" + a + ")", "AKOC 2019 λ-divergence (" + b + ")"},
		[2]string{"AKO 2018 (" + a + ")", "AKOC 2019 (" + b + ")"}
}

func (m *sweepModel) Step() {
	if m.sweep != nil {
		m.sweep.Step()
	}
}

func (m *sweepModel) Settled() bool { return m.sweep == nil || m.sweep.Done() }

func (m *sweepModel) Background(more func() bool) bool { return false }

// klNote says why there is no KL(p‖q) asymptote, or "" when there is one.
func (m *sweepModel) klNote() string {
	if m.sweep == nil {
		return ""
	}
	switch {
	case !m.sweep.CommonSupport():
		return "p and q sit on different points, so KL(p||q) and the plan divergence (which compare weights point by point) do not exist; the costs above do."
	case math.IsInf(m.sweep.KLpq, 1):
		return "q is zero on a point where p is not, so KL(p||q) is infinite, and so is the plan divergence at every λ: P*(p,q) has an empty column where P*(p,p) has mass. No curve and no asymptote to draw."
	}
	return ""
}

// perLambda is one value per λ of the sweep for state(): null for λ not reached yet and for
// values that are not finite.
func perLambda(n, done int, get func(k int) float64) []any {
	out := make([]any, n)
	for k := 0; k < done && k < n; k++ {
		if v := get(k); render.Finite(v) {
			out[k] = v
		}
	}
	return out
}

func (m *sweepModel) State(st map[string]any, withPlan bool) {
	keys := []string{"lambdas", "transportCost", "objective", "entropy", "sinkhornDivergence", "planDivergence",
		"selfCostP", "selfCostQ", "iterations", "wasserstein", "klPQ", "klNote", "independentCost", "kernelLimit",
		"lambda", "markIndex", "lmin", "lmax", "points", "maxCost", "n", "m", "tol", "current", "currentLambda",
		"akoDivergence", "akocDivergence", "akoLabel", "akocLabel", "akoConfirmed", "akocConfirmed", "divergenceNote",
		"markTransportCost", "markObjective", "markDivergence", "markPlanDivergence"}
	for _, k := range keys {
		st[k] = nil
	}
	st["converged"], st["done"] = false, 0
	s := m.sweep
	if s == nil {
		return
	}
	pts := s.Points()
	n, done := len(s.Lambdas()), len(pts)
	st["lambdas"] = s.Lambdas()
	st["done"] = done
	st["converged"] = s.Converged()
	st["transportCost"] = perLambda(n, done, func(k int) float64 { return pts[k].TransportCost })
	st["objective"] = perLambda(n, done, func(k int) float64 { return pts[k].Objective })
	st["entropy"] = perLambda(n, done, func(k int) float64 { return pts[k].Entropy })
	st["sinkhornDivergence"] = perLambda(n, done, func(k int) float64 { return pts[k].Divergence })
	st["planDivergence"] = perLambda(n, done, func(k int) float64 { return pts[k].PlanDivergence })
	st["selfCostP"] = perLambda(n, done, func(k int) float64 { return pts[k].SelfP })
	st["selfCostQ"] = perLambda(n, done, func(k int) float64 { return pts[k].SelfQ })
	st["iterations"] = perLambda(n, done, func(k int) float64 { return float64(pts[k].Iterations[0]) })
	st["akoDivergence"] = perLambda(n, done, func(k int) float64 { a, _ := publishedDivergences(pts[k]); return a })
	st["akocDivergence"] = perLambda(n, done, func(k int) float64 { _, b := publishedDivergences(pts[k]); return b })
	labels, _ := extraLabels()
	st["akoLabel"], st["akocLabel"] = labels[0], labels[1]
	st["akoConfirmed"], st["akocConfirmed"] = lambdadiv.AKOConfirmed, lambdadiv.AKOCConfirmed
	if note := m.divergenceNote(); note != "" {
		st["divergenceNote"] = note
	}
	if s.HasW {
		st["wasserstein"] = s.W
	}
	st["klPQ"] = s.KLpq // +Inf and NaN become null; klNote says why
	st["klNote"] = m.klNote()
	st["independentCost"] = s.IndependentCost
	st["kernelLimit"] = s.KernelLimit
	st["lambda"] = m.params.Lambda
	if k := s.MarkIndex(); k >= 0 {
		st["markIndex"] = k
		if k < done {
			// The values at the page's λ, for the page's readouts (non-finite ones become null).
			st["markTransportCost"], st["markObjective"] = pts[k].TransportCost, pts[k].Objective
			st["markDivergence"], st["markPlanDivergence"] = pts[k].Divergence, pts[k].PlanDivergence
		}
	}
	if k := m.hover; k >= 0 && k < len(s.Lambdas()) {
		st["shownLambda"] = s.Lambdas()[k] // picked with the pointer
	}
	st["lmin"], st["lmax"], st["points"] = m.lmin, m.lmax, m.params.Points
	st["maxCost"] = m.prob.MaxCost()
	st["n"], st["m"] = m.prob.N, m.prob.M
	st["tol"] = m.params.Tol
	if !s.Done() {
		st["current"] = s.Current()
		st["currentLambda"] = s.Lambdas()[s.Current()]
	}
	if withPlan {
		st["p"], st["q"] = m.prob.P, m.prob.Q
		st["x"], st["y"] = m.prob.X, m.prob.Y
	}
}

// fillView refreshes the snapshot the scene draws.
func (m *sweepModel) fillView(errText string) *sweepview.View {
	v := &m.view
	v.Error = errText
	s := m.sweep
	if s == nil {
		if v.Error == "" {
			v.Error = "No sweep to show."
		}
		v.Lambdas = nil
		return v
	}
	pts := s.Points()
	v.Lambdas, v.Done = s.Lambdas(), len(pts)
	v.TransportCost, v.Objective, v.Divergence, v.PlanDivergence = v.TransportCost[:0], v.Objective[:0], v.Divergence[:0], v.PlanDivergence[:0]
	v.Iterations = v.Iterations[:0]
	failed := 0
	var ako, akoc []float64
	for _, pt := range pts {
		v.TransportCost = append(v.TransportCost, pt.TransportCost)
		v.Objective = append(v.Objective, pt.Objective)
		v.Divergence = append(v.Divergence, pt.Divergence)
		v.PlanDivergence = append(v.PlanDivergence, pt.PlanDivergence)
		v.Iterations = append(v.Iterations, pt.Iterations[0])
		if !pt.Converged {
			failed++
		}
		a, b := publishedDivergences(pt)
		ako, akoc = append(ako, a), append(akoc, b)
	}
	v.Extra = v.Extra[:0]
	if s.CommonSupport() {
		labels, short := extraLabels()
		v.Extra = append(v.Extra, sweepview.Series{Label: labels[0], Short: short[0], Values: ako},
			sweepview.Series{Label: labels[1], Short: short[1], Values: akoc})
	}
	v.W, v.HasW, v.KL, v.KLNote = s.W, s.HasW, s.KLpq, m.klNote()
	v.IndependentCost, v.KernelLimit = s.IndependentCost, s.KernelLimit
	v.MaxCost, v.CostName, v.N, v.M = m.prob.MaxCost(), m.prob.Cost.String(), m.prob.N, m.prob.M
	v.Marker, v.MarkIndex, v.Tol = m.params.Lambda, s.MarkIndex(), m.params.Tol
	v.Hover = m.hover
	v.Converged, v.Failed = s.Converged(), failed
	// The inset's plan: rebuilt from the stored potentials only when the λ it shows changes.
	v.PlanIndex = -1
	k := m.hover
	if k < 0 || k >= v.Done {
		k = v.Done - 1
		if v.Done == len(v.Lambdas) && v.MarkIndex >= 0 {
			k = v.MarkIndex
		}
	}
	if k >= 0 {
		if m.planFor != k {
			m.full = s.Plan(k, m.full)
			m.plan, m.planN, m.planM = coarsen(m.plan, m.full, m.prob.N, m.prob.M, insetCells)
			m.planFor = k
		}
		v.Plan, v.PlanN, v.PlanM, v.PlanIndex = m.plan, m.planN, m.planM, k
	}
	return v
}

// insetCells is the most rows or columns the inset heatmap gets: it is at most 170 px wide,
// so a 400 x 400 plan is summed into blocks first (a fifth of the pixels to colour each frame).
const insetCells = 100

// coarsen sums the n x m matrix src into at most maxCells x maxCells blocks (mass is kept: each
// block holds the total of its cells), writing into dst.
func coarsen(dst, src []float64, n, m, maxCells int) ([]float64, int, int) {
	bn, bm := (n+maxCells-1)/maxCells, (m+maxCells-1)/maxCells
	if bn <= 1 && bm <= 1 {
		return append(dst[:0], src[:n*m]...), n, m
	}
	rn, rm := (n+bn-1)/bn, (m+bm-1)/bm
	if cap(dst) < rn*rm {
		dst = make([]float64, rn*rm)
	}
	dst = dst[:rn*rm]
	clear(dst)
	for i := 0; i < n; i++ {
		row := dst[(i/bn)*rm : (i/bn+1)*rm]
		for j, x := range src[i*m : (i+1)*m] {
			row[j/bm] += x
		}
	}
	return dst, rn, rm
}

func (m *sweepModel) Draw(c render.Canvas, errText string) {
	m.xmap = sweepview.Draw(c, *m.fillView(errText))
}

// Hover picks the λ under a mouse that moves without pressing (−1 off the plots); wasm/main.go
// calls it for every Hoverer.
func (m *sweepModel) Hover(x, y, w, h float64) bool {
	if m.sweep == nil {
		return false
	}
	return m.pick(m.xmap.Index(x, y, m.sweep.Lambdas()))
}

func (m *sweepModel) pick(k int) bool {
	if k >= len(m.sweep.Points()) {
		k = len(m.sweep.Points()) - 1
	}
	if k == m.hover {
		return false
	}
	m.hover = k
	return true
}

// Pointer picks the λ under a pressed pointer (drag along the plots to scan); a press outside
// the plots clears the pick. The pick stays after release so its numbers can be read.
func (m *sweepModel) Pointer(x, y, w, h float64, down bool) bool {
	if m.sweep == nil || !down {
		return false
	}
	return m.pick(m.xmap.Index(x, y, m.sweep.Lambdas()))
}
