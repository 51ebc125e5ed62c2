package sim

// Series implements Exporter: the marginal error ||P1 - p||_1 + ||P^T 1 - q||_1 after each
// recorded projection (every projection until the history fills, then every 2nd, 4th, ...),
// ending with the current iterate, which is what the error plot draws.
func (m *sinkhornModel) Series() (string, []string, [][]float64) {
	header := []string{"projection", "iteration", "marginal_error"}
	title := "marginal error after each recorded e-projection (the error plot)"
	if m.solver == nil {
		return title, header, nil
	}
	rows := make([][]float64, 0, len(m.history)+1)
	for k, e := range m.history {
		p := (k + 1) * m.stride
		rows = append(rows, []float64{float64(p), float64(p / 2), e})
	}
	if p := m.solver.Projections(); len(rows) == 0 || int(rows[len(rows)-1][0]) != p {
		rows = append(rows, []float64{float64(p), float64(p / 2), m.solver.MarginalError()})
	}
	return title, header, rows
}
