package dlnview

import (
	"math"
	"strconv"

	"solvable/render"
	"solvable/render/plot"
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
	rows := readoutRows(v)
	out := make([]plot.ReadoutRow, len(rows))
	for k, rw := range rows {
		out[k] = plot.ReadoutRow{Name: rw.name, Value: rw.value, Highlight: rw.name == "status" && v.Converged}
	}
	plot.Readout(c, g.Readout, out, g.FS*0.95)
}
