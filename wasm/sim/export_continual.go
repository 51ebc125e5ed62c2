package sim

import (
	"math"
	"strconv"
)

// Series implements Exporter: the theory lines of the current view at the points the picture
// draws them, with the simulated means and standard errors where a point was simulated (empty
// elsewhere, and before a point's first seed).
func (m *continualModel) Series() (string, []string, [][]float64) {
	nan := math.NaN()
	if !m.ok {
		return "no problem", []string{"x"}, nil
	}
	type simv = struct{ mean, se, seeds float64 }
	sim := func(p simv) []float64 { return []float64{p.mean, p.se, p.seeds} }
	none := simv{nan, nan, nan}
	switch m.params.View {
	case "transfer":
		t := m.theory.Transfer
		header := []string{"rho", "forward_theory", "backward_theory", "forward_sim_mean", "forward_sim_stderr", "forward_sim_seeds",
			"backward_sim_mean", "backward_sim_stderr", "backward_sim_seeds"}
		title := "two tasks against the targets' similarity rho: E_A->B (error on B after A then B) and E^back (error on A after A then B), " +
			"replica theory and simulated kernel regression (backward: control-variate estimate); " +
			"E_A = " + fmtG(t.EA) + ", E_B = " + fmtG(t.EB)
		fwd, back, _, _, _ := m.transferPoints()
		var rows [][]float64
		// The theory grid, then the simulated similarities that are not on it.
		xs := append([]float64(nil), t.Rho...)
		for _, r := range m.rhos {
			found := false
			for _, x := range xs {
				found = found || math.Abs(x-r) < 1e-12
			}
			if !found {
				xs = append(xs, r)
			}
		}
		for i, r := range xs {
			f, b := nan, nan
			if i < len(t.Rho) {
				f, b = t.Forward[i], t.Backward[i]
			}
			sf, sb := none, none
			for k, p := range fwd {
				if math.Abs(p.X-r) < 1e-12 {
					f, b = p.Theory, back[k].Theory
					sf, sb = simv{p.Mean, p.SE, float64(p.Seeds)}, simv{back[k].Mean, back[k].SE, float64(back[k].Seeds)}
				}
			}
			rows = append(rows, append(append([]float64{r, f, b}, sim(sf)...), sim(sb)...))
		}
		return title, header, rows
	case "self":
		s := m.theory.Self
		header := []string{"n_b", "after_a_then_b_theory", "b_alone_theory", "joint_theory", "sim_mean", "sim_stderr", "sim_seeds"}
		title := "the same target twice: error after A (N_A = " + strconv.Itoa(m.params.NA) + ") then B against N_B; E_A = " + fmtG(s.EA)
		var rows [][]float64
		for i, nb := range s.NB {
			rows = append(rows, []float64{nb, s.E2[i], s.Single[i], s.Joint[i], nan, nan, nan})
		}
		for _, p := range m.selfPoints() {
			rows = append(rows, []float64{p.X, p.Theory, nan, nan, p.Mean, p.SE, float64(p.Seeds)})
		}
		return title, header, rows
	case "multi":
		header := []string{"split", "task", "samples", "error_theory", "bias_theory", "variance_theory", "sim_mean", "sim_stderr", "sim_seeds"}
		title := "tasks with the same target: error after each task, its bias and variance (theory) and the simulated error; " +
			"split 1: N_A then N_B each, split 2 (when N_A differs from N_B): N_B each"
		var rows [][]float64
		for k := range m.splits {
			pts := m.splitPoints(k)
			for i, st := range m.stages(k) {
				sv := none
				if i < len(pts) {
					sv = simv{pts[i].Mean, pts[i].SE, float64(pts[i].Seeds)}
				}
				rows = append(rows, append([]float64{float64(k + 1), float64(i + 1), st.N, st.E, st.Bias, st.Variance}, sim(sv)...))
			}
		}
		return title, header, rows
	}
	return "", []string{"x"}, nil
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }
