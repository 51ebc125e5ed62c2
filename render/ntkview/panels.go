package ntkview

import (
	"image/color"
	"math"
	"strconv"

	"solvable/render"
	"solvable/render/plot"
)

// legendRows splits entries into rows that fit in width w, as plot.Swatch + label pairs.
func legendRows(c render.Canvas, w float64, entries []plot.LegendEntry, fs float64) [][]plot.LegendEntry {
	var rows [][]plot.LegendEntry
	used := 0.0
	for _, e := range entries {
		ew := entryWidth(c, e, fs)
		if len(rows) == 0 || used+ew > w {
			rows = append(rows, nil)
			used = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], e)
		used += ew
	}
	return rows
}

func entryWidth(c render.Canvas, e plot.LegendEntry, fs float64) float64 {
	return fs*1.6 + fs*0.4 + labelWidth(c, e.Label, fs) + fs*1.2
}

// legendHeight is the height rowLegend uses for entries in width w.
func legendHeight(c render.Canvas, w float64, entries []plot.LegendEntry, fs float64) float64 {
	return float64(len(legendRows(c, w, entries, fs))) * render.LineHeight(fs)
}

// rowLegend draws the entries side by side, wrapping to new rows, from the top-left of r.
func rowLegend(c render.Canvas, r render.Rect, entries []plot.LegendEntry, fs float64) {
	lh := render.LineHeight(fs)
	for k, row := range legendRows(c, r.W, entries, fs) {
		cy := r.Y + lh*(float64(k)+0.5)
		if cy > r.Bottom() {
			return
		}
		x := r.X
		for _, e := range row {
			plot.Swatch(c, render.Rect{X: x, Y: cy - fs*0.4, W: fs * 1.6, H: fs * 0.8}, e)
			label := e.Label
			if labelWidth(c, label, fs) > r.Right()-x-fs*2 {
				label = render.Ellipsize(c, label, fs, r.Right()-x-fs*2)
			}
			drawLabel(c, label, x+fs*2, render.Baseline(cy, fs), fs, render.Ink)
			x += entryWidth(c, e, fs)
		}
	}
}

// dashedPath strokes the series (xs[i], ys[i]) in f as a dashed line, the dash pattern
// running on across the points, clipped to the plot area; unplaceable points are gaps.
func dashedPath(c render.Canvas, f *plot.Frame, xs, ys []float64, width, dash, gap float64, col color.RGBA) {
	n := min(len(xs), len(ys))
	var dx, dy []float64 // the dashes, as one polyline with NaN gaps (one draw call)
	phase := 0.0         // distance into the current dash+gap period
	period := dash + gap
	px, py, ok := 0.0, 0.0, false
	for i := range n {
		x, y := f.PX(xs[i]), f.PY(ys[i])
		if !render.Finite(x) || !render.Finite(y) {
			ok = false
			continue
		}
		if ok {
			// Only the part inside the plot is dashed, so a line that runs far outside
			// costs nothing.
			ax, ay, bx, by, in := plot.ClipSegment(px, py, x, y, f.Plot)
			seg := math.Hypot(bx-ax, by-ay)
			if in && seg > 0 && render.Finite(seg) {
				ux, uy := (bx-ax)/seg, (by-ay)/seg
				// Each pass ends a dash or a gap (or the segment); at most seg/(dash+gap)*2+2
				// passes, and the guard bounds them whatever the floating point does.
				for s, guard := 0.0, 0; s < seg && guard < 100000; guard++ {
					on := phase < dash
					end := dash
					if !on {
						end = period
					}
					e := math.Min(seg, s+math.Max(end-phase, 1e-6))
					if on {
						dx = append(dx, ax+ux*s, ax+ux*e, math.NaN())
						dy = append(dy, ay+uy*s, ay+uy*e, math.NaN())
					}
					phase += e - s
					s = e
					if phase >= period-1e-9 {
						phase = 0
					}
				}
			}
		}
		px, py, ok = x, y, true
	}
	if len(dx) > 0 {
		c.Polyline(dx, dy, width, col)
	}
}

// piTicks are the θ ticks: multiples of π/2 labelled with π (or of π on a tight axis).
func piTicks(c render.Canvas, width, fs float64) []plot.Tick {
	labels := []string{"0", "π/2", "π", "3π/2", "2π"}
	ticks := make([]plot.Tick, 0, 9)
	tight := width < 5*(c.TextWidth("3π/2", fs)+fs)
	for k := 0; k <= 8; k++ {
		t := plot.Tick{Value: float64(k) * math.Pi / 4}
		if k%2 == 0 {
			t.Major = true
			if !tight || k%4 == 0 {
				t.Label = labels[k/2]
			}
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// drawPiFrame draws f with the x ticks labelled in units of π, and the line f = 0.
func drawPiFrame(c render.Canvas, f *plot.Frame) {
	f.SetXTicks(piTicks(c, f.Plot.W, f.Style.FontSize))
	f.Draw(c)
	if y := f.PY(0); f.Y.Min < 0 && f.Y.Max > 0 && render.Finite(y) {
		st := f.Style
		c.StrokeLine(f.Plot.X, y, f.Plot.Right(), y, st.LineWidth, render.Mix(st.Grid, st.Frame, 0.5))
	}
}

// functionRange is the y range of the main panel: the target, the data and the kernel limit,
// with the network and the linearised model let in only as far as they stay comparable (a
// diverging run must not squash the rest into a line; what leaves the range is clipped).
func functionRange(v View) plot.Axis {
	a := plot.Linear("f(θ)", v.Target, v.TrainY, v.Kernel)
	a = a.Sane()
	span := a.Max - a.Min
	lo, hi := a.Min-0.6*span, a.Max+0.6*span
	for _, s := range [][]float64{v.Net, v.Linear} {
		for _, y := range s {
			if y >= lo && y <= hi {
				a = a.Include(y)
			}
		}
	}
	return a.Nice(6)
}

// functionLegend names the curves that are drawn (before the first step there is no network
// or linearised curve yet).
func functionLegend(v View) []plot.LegendEntry {
	var e []plot.LegendEntry
	if len(v.Net) > 0 {
		e = append(e, plot.LegendEntry{Label: "network f_t", Color: colNet, Mark: plot.MarkLine})
	}
	if len(v.Linear) > 0 {
		e = append(e, plot.LegendEntry{Label: "linearised model", Color: colLinear, Mark: plot.MarkDashed})
	}
	e = append(e, plot.LegendEntry{Label: "kernel regression (t → ∞)", Color: colKernel, Mark: plot.MarkLine})
	if len(v.Target) > 0 { // drawn targets have no function behind them
		e = append(e, plot.LegendEntry{Label: "target f*", Color: colTarget, Mark: plot.MarkDashed})
	}
	return append(e, plot.LegendEntry{Label: "training points", Color: render.Ink, Mark: plot.MarkRing})
}

// drawFunctions is the main panel: f against θ.
func drawFunctions(c render.Canvas, g Geometry, v View) {
	st := plot.DefaultStyle(g.FS * 0.92)
	r := g.Main
	entries := functionLegend(v)
	lfs := g.FS * 0.9
	lh := legendHeight(c, r.W, entries, lfs) + g.Pad*0.3
	title := render.Pick(c, r.W, st.TitleSize,
		"What each model predicts on the circle: f(θ) against the input's angle θ",
		"Predictions f(θ) against the angle θ", "f(θ) against θ")
	// Legend between the title and the plot: curves fill the whole x range, so a legend
	// inside would hide them.
	titleH := render.LineHeight(st.TitleSize) + st.FontSize*0.3
	rowLegend(c, render.Rect{X: r.X, Y: r.Y + titleH, W: r.W, H: lh}, entries, lfs)
	xa := plot.Axis{Label: "θ, the angle of the input (cos θ, sin θ)", Min: 0, Max: 2 * math.Pi}
	ya := functionRange(v)
	if v.FixedF.Max > v.FixedF.Min {
		ya = v.FixedF
	}
	frameR := r.Inset(0, lh, 0, 0)
	// The title goes at the very top; the frame's own title slot is left empty and the
	// space is reserved by the inset above.
	f := plot.NewFrame(c, render.Rect{X: frameR.X, Y: frameR.Y + titleH, W: frameR.W, H: frameR.H - titleH}, "", xa, ya, st)
	c.Text(title, r.X, r.Y+st.TitleSize*1.05, st.TitleSize, st.Ink, render.AlignLeft)
	drawPiFrame(c, f)
	if v.Hit != nil {
		w, h := c.Size()
		*v.Hit = Hit{W: w, H: h, Plot: f.Plot, X: f.X, Y: f.Y, Drawn: true}
	}
	hint := "drag the points to draw your own targets"
	if v.Drawing {
		hint = "release to train on these targets"
	}
	// The hint sits in the top corner on a pale backing; a short plot (a phone) has no room
	// for it above the curves, and the page's text says the same.
	if hfs := st.FontSize * 0.95; f.Plot.H > 200 && c.TextWidth(hint, hfs) < f.Plot.W*0.6 {
		tw := c.TextWidth(hint, hfs)
		x, y := f.Plot.Right()-hfs*0.5, f.Plot.Y+hfs*1.3
		c.FillRect(x-tw-hfs*0.3, y-hfs*1.05, tw+hfs*0.6, hfs*1.45, render.WithAlpha(render.Panel, 0.85))
		c.Text(hint, x, y, hfs, render.Muted, render.AlignRight)
	}
	dashedPath(c, f, v.Theta, v.Target, 1.3, 5, 4, colTarget)
	f.Line(c, v.Theta, v.Kernel, 4, colKernel)
	if len(v.Linear) > 0 {
		dashedPath(c, f, v.Theta, v.Linear, 3.2, 8, 5, colLinear)
	}
	if len(v.Net) > 0 {
		f.Line(c, v.Theta, v.Net, 1.5, colNet)
	}
	for i := range min(len(v.TrainTheta), len(v.TrainY)) {
		x, y := f.PX(v.TrainTheta[i]), f.PY(v.TrainY[i])
		if render.Finite(x) && render.Finite(y) && f.Plot.Contains(x, y) {
			c.FillCircle(x, y, 4, render.Ink)
			c.FillCircle(x, y, 2.4, render.White)
		}
	}
}

// drawLosses is the training-loss panel: every optimiser's loss against the step, the current
// one bold.
func drawLosses(c render.Canvas, g Geometry, v View) {
	st := plot.DefaultStyle(g.FS * 0.85)
	r := g.Loss
	title := render.Pick(c, r.W, st.TitleSize, "Training loss of the optimisers (log scale)", "Training loss (log scale)", "Training loss")
	titleH := render.LineHeight(st.TitleSize) + st.FontSize*0.3
	var entries []plot.LegendEntry
	xa := plot.Linear("step")
	ya := plot.Log("")
	for i, lc := range v.Losses {
		col := methodColor(lc.Name, i)
		if i > 0 {
			col = render.Mix(col, render.White, 0.45)
		}
		label := methodName(lc.Name)
		if i == 0 {
			label += " (this run)"
		}
		entries = append(entries, plot.LegendEntry{Label: label, Color: col, Mark: plot.MarkLine})
		n := min(len(lc.Steps), len(lc.Loss))
		xa = xa.Include(lc.Steps[:n]...)
		ya = ya.Include(lc.Loss[:n]...)
	}
	if xa.Min > 0 {
		xa = xa.Include(0)
	}
	lfs := st.FontSize
	lh := legendHeight(c, r.W, entries, lfs)
	c.Text(title, r.X, r.Y+st.TitleSize*1.05, st.TitleSize, st.Ink, render.AlignLeft)
	rowLegend(c, render.Rect{X: r.X, Y: r.Y + titleH, W: r.W, H: lh}, entries, lfs)
	f := plot.NewFrame(c, r.Inset(0, titleH+lh, 0, 0), "", xa.Nice(6), ya.Nice(6), st)
	f.Draw(c)
	if len(v.Losses) == 0 {
		c.Text("no steps yet", f.Plot.CenterX(), render.Baseline(f.Plot.CenterY(), st.FontSize), st.FontSize, render.Muted, render.AlignCenter)
		return
	}
	// Others first, lighter, so the current run is on top.
	for i := len(v.Losses) - 1; i >= 0; i-- {
		lc := v.Losses[i]
		n := min(len(lc.Steps), len(lc.Loss))
		if i == 0 {
			f.Line(c, lc.Steps[:n], lc.Loss[:n], 2.4, entries[0].Color)
			// The latest point.
			for k := n - 1; k >= 0; k-- {
				x, y := f.PX(lc.Steps[k]), f.PY(lc.Loss[k])
				if render.Finite(x) && render.Finite(y) {
					if f.Plot.Contains(x, y) {
						c.FillCircle(x, y, 3.5, entries[0].Color)
					}
					break
				}
			}
		} else {
			f.Line(c, lc.Steps[:n], lc.Loss[:n], 1.4, entries[i].Color)
		}
	}
}

// lastFinite is the index of the last width at which ys is a positive finite number, or −1.
func lastFinite(ms, ys []float64) int {
	for k := min(len(ms), len(ys)) - 1; k >= 0; k-- {
		if render.Finite(ms[k]) && ms[k] > 0 && render.Finite(ys[k]) && ys[k] > 0 {
			return k
		}
	}
	return -1
}

// drawSweep is the width-sweep panel: relative weight change and NTK drift against M, with a
// 1/√M line through the last point of each.
func drawSweep(c render.Canvas, g Geometry, v View) {
	st := plot.DefaultStyle(g.FS * 0.85)
	r := g.Sweep
	title := render.Pick(c, r.W, st.TitleSize, "Width sweep: wider networks move less", "Width sweep", "Widths")
	if v.SweepSeeds > 1 {
		k := itoa(v.SweepSeeds)
		title = render.Pick(c, r.W, st.TitleSize, "Width sweep, mean of "+k+" initialisations: wider networks move less",
			"Width sweep (mean of "+k+" seeds): wider move less", "Width sweep, mean of "+k+" seeds", "Width sweep")
	}
	titleH := render.LineHeight(st.TitleSize) + st.FontSize*0.3
	wExp, kExp := v.WeightExp, v.KernelExp
	if wExp == 0 {
		wExp = -0.5
	}
	if kExp == 0 {
		kExp = -0.5
	}
	refText := propSign + "1/√M"
	if wExp != kExp {
		refText = propSign + "1/M, 1/√M"
	}
	entries := []plot.LegendEntry{
		{Label: "weight change", Color: colWeights, Mark: plot.MarkDot},
		{Label: "NTK drift", Color: colDrift, Mark: plot.MarkFill},
		{Label: refText, Color: colRef, Mark: plot.MarkDashed},
	}
	nowOK := v.Width > 0 && (positive(v.WeightChangeNow) || positive(v.KernelDriftNow))
	if nowOK {
		entries = append(entries, plot.LegendEntry{Label: "this run", Color: render.Ink, Mark: plot.MarkRing})
	}
	lfs := st.FontSize
	lh := legendHeight(c, r.W, entries, lfs)
	c.Text(title, r.X, r.Y+st.TitleSize*1.05, st.TitleSize, st.Ink, render.AlignLeft)
	rowLegend(c, render.Rect{X: r.X, Y: r.Y + titleH, W: r.W, H: lh}, entries, lfs)

	xa := plot.Log("width M (log scale)", v.Widths)
	ya := plot.Log("relative change (log scale)", v.WeightChange, v.KernelDrift)
	if nowOK {
		xa = xa.Include(float64(v.Width))
		ya = ya.Include(v.WeightChangeNow, v.KernelDriftNow)
	}
	xa = pad(xa.Sane(), 1.35)
	ya = ya.Nice(4) // whole decades: a short panel then labels decades only, never 1-2-5 crowds
	f := plot.NewFrame(c, r.Inset(0, titleH+lh, 0, 0), "", xa, ya, st)
	f.Draw(c)
	hasAny := false
	type ref struct{ y0, y1, exp float64 }
	var refs []ref
	for _, s := range []struct {
		ys  []float64
		col color.RGBA
		sq  bool
		exp float64
		se  []float64
	}{{v.WeightChange, colWeights, false, wExp, v.WeightChangeSE}, {v.KernelDrift, colDrift, true, kExp, v.KernelDriftSE}} {
		k := lastFinite(v.Widths, s.ys)
		if k < 0 {
			continue
		}
		hasAny = true
		// The reference line M ↦ y_k (M / M_k)^exp across the axis, through the widest point
		// measured (the one nearest the limit).
		m0, m1 := f.X.Min, f.X.Max
		y0 := s.ys[k] * math.Pow(m0/v.Widths[k], s.exp)
		y1 := s.ys[k] * math.Pow(m1/v.Widths[k], s.exp)
		dashedPath(c, f, []float64{m0, m1}, []float64{y0, y1}, 1.2, 5, 4, colRef)
		refs = append(refs, ref{y0, y1, s.exp})
		n := min(len(v.Widths), len(s.ys))
		f.Line(c, v.Widths[:n], s.ys[:n], 1.5, s.col)
		for i := range min(n, len(s.se)) { // error bars: mean ± one standard error over seeds
			e := s.se[i]
			if !render.Finite(e) || !(e > 0) {
				continue
			}
			x := f.PX(v.Widths[i])
			lo, hi := f.PY(math.Max(s.ys[i]-e, s.ys[i]/10)), f.PY(s.ys[i]+e)
			if render.Finite(x) && render.Finite(lo) && render.Finite(hi) {
				lo, hi = math.Min(lo, f.Plot.Bottom()), math.Max(hi, f.Plot.Y)
				c.StrokeLine(x, lo, x, hi, 1.2, s.col)
				c.StrokeLine(x-3, lo, x+3, lo, 1.2, s.col)
				c.StrokeLine(x-3, hi, x+3, hi, 1.2, s.col)
			}
		}
		for i := range n {
			x, y := f.PX(v.Widths[i]), f.PY(s.ys[i])
			if !render.Finite(x) || !render.Finite(y) || !f.Plot.Contains(x, y) {
				continue
			}
			if s.sq {
				c.FillRect(x-3.2, y-3.2, 6.4, 6.4, s.col)
			} else {
				c.FillCircle(x, y, 3.6, s.col)
			}
		}
	}
	// Label the lines: one label on the higher line when both fall alike, else each its own.
	if len(refs) == 2 && refs[0].exp == refs[1].exp {
		if refs[0].y0 < refs[1].y0 {
			refs[0] = refs[1]
		}
		refs = refs[:1]
	}
	for _, r := range refs {
		labelRef(c, f, f.X.Min, f.X.Max, r.y0, r.y1, st.FontSize, powerLabel(r.exp))
	}
	if nowOK {
		for k, y := range []float64{v.WeightChangeNow, v.KernelDriftNow} {
			px, py := f.PX(float64(v.Width)), f.PY(y)
			if render.Finite(px) && render.Finite(py) && f.Plot.Contains(px, py) {
				if k == 0 {
					c.FillCircle(px, py, 3.6, colWeights)
				} else {
					c.FillRect(px-3.2, py-3.2, 6.4, 6.4, colDrift)
				}
				ring(c, px, py, 6.5, render.Ink)
			}
		}
	}
	if !hasAny {
		c.Text("widths not measured yet", f.Plot.CenterX(), render.Baseline(f.Plot.CenterY(), st.FontSize), st.FontSize, render.Muted, render.AlignCenter)
	}
}

// labelRef writes "∝ 1/√M" just above the reference line near its left end (inside the plot).
func labelRef(c render.Canvas, f *plot.Frame, m0, m1, y0, y1, fs float64, s string) bool {
	x0, py0, x1, py1, ok := plot.ClipSegment(f.PX(m0), f.PY(y0), f.PX(m1), f.PY(y1), f.Plot)
	if !ok {
		return false
	}
	// A point a fifth of the way along the visible part.
	t := 0.18
	x, y := x0+t*(x1-x0), py0+t*(py1-py0)
	tw := labelWidth(c, s, fs)
	ty := math.Max(y-fs*0.6, f.Plot.Y+fs)
	tx := render.Clamp(x, f.Plot.X+2, f.Plot.Right()-tw-2)
	c.FillRect(tx-1, ty-fs, tw+2, fs*1.25, render.WithAlpha(render.Panel, 0.85))
	drawLabel(c, s, tx, ty, fs, colRef)
	return true
}

// ring draws a hollow circle.
func ring(c render.Canvas, x, y, r float64, col color.RGBA) {
	const n = 28
	xs, ys := make([]float64, n+1), make([]float64, n+1)
	for i := range n + 1 {
		a := 2 * math.Pi * float64(i) / n
		xs[i], ys[i] = x+r*math.Cos(a), y+r*math.Sin(a)
	}
	c.Polyline(xs, ys, 1.6, col)
}

func positive(v float64) bool { return render.Finite(v) && v > 0 }

// pad widens a log axis by the factor k at each end, so end points are not on the frame.
func pad(a plot.Axis, k float64) plot.Axis {
	a.Min, a.Max = a.Min/k, a.Max*k
	return a
}

// powerLabel names the power law M^exp of a reference line.
func powerLabel(exp float64) string {
	switch exp {
	case -0.5:
		return propSign + "1/√M"
	case -1:
		return propSign + "1/M"
	}
	return propSign + "M^" + strconv.FormatFloat(exp, 'g', 3, 64)
}
