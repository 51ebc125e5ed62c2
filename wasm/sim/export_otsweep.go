package sim

import "math"

// Series implements Exporter: one row per λ of the sweep (the curves of the picture), with the
// λ not yet solved left empty. iterations_pq, _pp, _qq are the Sinkhorn iterations spent at
// that λ on (p,q), (p,p) and (q,q); ako_divergence and akoc_divergence are the papers'
// divergences the picture can overlay (empty where undefined).
func (m *sweepModel) Series() (string, []string, [][]float64) {
	header := []string{"lambda", "transport_cost", "entropy", "objective", "sinkhorn_divergence", "plan_divergence",
		"self_cost_p", "self_cost_q", "iterations_pq", "iterations_pp", "iterations_qq", "converged",
		"ako_divergence", "akoc_divergence"}
	title := "one row per lambda of the sweep: <C,P*>, H(P*), OT_lambda(p,q), the debiased Sinkhorn divergence S_lambda, " +
		"KL(P*(p,p)||P*(p,q)), OT_lambda(p,p), OT_lambda(q,q); empty: not computed yet or undefined"
	s := m.sweep
	if s == nil {
		return title, header, nil
	}
	pts := s.Points()
	nan := math.NaN()
	rows := make([][]float64, len(s.Lambdas()))
	for k, l := range s.Lambdas() {
		r := []float64{l, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan}
		if k < len(pts) {
			p := pts[k]
			conv := 0.0
			if p.Converged {
				conv = 1
			}
			ako, akoc := publishedDivergences(p)
			r = []float64{l, p.TransportCost, p.Entropy, p.Objective, p.Divergence, p.PlanDivergence, p.SelfP, p.SelfQ,
				float64(p.Iterations[0]), float64(p.Iterations[1]), float64(p.Iterations[2]), conv, ako, akoc}
		}
		rows[k] = r
	}
	return title, header, rows
}
