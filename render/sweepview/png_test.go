package sweepview

import (
	"math"
	"strings"
	"testing"

	"solvable/core/sinkhorn"
	"solvable/render"
	"solvable/render/internal/scenetest"
)

// fixture runs a real sweep (core/sinkhorn, a test-only dependency: the scene itself computes
// nothing) for steps Steps, or to the end when steps < 0, and fills a View the way the
// simulator does.
func fixture(t testing.TB, query string, lmin, lmax float64, points, steps, hover int) View {
	t.Helper()
	pr, err := sinkhorn.Parse(sinkhorn.LookupIn(mustQuery(t, query)))
	if err != nil {
		t.Fatal(err)
	}
	prob, err := pr.Problem()
	if err != nil {
		t.Fatal(err)
	}
	mc := prob.MaxCost()
	s, err := sinkhorn.NewSweep(prob, sinkhorn.SweepOptions{LMin: lmin * mc, LMax: lmax * mc, Points: points, Tol: pr.Tol, Mark: pr.Lambda})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; !s.Done() && (steps < 0 || k < steps); k++ {
		s.Step()
	}
	v := View{Lambdas: s.Lambdas(), Done: len(s.Points()), W: s.W, HasW: s.HasW, KL: s.KLpq,
		IndependentCost: s.IndependentCost, KernelLimit: s.KernelLimit, MaxCost: mc, CostName: prob.Cost.String(),
		N: prob.N, M: prob.M, Marker: pr.Lambda, MarkIndex: s.MarkIndex(), Tol: pr.Tol, Hover: hover, PlanIndex: -1, Converged: s.Converged()}
	if math.IsInf(s.KLpq, 1) {
		v.KLNote = "q is zero on a point where p is not, so KL(p||q) is infinite, and so is the plan divergence at every λ: no curve and no asymptote to draw."
	}
	for _, pt := range s.Points() {
		v.TransportCost = append(v.TransportCost, pt.TransportCost)
		v.Objective = append(v.Objective, pt.Objective)
		v.Divergence = append(v.Divergence, pt.Divergence)
		v.PlanDivergence = append(v.PlanDivergence, pt.PlanDivergence)
		v.Iterations = append(v.Iterations, pt.Iterations[0])
	}
	if k := shown(v); k >= 0 {
		v.Plan, v.PlanN, v.PlanM, v.PlanIndex = s.Plan(k, nil), prob.N, prob.M, k
	}
	return v
}

func mustQuery(t testing.TB, q string) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, kv := range strings.Split(q, "&") {
		if kv == "" {
			continue
		}
		k, val, _ := strings.Cut(kv, "=")
		out[k] = append(out[k], val)
	}
	return out
}

// TestRenderPNG draws representative sweeps at desktop and phone sizes. Set SOLVABLE_SAVE_PNG
// to a directory to keep the pictures and look at them.
func TestRenderPNG(t *testing.T) {
	spec := "x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0.05,0.1,0.1,0.15,0.25,0.35&lambda=0.1"
	done := fixture(t, "n=40&lambda=0.01", 1e-3, 100, 41, -1, -1)
	withExtra := done
	extra := make([]float64, len(done.PlanDivergence))
	for k, d := range done.PlanDivergence {
		extra[k] = d * done.Lambdas[k] / (1 + done.Lambdas[k]) // a stand-in curve for the picture only
	}
	withExtra.Extra = []Series{{Label: "AKO 2018 λ-divergence (derived)", Values: extra}}
	cases := []scenetest.Case[View]{
		{Name: "bumps-done", View: done},
		{Name: "bumps-streaming", View: fixture(t, "n=40&lambda=0.01", 1e-3, 100, 41, 400, -1)},
		{Name: "bumps-hover", View: fixture(t, "n=40&lambda=0.01", 1e-3, 100, 41, -1, 12)},
		{Name: "spec-done", View: fixture(t, spec, 1e-3, 100, 31, -1, -1)},
		{Name: "holes", View: fixture(t, "x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0,0.1,0.1,0.15,0.25,0.4&lambda=0.1", 1e-3, 100, 21, -1, -1)},
		{Name: "extra", View: withExtra},
		{Name: "start", View: fixture(t, "n=40&lambda=0.01", 1e-3, 100, 41, 0, -1)},
		{Name: "error", View: View{Error: "lmin = 1e-06 is below 0.0001 times the largest cost (1): each lambda would need tens of thousands of iterations."}},
	}
	sizes := []scenetest.Size{{1000, 640}, {360, 640}, {640, 480}, {1280, 720}, {365, 480}}
	scenetest.RenderPNG(t, "sweep", cases, sizes, func(c render.Canvas, v View) { Draw(c, v) })
}
