package otgeomview

import (
	"fmt"
	"strconv"

	"solvable/render"
	"solvable/render/plot"
	"solvable/render/scene"
)

// num formats a readout number (a dash when not finite).
func num(x float64) string { return render.Num(x, 4) }

// sci formats a small quantity such as a gap: always with an exponent, "0" for zero.
func sci(x float64) string {
	if !render.Finite(x) {
		return render.Dash
	}
	if x == 0 {
		return "0"
	}
	return render.Exp(strconv.FormatFloat(x, 'e', 1, 64))
}

// pk is "P" with the index k as a subscript: P₃.
func pk(k int) string { return "P" + sub(strconv.Itoa(k)) }

// headline says what the last step did.
func headline(v View) string {
	n := v.Projections
	switch {
	case v.Converged:
		return fmt.Sprintf("Converged after %d projections: the plan is P*, the one point where E_K crosses U(p,q). Every step obeyed Pythagoras to %s.", n, sci(v.MaxGap))
	case v.Stopped && v.Note != "":
		return v.Note
	case v.Stopped:
		return fmt.Sprintf("Stopped after %d projections without reaching the tolerance. Raise λ or move p1 away from q1.", n)
	case v.Last == ProjectionRows:
		return fmt.Sprintf("Projection %d rescaled the rows: %s is the e-projection of %s onto M_p (rows sum to p). Its distance to P* fell by KL(%s || %s) = %s.", n, pk(n), pk(n-1), pk(n), pk(n-1), num(v.Move))
	case v.Last == ProjectionCols:
		return fmt.Sprintf("Projection %d rescaled the columns: %s is the e-projection of %s onto M_q (columns sum to q). Its distance to P* fell by KL(%s || %s) = %s.", n, pk(n), pk(n-1), pk(n), pk(n-1), num(v.Move))
	}
	return "Start: P₀ = K = exp(−C/λ), drawn normalised. Its rows do not sum to p and its columns do not sum to q; P* is where E_K meets U(p,q)."
}

var sublines = []string{
	"Sinkhorn alternately rescales rows onto M_p (blue) and columns onto M_q (orange); every plan stays on the surface E_K.",
	"Rows onto M_p (blue), columns onto M_q (orange), always on E_K.",
}

func drawHeader(c render.Canvas, g Geometry, v View) {
	r := g.Header
	col := render.Ink
	if v.Converged {
		col = render.Green
	}
	y, room := scene.Headline(c, r, g.FS, headline(v), col)
	if room > 0 && v.Note != "" && !v.Stopped {
		for _, s := range render.Wrap(c, v.Note, g.FS, r.W)[:1] {
			c.Text(render.Ellipsize(c, s, g.FS, r.W), r.X, y, g.FS, render.Red, render.AlignLeft)
		}
	} else if room > 0 {
		scene.Subline(c, r, y, g.FS, sublines...)
	}
}

func legendEntries(v View) []plot.LegendEntry {
	return []plot.LegendEntry{
		{Label: "M_p: rows sum to p", Color: RowColour, Mark: plot.MarkOutline, Fill: render.Mix(RowColour, render.White, 0.85)},
		{Label: "M_q: columns sum to q", Color: ColColour, Mark: plot.MarkOutline, Fill: render.Mix(ColColour, render.White, 0.85)},
		{Label: "U(p,q) = M_p ∩ M_q", Color: SegColour, Mark: plot.MarkLine},
		{Label: "E_K: diag(u) K diag(v)", Color: MeshColour, Mark: plot.MarkLine},
		{Label: "row projection", Color: RowColour, Mark: plot.MarkLine},
		{Label: "column projection", Color: ColColour, Mark: plot.MarkLine},
		{Label: "P*: the answer at this λ", Color: OptColour, Mark: plot.MarkDot},
		{Label: "LP plan (λ → 0)", Color: LPColour, Mark: plot.MarkFill},
		{Label: "p × q (λ → ∞)", Color: render.Grey, Mark: plot.MarkRing},
		{Label: "K, the start (normalised)", Color: render.Ink, Mark: plot.MarkRing},
	}
}

// drawLegend draws the entries in one column (wide) or two (narrow).
func drawLegend(c render.Canvas, g Geometry, v View) {
	entries := legendEntries(v)
	r := g.Legend
	cols := 1
	fs := g.FS * 0.95
	if !g.Wide {
		cols, fs = 2, g.FS*0.9
	}
	lh := render.LineHeight(fs)
	per := (len(entries) + cols - 1) / cols
	colW := r.W / float64(cols)
	c.FillRect(r.X, r.Y, r.W, r.H, render.Panel)
	for k, e := range entries {
		x := r.X + float64(k/per)*colW + fs*0.4
		cy := r.Y + fs*0.3 + lh*(float64(k%per)+0.5)
		if cy > r.Bottom() {
			continue
		}
		plot.Swatch(c, render.Rect{X: x, Y: cy - fs*0.4, W: fs * 1.5, H: fs * 0.8}, e)
		label := render.Ellipsize(c, e.Label, fs, colW-fs*2.4)
		c.Text(label, x+fs*1.9, render.Baseline(cy, fs), fs, render.Ink, render.AlignLeft)
	}
}

type row struct {
	name, value string
	good        bool
}

