package sim

import (
	"math"
	"sort"
)

// Series implements Exporter: one row per sample size, the theory's grid and the simulated
// sizes merged in order of N. The theory columns are empty where the theory has no value, the
// simulation columns where N is not simulated (or has no seed yet).
func (m *curvesModel) Series() (string, []string, [][]float64) {
	header := []string{"n", "theory_eg", "theory_bias", "theory_noise", "kappa", "sim_mean", "sim_stderr", "sim_seeds"}
	title := "learning curve: theory E_g(N) (replica, from the kernel's eigenvalues) with its bias and noise parts and kappa; " +
		"sim_mean and sim_stderr: mean test error of kernel regression over sim_seeds seeds and its standard error; empty: no value"
	if !m.ok {
		return title, header, nil
	}
	nan := math.NaN()
	var rows [][]float64
	l := &m.lines
	for i, n := range l.N {
		rows = append(rows, []float64{n, l.Eg[i], l.Bias[i], l.Variance[i], l.Kappa[i], nan, nan, nan})
	}
	for _, p := range m.pts {
		r := p.sim.Result()
		row := []float64{float64(p.n), nan, nan, nan, nan, nan, nan, float64(r.Seeds)}
		if p.hasTh {
			row[1], row[2], row[3], row[4] = p.theory.Eg, p.theory.Bias, p.theory.Variance, p.theory.Kappa
		}
		if len(r.Tasks) == 1 && r.Seeds > 0 {
			row[5] = r.Tasks[0].Mean
			if r.Seeds > 1 {
				row[6] = r.Tasks[0].StdErr
			}
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(a, b int) bool { return rows[a][0] < rows[b][0] })
	return title, header, rows
}
