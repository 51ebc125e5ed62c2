package dlnview

import (
	"math"

	"solvable/render"
	"solvable/render/plot"
)

var (
	theoryInk = render.Blue   // the theory curves over α
	simInk    = render.Orange // simulated runs
	limitInk  = render.Grey   // the kernel and rich asymptotes
	nowInk    = render.Purple // this run: its α, its limit and where it is now
)

// sweepLegend lists the marks of the α plots.
func sweepLegend(v View) []plot.LegendEntry {
	e := []plot.LegendEntry{
		{Label: "theory: limit argmin " + qName(v), Color: theoryInk, Mark: plot.MarkLine},
		{Label: "simulated runs, where they end", Color: simInk, Mark: plot.MarkDot},
		{Label: "min-L2 and min-L1 limits", Color: limitInk, Mark: plot.MarkDashed},
	}
	if positive(v.Alpha) {
		e = append(e,
			plot.LegendEntry{Label: "this run's α and its limit β*", Color: nowInk, Mark: plot.MarkDot},
			plot.LegendEntry{Label: "this run now", Color: nowInk, Mark: plot.MarkRing})
	}
	return e
}

// sweepAxis is the shared log α axis: the data's range, or 1e-6 to 1e2 without data.
func sweepAxis(v View, label string) plot.Axis {
	xa := plot.Log(label, v.SweepAlpha, v.SimAlpha).Include(v.Alpha)
	if !(xa.Min < xa.Max) {
		xa = plot.Axis{Label: label, Log: true, Min: 1e-6, Max: 1e2}.Include(v.Alpha)
	}
	return xa.Nice(8)
}

// drawSweep draws |β|₁ of the limit against α and, when there is a teacher, the test error.
func drawSweep(c render.Canvas, g Geometry, v View) {
	fs := g.FS * 0.9
	st := plot.DefaultStyle(fs)
	hasTest := g.Test.H > 0
	label := "starting scale α (log scale)"
	if r := g.L1; r.W >= 80 && r.H >= 60 {
		xl := label
		if hasTest {
			xl = ""
		}
		ya := plot.Linear("|β|₁ of the limit", v.SweepL1, v.SimL1).Include(l1(v.Oracle))
		if positive(v.L1OfMinL2) {
			ya = ya.Include(v.L1OfMinL2)
		}
		if positive(v.L1OfMinL1) {
			ya = ya.Include(v.L1OfMinL1)
		}
		if ya.Max > ya.Min {
			pad := 0.12 * (ya.Max - ya.Min)
			ya.Min, ya.Max = ya.Min-pad, ya.Max+pad
		}
		f := plot.NewFrame(c, r, titleFits(c, r.W, st, "|β|₁ of where the flow ends, against α", "|β|₁ of the limit"),
			sweepAxis(v, xl), ya.Nice(5), st)
		f.Draw(c)
		asymptote(c, f, v.L1OfMinL2, "kernel limit: min-L2, |β|₁ = "+render.Num(v.L1OfMinL2, 4), true, fs)
		asymptote(c, f, v.L1OfMinL1, "rich limit: min-L1, |β|₁ = "+render.Num(v.L1OfMinL1, 4), false, fs)
		sweepCurves(c, f, v.SweepAlpha, v.SweepL1, v.SimAlpha, v.SimL1)
		nowMarks(c, f, v, l1(v.Oracle), v.CurrentL1, fs, true)
		if !hasTest {
			regimeWords(c, f, fs)
		}
	}
	if r := g.Test; hasTest && r.W >= 80 && r.H >= 60 {
		ya := plot.Log("test error |β − teacher|²", v.SweepTest, v.SimTest)
		for _, a := range []float64{v.TestOfMinL2, v.TestOfMinL1} {
			if positive(a) {
				ya = ya.Include(a)
			}
		}
		// Round-off-sized errors of exact recovery would stretch the axis over dozens of
		// decades: show ten below the largest.
		if ya.Max > 0 && ya.Min < ya.Max*1e-10 {
			ya.Min = ya.Max * 1e-10
		}
		f := plot.NewFrame(c, r, titleFits(c, r.W, st, "test error against α (log scales)", "test error"),
			sweepAxis(v, label), ya.Nice(5), st)
		f.Draw(c)
		logAsymptote(c, f, v, v.TestOfMinL2, "kernel limit: min-L2, error "+render.Num(v.TestOfMinL2, 3), true, fs)
		logAsymptote(c, f, v, v.TestOfMinL1, "rich limit: min-L1, error "+render.Num(v.TestOfMinL1, 3), false, fs)
		sweepCurves(c, f, v.SweepAlpha, v.SweepTest, v.SimAlpha, v.SimTest)
		nowMarks(c, f, v, math.NaN(), v.CurrentTest, fs, false)
		regimeWords(c, f, fs)
	}
}

