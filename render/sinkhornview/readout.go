package sinkhornview

import (
	"fmt"
	"math"

	"solvable/render"
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
	r := g.Readout
	rows := readoutRows(v)
	fs := g.FS * 0.95
	lh := render.LineHeight(fs)
	if r.W < 60 || r.H < lh {
		return
	}
	cols := 1
	if float64(len(rows))*lh > r.H {
		cols = 2
	}
	// Shrink the text until the rows fit; a phone in landscape is the tight case.
	for fs > 8 && float64((len(rows)+cols-1)/cols)*render.LineHeight(fs) > r.H {
		fs -= 0.5
	}
	lh = render.LineHeight(fs)
	perCol := (len(rows) + cols - 1) / cols
	colW := r.W / float64(cols)
	c.FillRect(r.X, r.Y, r.W, math.Min(r.H, float64(perCol)*lh+lh*0.5), render.Panel)
	for k, rw := range rows {
		col, line := k/perCol, k%perCol
		x := r.X + float64(col)*colW
		y := r.Y + lh*(float64(line)+0.5)
		if y+lh*0.5 > r.Bottom()+0.5 {
			continue
		}
		valueW := c.TextWidth(rw.value, fs)
		name := render.Ellipsize(c, rw.name, fs, colW-valueW-fs*1.5)
		c.Text(name, x+fs*0.4, render.Baseline(y, fs), fs, render.Muted, render.AlignLeft)
		ink := render.Ink
		if rw.name == "status" && v.Converged {
			ink = render.Green
		}
		c.Text(rw.value, x+colW-fs*0.6, render.Baseline(y, fs), fs, ink, render.AlignRight)
	}
}
