package sim

import (
	"math"
	"sort"
	"strconv"
)

// Series implements Exporter. In the line and coefficient views: the path of the run, the time
// t, the training loss and every coefficient of β at each recorded step (every step until the
// history fills, then thinned), ending with the current iterate. In the sweep view: the sweep
// over the initial scale α, the theory's ℓ1 norm and test error at each α of its grid and the
// simulated flow's at each α it has converged at, in order of α.
func (m *dlnModel) Series() (string, []string, [][]float64) {
	if m.view == "sweep" {
		return m.sweepSeries()
	}
	header := []string{"t", "loss"}
	title := "the run's path: time t, training loss and the coefficients of beta at each recorded step"
	if m.step == nil || m.prob == nil {
		return title, append(header, "beta_1"), nil
	}
	d := m.prob.D
	for i := 1; i <= d; i++ {
		header = append(header, "beta_"+strconv.Itoa(i))
	}
	row := func(t, loss float64, beta []float64) []float64 {
		r := make([]float64, 0, 2+d)
		r = append(r, t, loss)
		return append(r, beta...)
	}
	rows := make([][]float64, 0, len(m.histT)+1)
	for k := range m.histT {
		rows = append(rows, row(m.histT[k], m.histLoss[k], m.histBeta[k]))
	}
	if t := m.step.Time(); len(rows) == 0 || rows[len(rows)-1][0] != t {
		m.beta = m.step.Beta(m.beta)
		rows = append(rows, row(t, m.step.Loss(), m.beta))
	}
	return title, header, rows
}

func (m *dlnModel) sweepSeries() (string, []string, [][]float64) {
	header := []string{"alpha", "l1_theory", "test_error_theory", "l1_flow", "test_error_flow"}
	title := "the sweep over the initial scale alpha: the l1 norm of beta and the test error, from the theory " +
		"(the implicit-bias problem) and from the simulated flow; empty: not computed (yet) at that alpha"
	nan := math.NaN()
	var rows [][]float64
	for k, a := range m.sweepA {
		rows = append(rows, []float64{a, m.sweepL1[k], m.sweepTest[k], nan, nan})
	}
	for k, a := range m.simA {
		rows = append(rows, []float64{a, nan, nan, m.simL1[k], m.simT[k]})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i][0] < rows[j][0] })
	return title, header, rows
}
