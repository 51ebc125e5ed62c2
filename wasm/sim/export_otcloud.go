package sim

import "solvable/render/cloudview"

// Series implements Exporter: the entries of the plan the picture draws as lines, those with
// P_ij at least cloudview.LineThreshold of the largest entry (all of them, not only the
// strongest cloudview.MaxLines drawn), with the coordinates of both points, so the table
// plots as the picture and names the points by their index in a and b.
func (m *cloudModel) Series() (string, []string, [][]float64) {
	header := []string{"i", "j", "a_x", "a_y", "b_x", "b_y", "mass"}
	title := "plan entries P_ij of at least 1% of the largest entry: point i of a, point j of b, and the mass moved"
	if m.solver == nil {
		return title, header, nil
	}
	plan := m.solver.Plan(nil)
	nb := len(m.b)
	mx := 0.0
	for _, p := range plan {
		if p > mx {
			mx = p
		}
	}
	var rows [][]float64
	if !(mx > 0) {
		return title, header, rows
	}
	for i, a := range m.a {
		for j, b := range m.b {
			if p := plan[i*nb+j]; p/mx >= cloudview.LineThreshold {
				rows = append(rows, []float64{float64(i), float64(j), a[0], a[1], b[0], b[1], p})
			}
		}
	}
	return title, header, rows
}
