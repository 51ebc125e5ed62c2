package ntkview

import (
	"image/color"
	"math"
	"strconv"

	"solvable/render"
	"solvable/render/plot"
	"solvable/render/scene"
)

// Colours. The three functions are blue, orange and black (told apart with any colour
// vision, and the linearised model is also dashed); the two sweep quantities are purple dots
// and teal squares.
var (
	colNet     = render.Blue
	colLinear  = render.Orange
	colKernel  = render.Ink
	colTarget  = color.RGBA{0x8a, 0x90, 0x99, 0xff}
	colWeights = render.Purple
	colDrift   = render.Teal
	colRef     = render.Grey
)

// Draw paints the scene for v over the whole canvas. It never leaves the canvas blank: a
// view with an error (or nothing to show) gets the sentence in words instead.
func Draw(c render.Canvas, v View) {
	w, h, ok := scene.Begin(c)
	if !ok {
		return
	}
	g := Layout(w, h, v)
	if g.HasMessage {
		scene.Message(c, g.Message, g.FS, "This run cannot be shown", message(v))
		return
	}
	drawHeader(c, g, v)
	scene.Note(c, g.Note, g.FS, v.Note)
	drawFunctions(c, g, v)
	drawLosses(c, g, v)
	drawSweep(c, g, v)
	drawReadout(c, g, v)
}

func itoa(n int) string { return strconv.Itoa(n) }

// methodName is the optimiser's name in words; an unknown name is shown as it is.
func methodName(m string) string {
	switch m {
	case "gd", "":
		return "GD"
	case "ngd":
		return "exact NGD"
	case "blockdiag":
		return "block-diagonal NGD"
	case "kfac":
		return "K-FAC"
	case "unitwise":
		return "unit-wise NGD"
	}
	return m
}

// methodColor gives each optimiser one colour in the loss panel, whichever is current.
func methodColor(m string, i int) color.RGBA {
	switch m {
	case "gd":
		return render.Blue
	case "ngd":
		return render.Ink
	case "blockdiag":
		return render.Orange
	case "kfac":
		return render.Purple
	case "unitwise":
		return render.Teal
	}
	return render.SeriesColor(i)
}

// isNGD says whether the method uses the damping ρ.
func isNGD(m string) bool { return m != "gd" && m != "" }

// relRMS is the root-mean-square of a − b over the root-mean-square of b (NaN when it cannot
// be told: lengths differ, nothing finite, or b is zero).
func relRMS(a, b []float64) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return math.NaN()
	}
	var num, den float64
	n := 0
	for i := range a {
		if !render.Finite(a[i]) || !render.Finite(b[i]) {
			continue
		}
		d := a[i] - b[i]
		num += d * d
		den += b[i] * b[i]
		n++
	}
	if n == 0 || !(den > 0) {
		return math.NaN()
	}
	r := math.Sqrt(num / den)
	if !render.Finite(r) {
		return math.NaN()
	}
	return r
}

func percent(r float64) string {
	p := 100 * r
	if !render.Finite(p) {
		return render.Dash
	}
	if p >= 1000 {
		return "over 1000%"
	}
	if p < 0.1 {
		return "0.1%" // read as an upper bound: callers say "within"
	}
	if p < 1 {
		return render.Num(p, 1) + "%"
	}
	return strconv.Itoa(int(math.Round(p))) + "%"
}

// headline says in one sentence what the picture shows now.
func headline(v View) string {
	name := methodName(v.Method)
	if v.Drawing {
		return "Drawing targets: the black curve is kernel regression through the points as you move them; release to train the network on them."
	}
	if len(v.Net) == 0 || v.Step <= 0 {
		return "Before training: the black curve is kernel regression with the network's NTK, where a wide network trained by " +
			name + " ends as t → ∞; the grey dashes are the target."
	}
	at := "Step " + itoa(v.Step) + " of " + name
	d := relRMS(v.Net, v.Kernel)
	switch {
	case !render.Finite(d):
		return at + ": the network (blue) has no finite values to compare with the kernel-regression limit (black)."
	case v.Converged && d < 0.05:
		return at + ": converged, and the network (blue) sits on the kernel-regression limit (black)."
	case v.Converged:
		return at + ": converged, but the network (blue) ends " + percent(d) + " (rms) away from the kernel-regression limit (black)."
	case d > 10:
		return at + ": the network (blue) is far outside the range of the target and the kernel-regression limit (black); if the loss grows, the learning rate is too large."
	case d < 0.05:
		return at + ": the network (blue) has almost reached the kernel-regression limit (black)."
	case d < 0.3:
		return at + ": the network (blue) is approaching the kernel-regression limit (black), " + percent(d) + " (rms) away."
	}
	return at + ": the network (blue) is on its way to the kernel-regression limit (black), still " + percent(d) + " (rms) away."
}

