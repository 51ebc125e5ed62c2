package dlnview

import (
	"strings"

	"solvable/render"
	"solvable/render/scene"
)

// algoPhrase names the algorithm in the header's words, capitalised.
func algoPhrase(v View) string {
	eta := "step η = " + render.Num(v.Eta, 3)
	var s string
	switch v.Algo {
	case "", "flow":
		s = "Gradient flow"
	case "gd":
		s = "Gradient descent with " + eta
	case "sgd":
		batch := "batch " + itoa(v.Batch)
		if v.Batch <= 0 {
			batch = "full batch"
		}
		s = "SGD (" + batch + ") with " + eta
	default:
		s = v.Algo
	}
	if positive(v.Gamma) {
		s += " and gradient regularisation γ = " + render.Num(v.Gamma, 3)
	}
	return s
}

// algoName is the algorithm for the readout: short, lower case.
func algoName(v View) string {
	eta := "η = " + render.Num(v.Eta, 3)
	var s string
	switch v.Algo {
	case "", "flow":
		s = "gradient flow"
	case "gd":
		s = "GD, " + eta
	case "sgd":
		if v.Batch > 0 {
			s = "SGD, batch " + itoa(v.Batch) + ", " + eta
		} else {
			s = "SGD, " + eta
		}
	default:
		s = v.Algo
	}
	if positive(v.Gamma) {
		s += ", GR γ = " + render.Num(v.Gamma, 3)
	}
	return s
}

// qName is the implicit regulariser's name: Q_α, or its depth-D version.
func qName(v View) string {
	if v.Depth >= 3 {
		return "the depth-" + itoa(v.Depth) + " Q_α"
	}
	return "Q_α"
}

// headline says in one sentence what the picture shows.
func headline(v View) string {
	start := algoPhrase(v) + " from β = 0 at α = " + render.Num(v.Alpha, 3)
	q := qName(v)
	switch v.Mode {
	case ModeCoef:
		s := start + ": each coloured curve is one coefficient β_i(t)"
		var marks []string
		if len(v.Oracle) > 0 {
			marks = append(marks, "the bar at the right is its limit β* = argmin "+q)
		}
		if len(v.Teacher) > 0 {
			marks = append(marks, "the circle the teacher's value")
		}
		if len(marks) > 0 {
			s += "; " + strings.Join(marks, ", ")
		}
		return s + "."
	case ModeSweep:
		s := "Where the flow ends for each starting scale α: |β|₁ of the minimiser of " + q + " on Xβ = y (line) and of simulated runs (dots)"
		if len(v.SweepTest) > 0 || len(v.SimTest) > 0 {
			s += ", and its test error"
		}
		return s + "."
	}
	if v.Converged && isFlow(v) {
		return start + " has reached its limit: the minimiser of " + q + " on the line Xβ = y."
	}
	if isFlow(v) {
		return start + " ends at the minimiser of " + q + " on the line Xβ = y."
	}
	return start + " ends near, not exactly at, the minimiser of " + q + " on the line Xβ = y: its steps lower the effective α."
}

// sublines explain the regimes in one line, longest first; the first that fits is drawn.
func sublines(v View) []string {
	switch v.Mode {
	case ModeCoef:
		return []string{
			"Small α: coefficients switch on one at a time after long plateaus (rich regime). Large α: all move at once (kernel regime).",
			"Small α: plateaus, one coefficient at a time (rich). Large α: all at once (kernel).",
			"Small α: one at a time. Large α: all at once.",
		}
	case ModeSweep:
		return []string{
			"Large α gives the min-L2 interpolator (kernel regime); small α approaches the min-L1 one (rich regime), only logarithmically.",
			"Large α → min-L2 (kernel regime); small α → min-L1 (rich regime).",
			"Large α → min-L2; small α → min-L1.",
		}
	}
	return []string{
		"Large α: the limit is the min-L2 point (kernel regime). As α shrinks it slides along the line to the min-L1 point (rich regime).",
		"Large α → min-L2 point (kernel regime); small α → min-L1 point (rich regime).",
		"Large α → min-L2 point; small α → min-L1 point.",
	}
}

func drawHeader(c render.Canvas, g Geometry, v View) {
	r := g.Header
	col := render.Ink
	if v.Converged && v.Mode != ModeSweep {
		col = render.Green
	}
	y, room := scene.Headline(c, r, g.FS, headline(v), col)
	if room > 0 {
		scene.Subline(c, r, y, g.FS, sublines(v)...)
	}
}