// readoutRows are the numbers of the last step: the three KLs of the Pythagorean relation and
// its gap, then the problem.
func readoutRows(v View) []row { return readoutRowsFor(v, true) }

// readoutRowsFor leaves out the problem's own numbers (p, q, c, λ) when full is false: a phone
// has them in the page's controls and needs the room for the picture.
func readoutRowsFor(v View, full bool) []row {
	n := v.Projections
	rows := []row{}
	if v.HasStep && n >= 1 {
		rows = append(rows,
			row{name: "KL(P* || " + pk(n-1) + ")", value: num(v.Before)},
			row{name: "KL(P* || " + pk(n) + ")", value: num(v.After)},
			row{name: "KL(" + pk(n) + " || " + pk(n-1) + ")", value: num(v.Move)},
			row{name: "gap |1st − 2nd − 3rd|", value: sci(v.Gap)},
		)
	} else {
		rows = append(rows,
			row{name: "KL(P* || P₀)", value: num(v.KLToOptimum)},
			row{name: "next step", value: "rows onto M_p"},
			row{name: "", value: ""},
			row{name: "gap", value: render.Dash},
		)
	}
	status := "running"
	switch {
	case v.Converged:
		status = "converged"
	case v.Stopped:
		status = "stopped"
	}
	rows = append(rows,
		row{name: "projections", value: strconv.Itoa(n)},
		row{name: "marginal error", value: sci(v.MarginalError)},
	)
	if full {
		rows = append(rows,
			row{name: "p, q", value: "(" + num(v.P1) + ", " + num(1-v.P1) + "), (" + num(v.Q1) + ", " + num(1-v.Q1) + ")"},
			row{name: "c, λ", value: num(v.C) + ", " + num(v.Lambda)},
		)
	}
	return append(rows, row{name: "status", value: status, good: v.Converged})
}

func drawReadout(c render.Canvas, g Geometry, v View) {
	rows := readoutRowsFor(v, g.Wide)
	out := make([]plot.ReadoutRow, 0, len(rows))
	for _, r := range rows {
		out = append(out, plot.ReadoutRow{Name: r.name, Value: r.value, Highlight: r.good})
	}
	fs := g.FS * 0.95
	if !g.Wide {
		fs = g.FS * 0.9
	}
	plot.Readout(c, g.Readout, out, fs)
}

// drawCells shows the current plan as a 2x2 table with its row and column sums beside the
// targets p and q, when there is room.
func drawCells(c render.Canvas, g Geometry, v View) {
	r := g.Cells
	fs := g.FS * 0.9
	lh := render.LineHeight(fs)
	if r.W < 180 || r.H < 6*lh {
		return
	}
	c.FillRect(r.X, r.Y, r.W, r.H, render.Panel)
	title := "Plan " + pk(v.Projections)
	if v.Projections == 0 {
		title = "Plan P₀ = K (not normalised)"
	}
	c.Text(title, r.X+fs*0.4, r.Y+lh, fs, render.Ink, render.AlignLeft)
	cell := min((r.W-fs*9)/2, (r.H-3.5*lh)/2, 70)
	x0, y0 := r.X+fs*3, r.Y+lh*1.6
	for k := 0; k < 4; k++ {
		i, j := k/2, k%2
		x, y := x0+float64(j)*cell, y0+float64(i)*cell
		t := render.Clamp(v.Plan[k], 0, 1)
		fill := render.Mix(render.White, render.Purple, 0.08+0.6*t)
		c.FillRect(x, y, cell, cell, fill)
		c.StrokeRect(x, y, cell, cell, 1, render.Frame)
		ink := render.Ink
		if t > 0.55 {
			ink = render.White
		}
		c.Text(num(v.Plan[k]), x+cell/2, render.Baseline(y+cell/2, fs), fs, ink, render.AlignCenter)
		c.Text("P"+sub(strconv.Itoa(10*(i+1)+j+1)), x+3, y+fs, fs*0.75, render.Muted, render.AlignLeft)
	}
	// Row sums against p to the right, column sums against q below.
	rowCol, colCol := render.Muted, render.Muted
	if v.Last == ProjectionRows {
		rowCol = RowColour
	}
	if v.Last == ProjectionCols {
		colCol = ColColour
	}
	for i := 0; i < 2; i++ {
		s := v.Plan[2*i] + v.Plan[2*i+1]
		target := v.P1
		if i == 1 {
			target = 1 - v.P1
		}
		y := y0 + (float64(i)+0.5)*cell
		c.Text("Σ "+num(s), x0+2*cell+fs*0.5, render.Baseline(y-lh*0.5, fs), fs, rowCol, render.AlignLeft)
		c.Text("p"+sub(strconv.Itoa(i+1))+" = "+num(target), x0+2*cell+fs*0.5, render.Baseline(y+lh*0.5, fs), fs, rowCol, render.AlignLeft)
	}
	for j := 0; j < 2; j++ {
		s := v.Plan[j] + v.Plan[2+j]
		target := v.Q1
		if j == 1 {
			target = 1 - v.Q1
		}
		cx := x0 + (float64(j)+0.5)*cell
		c.Text("Σ "+num(s), cx, y0+2*cell+lh, fs, colCol, render.AlignCenter)
		c.Text("q"+sub(strconv.Itoa(j+1))+" = "+num(target), cx, y0+2*cell+2*lh, fs, colCol, render.AlignCenter)
	}
}