// subline says how close the network stays to its linearisation: the point of the NTK regime.
func subline(v View) []string {
	dl := relRMS(v.Net, v.Linear)
	if v.Step <= 0 {
		dl = math.NaN() // at step 0 both are f_0: their agreement says nothing yet
	}
	if !render.Finite(dl) && len(v.Net) > 0 && v.Step > 0 && positive(v.WeightChangeNow) {
		// No linearised curve for this optimiser: say how far the weights have moved instead.
		return []string{
			"The weights have moved " + percent(v.WeightChangeNow) + " of their initial norm and the NTK " + percent(v.KernelDriftNow) +
				": the wider the network, the less both move (width sweep).",
			"Weights moved " + percent(v.WeightChangeNow) + ", NTK " + percent(v.KernelDriftNow) + ": less at larger width.",
			"Weights moved " + percent(v.WeightChangeNow) + ".",
		}
	}
	if !render.Finite(dl) {
		return []string{
			"A wide network is lazy: its weights barely move while it trains, so it follows its linearisation and ends at kernel regression.",
			"A wide network barely moves its weights: it trains like its linearisation.",
			"Wide networks train like their linearisation.",
		}
	}
	if dl < 0.05 {
		return []string{
			"The linearised model (orange) follows the network within " + percent(dl) + ": at width " + itoa(v.Width) + " the network is lazy and trains like its linearisation.",
			"The linearised model (orange) follows the network within " + percent(dl) + ": it is lazy.",
			"Linearised model within " + percent(dl) + ".",
		}
	}
	if dl < 0.2 {
		return []string{
			"The network stays within " + percent(dl) + " (rms) of its linearisation (orange): nearly lazy at width " + itoa(v.Width) + "; wider networks stay closer.",
			"Within " + percent(dl) + " of its linearisation (orange): nearly lazy.",
			"Linearised model within " + percent(dl) + ".",
		}
	}
	return []string{
		"The network has moved " + percent(dl) + " (rms) away from its linearisation (orange): at width " + itoa(v.Width) + " it is not lazy, the NTK changes as it trains.",
		"The network is " + percent(dl) + " away from its linearisation (orange): not lazy.",
		"Linearisation off by " + percent(dl) + ".",
	}
}

func drawHeader(c render.Canvas, g Geometry, v View) {
	r := g.Header
	col := render.Ink
	if v.Converged {
		col = render.Green
	}
	y, room := scene.Headline(c, r, g.FS, headline(v), col)
	if room <= 0 {
		return
	}
	subs := subline(v)
	// The longest version that fits in the lines left, wrapped.
	for k, s := range subs {
		wrapped := render.Wrap(c, s, g.FS, r.W)
		if len(wrapped) <= room || k == len(subs)-1 {
			if len(wrapped) > room {
				wrapped = wrapped[:room]
				wrapped[room-1] = render.Ellipsize(c, wrapped[room-1]+"…", g.FS, r.W)
			}
			render.TextBlock(c, wrapped, r.X, y, g.FS, render.Muted, render.AlignLeft)
			return
		}
	}
}

// readoutRows are the name-value pairs of the readout.
func readoutRows(v View) []plot.ReadoutRow {
	rows := []plot.ReadoutRow{
		{Name: "optimiser", Value: methodName(v.Method)},
		{Name: "width M, depth L", Value: itoa(v.Width) + ", " + itoa(v.Depth)},
		{Name: "step", Value: itoa(v.Step)},
		{Name: "training loss", Value: render.Num(v.Loss, 3), Highlight: v.Converged},
		{Name: "learning rate η", Value: render.Num(v.Eta, 3)},
	}
	if isNGD(v.Method) {
		rows = append(rows, plot.ReadoutRow{Name: "damping ρ", Value: render.Num(v.Rho, 3)})
	}
	rows = append(rows,
		plot.ReadoutRow{Name: "weight change |θ−θ₀|/|θ₀|", Value: render.Num(v.WeightChangeNow, 3)},
		plot.ReadoutRow{Name: "NTK drift |Θ−Θ₀|/|Θ₀|", Value: render.Num(v.KernelDriftNow, 3)},
	)
	status := "training"
	if v.Converged {
		status = "converged"
	} else if len(v.Net) == 0 || v.Step <= 0 {
		status = "not started"
	}
	rows = append(rows, plot.ReadoutRow{Name: "status", Value: status, Highlight: v.Converged})
	return rows
}

func drawReadout(c render.Canvas, g Geometry, v View) {
	plot.Readout(c, g.Readout, readoutRows(v), g.FS*0.95)
}