// titleFits returns the first title that fits the width.
func titleFits(c render.Canvas, w float64, st plot.Style, titles ...string) string {
	for _, t := range titles {
		if c.TextWidth(t, st.TitleSize) <= w {
			return t
		}
	}
	return ""
}

// sweepCurves draws a theory curve and simulated points over α.
func sweepCurves(c render.Canvas, f *plot.Frame, xs, ys, sx, sy []float64) {
	f.Line(c, xs, ys, 2, theoryInk)
	for i := range min(len(sx), len(sy)) {
		if x, y := f.PX(sx[i]), f.PY(sy[i]); f.Plot.Contains(x, y) {
			dot(c, x, y, 3.5, simInk)
		}
	}
}

// asymptote draws a dashed horizontal limit with its label: the kernel one at the right end
// above the line, the rich one at the left end below it, where the curve approaches each.
func asymptote(c render.Canvas, f *plot.Frame, y float64, label string, right bool, fs float64) {
	if !positive(y) || !f.HLine(c, y, 1.25, limitInk, true) {
		return
	}
	py := f.PY(y)
	if right {
		backedText(c, label, f.Plot.Right()-4, py-5, fs, render.Muted, render.AlignRight)
		return
	}
	backedText(c, label, f.Plot.X+4, py+fs+4, fs, render.Muted, render.AlignLeft)
}

// logAsymptote is asymptote on a log axis: a limit below the axis (exact recovery gives
// zero error) is named in words at the bottom edge, in the corner the curve leaves free.
func logAsymptote(c render.Canvas, f *plot.Frame, v View, y float64, label string, right bool, fs float64) {
	if !render.Finite(y) {
		return
	}
	py := f.PY(y)
	if !math.IsNaN(py) && py >= f.Plot.Y && py <= f.Plot.Bottom() {
		f.HLine(c, y, 1.25, limitInk, true)
		if right {
			backedText(c, label, f.Plot.Right()-4, py-5, fs, render.Muted, render.AlignRight)
		} else {
			backedText(c, label, f.Plot.X+4, py+fs+4, fs, render.Muted, render.AlignLeft)
		}
		return
	}
	if !(y < f.Y.Min || math.IsNaN(py)) { // above the axis: cannot happen for a lower limit
		return
	}
	s := label + ", below the axis ↓"
	p := f.Plot
	w := c.TextWidth(s, fs)
	base := p.Bottom() - 5
	boxes := []render.Rect{{X: p.X + 4, Y: base - fs, W: w, H: fs * 1.3}, {X: p.Right() - 4 - w, Y: base - fs, W: w, H: fs * 1.3}}
	if !right {
		boxes[0], boxes[1] = boxes[1], boxes[0]
	}
	// Prefer the side the limit belongs to, unless the curves run through it there.
	b := boxes[0]
	if crossings(f, v.SweepAlpha, v.SweepTest, boxes[0]) > crossings(f, v.SweepAlpha, v.SweepTest, boxes[1]) {
		b = boxes[1]
	}
	backedText(c, s, b.X, base, fs, render.Muted, render.AlignLeft)
}

// crossings counts the points of a curve (and the segments' midpoints) that fall in box.
func crossings(f *plot.Frame, xs, ys []float64, box render.Rect) int {
	n := 0
	for i := range min(len(xs), len(ys)) {
		x, y := f.PX(xs[i]), f.PY(ys[i])
		if box.Contains(x, y) {
			n++
		}
		if i > 0 {
			if xm, ym := (x+f.PX(xs[i-1]))/2, (y+f.PY(ys[i-1]))/2; box.Contains(xm, ym) {
				n++
			}
		}
	}
	return n
}

