package sinkhornview

import (
	"fmt"
	"math"

	"solvable/render"
	"solvable/render/plot"
)

// row is one line of the readout: a name in words and its value.
type row struct{ name, value string }

// readoutRows lists the numbers a student checks the picture against. Missing or
// non-finite numbers show as a dash.
func readoutRows(v View) []row {
	num := func(x float64) string { return render.Num(x, 4) }
	rel := render.Dash
	if render.Finite(v.MaxCost) && v.MaxCost > 0 {
		rel = num(v.Lambda / v.MaxCost)
	}
	rows := []row{
		{"entropy weight λ", num(v.Lambda)},
		{"λ / max C", rel},
		{"cost C(x, y)", costLabel(v.CostName)},
		{"iterations", fmt.Sprintf("%d (%d projections)", v.Iter, v.Projections)},
		{"marginal error (L1)", num(lastError(v))},
		{"transport cost <C,P>", num(v.TransportCost)},
		{"<C,P> − λH(P)", num(v.Objective)},
	}
	if v.HasWasserstein {
		rows = append(rows,
			row{"exact W (λ = 0)", num(v.Wasserstein)},
			row{"gap <C,P> − W", num(v.TransportCost - v.Wasserstein)})
	}
	if v.HasDivergence {
		rows = append(rows, row{"divergence S_λ", num(v.Divergence)})
	}
	status := "not yet (tol " + render.Num(v.Tol, 2) + ")"
	if v.Converged {
		status = "converged"
	}
	rows = append(rows, row{"status", status})
	return rows
}

// costLabel names the ground cost the way the page writes it.
func costLabel(name string) string {
	switch name {
	case "sq", "":
		return "|x-y|^2"
	case "abs":
		return "|x-y|"
	}
	return name
}

// lastError is the marginal error of the iterate on screen, NaN before the first projection.
func lastError(v View) float64 {
	if v.Projections == 0 {
		return math.NaN()
	}
	return v.MarginalError
}

// drawReadout draws the rows as name-value pairs, in two columns when one would not fit the
// height and the width allows.
func drawReadout(c render.Canvas, g Geometry, v View) {
	rows := readoutRows(v)
	out := make([]plot.ReadoutRow, len(rows))
	for k, rw := range rows {
		out[k] = plot.ReadoutRow{Name: rw.name, Value: rw.value, Highlight: rw.name == "status" && v.Converged}
	}
	plot.Readout(c, g.Readout, out, g.FS*0.95)
}
