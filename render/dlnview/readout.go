package dlnview

import (
	"math"
	"strconv"

	"solvable/render"
)

// row is one line of the readout: a name in words and its value.
type row struct{ name, value string }

// readoutRows lists the numbers a student checks the picture against. Missing or
// non-finite numbers show as a dash.
func readoutRows(v View) []row {
	num := func(x float64) string { return render.Num(x, 4) }
	depth := render.Dash
	if v.Depth > 0 {
		depth = itoa(v.Depth)
	}
	if v.Mode == ModeSweep {
		rows := []row{
			{"starting scale α", num(v.Alpha)},
			{"depth D", depth},
			{"|β|₁ of the run now", num(v.CurrentL1)},
			{"|β*|₁, limit at this α", num(l1(v.Oracle))},
			{"kernel limit |min-L2|₁", num(orNaN(v.L1OfMinL2))},
			{"rich limit |min-L1|₁", num(orNaN(v.L1OfMinL1))},
		}
		if len(v.SweepTest) > 0 || len(v.SimTest) > 0 {
			rows = append(rows, row{"test error of the run now", num(v.CurrentTest)})
		}
		return append(rows, row{"simulated α values", itoa(len(v.SimAlpha))})
	}
	rows := []row{
		{"starting scale α", num(v.Alpha)},
		{"depth D", depth},
		{"algorithm", algoName(v)},
		{timeName(v), timeValue(v)},
		{"loss", num(v.Loss)},
		{"max |Xβ − y|", num(v.Residual)},
		{"|β|₁", num(l1(v.Beta))},
	}
	if v.Mode == ModeCoef {
		rows = append(rows, row{"max |β − β*|", num(dist(v.Beta, v.Oracle, 0))})
		if !isFlow(v) {
			rows = append(rows, row{"smallest α_eff", num(minFinite(v.AlphaEff))})
		}
	} else {
		rows = append(rows, row{"distance |β − β*|", num(dist(v.Beta, v.Oracle, 2))})
	}
	status := "running"
	switch {
	case v.Converged:
		status = "converged"
	case v.Stopped:
		status = "stopped (see the note)"
	}
	return append(rows, row{"status", status})
}

// orNaN treats a norm that is zero, negative or not finite as unknown.
func orNaN(x float64) float64 {
	if positive(x) {
		return x
	}
	return math.NaN()
}

// timeName is "time t" for the flow, "steps" for the discrete algorithms.
func timeName(v View) string {
	switch v.TimeLabel {
	case "", "t":
		return "time t"
	}
	return v.TimeLabel
}

// timeValue shows steps as a whole number and flow time with four digits.
func timeValue(v View) string {
	if v.TimeLabel == "steps" && render.Finite(v.Time) && math.Abs(v.Time) < 1e15 {
		return strconv.FormatInt(int64(v.Time), 10)
	}
	return render.Num(v.Time, 4)
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
	if float64(len(rows))*lh > r.H && r.W >= 320 {
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
		y := r.Y + lh*(float64(line)+0.75)
		if y+lh*0.5 > r.Bottom()+0.5 {
			continue
		}
		value := render.Ellipsize(c, rw.value, fs, colW*0.6)
		valueW := c.TextWidth(value, fs)
		name := render.Ellipsize(c, rw.name, fs, colW-valueW-fs*1.5)
		c.Text(name, x+fs*0.4, render.Baseline(y, fs), fs, render.Muted, render.AlignLeft)
		ink := render.Ink
		if rw.name == "status" && v.Converged {
			ink = render.Green
		}
		c.Text(value, x+colW-fs*0.6, render.Baseline(y, fs), fs, ink, render.AlignRight)
	}
}