// nowMarks marks this run's α (a dashed vertical line), its limit on the theory curve (a dot,
// when known) and where the run is now (a ring, held at the edge when off the axis).
func nowMarks(c render.Canvas, f *plot.Frame, v View, limit, now, fs float64, label bool) {
	if !positive(v.Alpha) || !f.VLine(c, v.Alpha, 1.25, nowInk, true) {
		return
	}
	x := f.PX(v.Alpha)
	p := f.Plot
	if label {
		s := "this run: α = " + render.Num(v.Alpha, 3)
		align := render.AlignLeft
		lx := x + 4
		if lx+c.TextWidth(s, fs) > p.Right()-2 {
			align, lx = render.AlignRight, x-4
		}
		backedText(c, s, lx, p.Y+fs+3, fs, nowInk, align)
	}
	if y := f.PY(limit); !math.IsNaN(y) && p.Contains(x, y) {
		dot(c, x, y, 4, nowInk)
	}
	if y := f.PY(now); !math.IsNaN(y) {
		ring(c, x, render.Clamp(y, p.Y, p.Bottom()), 5.5, 2, nowInk)
	}
}

// regimeWords writes what each end of the α axis means beside the axis label.
func regimeWords(c render.Canvas, f *plot.Frame, fs float64) {
	y := f.XLabelBaseline()
	p := f.Plot
	left, right := "← rich regime", "kernel regime →"
	lw := c.TextWidth(f.X.Label, fs)
	if p.X+c.TextWidth(left, fs)+fs > p.CenterX()-lw/2 {
		return // no room beside the label
	}
	c.Text(left, p.X, y, fs, render.Ink, render.AlignLeft)
	c.Text(right, p.Right(), y, fs, render.Ink, render.AlignRight)
}

// drawQ draws the penalty q(z) per coordinate with its two regimes named and tinted in
// the colours the plane picture gives L2 (near 0) and L1 (far out).
func drawQ(c render.Canvas, g Geometry, v View) {
	r := g.Q
	n := min(len(v.QZ), len(v.QVal))
	if n == 0 || r.W < 80 || r.H < 60 {
		return
	}
	fs := g.FS * 0.85
	st := plot.DefaultStyle(fs)
	xa := plot.Linear("z = β/α²", v.QZ[:n])
	ya := plot.Linear("", v.QVal[:n]).Include(0)
	f := plot.NewFrame(c, r, titleFits(c, r.W, st, "penalty q(z) on each coordinate", "penalty q(z)", "q(z)"), xa, ya.Nice(tickCount(r.H, fs)), st)
	f.Draw(c)
	p := f.Plot
	// Tint the two regimes under the curve: |z| ≤ 2 quadratic, |z| ≥ 4 nearly linear.
	part := func(keep func(z float64) bool) (xs, ys []float64) {
		for k := range n {
			z := v.QZ[k]
			if keep(z) {
				xs, ys = append(xs, z), append(ys, v.QVal[k])
			} else if len(xs) > 0 && !math.IsNaN(xs[len(xs)-1]) {
				xs, ys = append(xs, math.NaN()), append(ys, math.NaN())
			}
		}
		return xs, ys
	}
	nx, ny := part(func(z float64) bool { return math.Abs(z) <= 2 })
	fx, fy := part(func(z float64) bool { return math.Abs(z) >= 4 })
	f.Line(c, nx, ny, 8, render.WithAlpha(l2Ink, 0.3))
	f.Line(c, fx, fy, 8, render.WithAlpha(l1Ink, 0.3))
	f.Line(c, v.QZ[:n], v.QVal[:n], 2, render.Ink)

	lh := render.LineHeight(fs)
	near := []string{"≈ z²/4 near 0", "(like L2)"}
	far := []string{"≈ |z| ln|z|", "far out (like L1)"}
	if p.W < 220 { // a phone: the words alone, so the corner label stays under the arm
		near, far = []string{"≈ z²/4", "near 0"}, []string{"≈ |z| ln|z|", "far out"}
	}
	// "near 0": centred over z = 0, part way up inside the V, with a leader to the bottom.
	if x0, y0 := f.PX(0), f.PY(0); !math.IsNaN(x0) && !math.IsNaN(y0) {
		w := math.Max(c.TextWidth(near[0], fs), c.TextWidth(near[1], fs))
		lx := render.Clamp(x0, p.X+w/2+3, p.Right()-w/2-3)
		ty := p.Y + p.H*0.3
		for k, s := range near {
			backedText(c, s, lx, ty+float64(k)*lh, fs, l2Text, render.AlignCenter)
		}
		if y0-(ty+lh) > fs && x0 >= p.X && x0 <= p.Right() {
			c.StrokeLine(x0, ty+lh+fs*0.4, x0, y0-5, 1, render.WithAlpha(l2Ink, 0.7))
		}
	}
	// "far out": in the bottom-right corner, under the right arm.
	for k, s := range far {
		backedText(c, s, p.Right()-3, p.Bottom()-4-float64(len(far)-1-k)*lh, fs, l1Text, render.AlignRight)
	}
}
