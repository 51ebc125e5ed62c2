package cloudview

import (
	"fmt"

	"solvable/render"
	"solvable/render/plot"
)

// headline says what the frame shows, in one sentence.
func headline(v View) string {
	switch {
	case v.DragSide != SideNone:
		return fmt.Sprintf("Moving a point of %s: Sinkhorn goes on from the plan it had (a warm start) and follows the point.", sideName(v.DragSide))
	case v.Converged:
		return fmt.Sprintf("Converged at iteration %d: the lines are the entropic plan at λ = %s.", v.Iter, render.Num(v.Lambda, 3))
	case v.Projections == 0:
		return "Start: every pair of points is linked with weight exp(−|a − b|²/λ); Sinkhorn now rescales them."
	}
	return fmt.Sprintf("Iteration %d: Sinkhorn rescales each point's lines until A sends and B receives equal shares of mass.", v.Iter)
}

func sideName(s Side) string {
	if s == SideB {
		return "B"
	}
	return "A"
}

// hints are the instruction line, longest first; the first that fits is drawn.
func hints(v View) []string {
	to := sideName(v.AddTo)
	return []string{
		"Drag any point to move it. Click empty space to add a point to " + to + " (switch with the buttons).",
		"Drag a point to move it; click empty space to add one to " + to + ".",
		"Drag a point; tap empty space to add to " + to + ".",
	}
}

func drawHeader(c render.Canvas, g Geometry, v View) {
	fs := g.FS * 1.05
	r := g.Header
	lh := render.LineHeight(fs)
	maxLines := max(int(r.H/lh), 1)
	lines := render.Wrap(c, headline(v), fs, r.W)
	// Keep a line for the instruction.
	if len(lines) > maxLines-1 && maxLines > 1 {
		lines = lines[:maxLines-1]
		lines[len(lines)-1] = render.Ellipsize(c, lines[len(lines)-1]+"…", fs, r.W)
	}
	col := render.Ink
	if v.Converged && v.DragSide == SideNone {
		col = render.Green
	}
	y := render.TextBlock(c, lines, r.X, r.Y+fs, fs, col, render.AlignLeft)
	if v.Note != "" {
		c.Text(render.Ellipsize(c, v.Note, g.FS, r.W), r.X, y, g.FS, render.WarnInk, render.AlignLeft)
		return
	}
	hs := hints(v)
	pick := hs[len(hs)-1]
	for _, s := range hs {
		if c.TextWidth(s, g.FS) <= r.W {
			pick = s
			break
		}
	}
	c.Text(render.Ellipsize(c, pick, g.FS, r.W), r.X, y, g.FS, render.Muted, render.AlignLeft)
}

type row struct{ name, value string }

// readoutRows lists the numbers a student checks the picture against.
func readoutRows(v View) []row {
	num := func(x float64) string { return render.Num(x, 4) }
	rel := render.Dash
	if render.Finite(v.MaxCost) && v.MaxCost > 0 {
		rel = num(v.Lambda / v.MaxCost)
	}
	merr := render.Dash
	if v.Projections > 0 {
		merr = num(v.MarginalError)
	}
	rows := []row{
		{"entropy weight λ", num(v.Lambda)},
		{"λ / max C", rel},
		{"iterations", fmt.Sprintf("%d (%d projections)", v.Iter, v.Projections)},
		{"marginal error (L1)", merr},
		{"transport cost <C,P>", num(v.TransportCost)},
	}
	if v.HasWasserstein {
		rows = append(rows,
			row{"exact W (λ = 0)", num(v.Wasserstein)},
			row{"gap <C,P> − W", num(v.TransportCost - v.Wasserstein)})
	} else {
		note := v.WNote
		if note == "" {
			note = render.Dash
		}
		// The same number of rows either way: the phone layout sizes the plane by them, and
		// it must not move while a point is dragged.
		rows = append(rows, row{"exact W (λ = 0)", note}, row{"gap <C,P> − W", render.Dash})
	}
	status := "not yet (tol " + render.Num(v.Tol, 2) + ")"
	if v.Converged {
		status = "converged"
	}
	return append(rows, row{"status", status})
}

func drawReadout(c render.Canvas, g Geometry, v View) {
	rows := readoutRows(v)
	out := make([]plot.ReadoutRow, len(rows))
	for k, rw := range rows {
		out[k] = plot.ReadoutRow{Name: rw.name, Value: rw.value, Highlight: rw.name == "status" && v.Converged}
	}
	plot.Readout(c, g.Readout, out, g.FS*0.95)
}
