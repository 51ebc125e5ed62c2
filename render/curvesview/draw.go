package curvesview

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"solvable/render"
	"solvable/render/plot"
	"solvable/render/scene"
)

// Colours: the theory's error and its parts in blues and orange, the simulation in red (it is
// what the theory is checked against), the spectrum in purple, the learning threshold grey.
var (
	colEg    = render.Blue
	colBias  = render.Mix(render.Blue, render.White, 0.35)
	colNoise = render.Orange
	colSim   = render.Red
	colSpec  = render.Purple
	colKappa = render.Grey
	colMark  = render.Grey
)

// XMap is how the drawn N axis maps canvas x, for the simulator's pointer: the plots'
// horizontal extent, their vertical extent (both panels) and the log10 of the axis ends.
type XMap struct {
	Left, Right, Top, Bottom float64
	LogMin, LogMax           float64
	OK                       bool
}

// Index is the simulated point nearest to canvas x (by log distance in N) among ns, or −1 when
// (x, y) is not over the plots.
func (m XMap) Index(x, y float64, ns []float64) int {
	if !m.OK || !render.Finite(x) || !render.Finite(y) || len(ns) == 0 ||
		x < m.Left-6 || x > m.Right+6 || y < m.Top || y > m.Bottom || m.Right <= m.Left {
		return -1
	}
	l := m.LogMin + (x-m.Left)/(m.Right-m.Left)*(m.LogMax-m.LogMin)
	best, bestD := -1, math.Inf(1)
	for k, n := range ns {
		if d := math.Abs(math.Log10(n) - l); n > 0 && d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// nearSim is how close (in log10 N) the pointer must be to a simulated point for Pick to take
// it rather than the theory line: a factor of 1.5 in N.
var nearSim = math.Log10(1.5)

// Pick is what the pointer at (x, y) shows: the simulated point nearest in log N when one is
// within a factor 1.5 (sim ≥ 0), else the point of the theory line nearest in log N among the
// line's sample sizes with a value (line ≥ 0); (−1, −1) off the plots.
func (m XMap) Pick(x, y float64, sims, lineN, lineE []float64) (sim, line int) {
	if !m.OK || !render.Finite(x) || !render.Finite(y) || x < m.Left-6 || x > m.Right+6 ||
		y < m.Top || y > m.Bottom || m.Right <= m.Left {
		return -1, -1
	}
	l := m.LogMin + (x-m.Left)/(m.Right-m.Left)*(m.LogMax-m.LogMin)
	nearest := func(ns []float64, ok func(int) bool) (int, float64) {
		best, bestD := -1, math.Inf(1)
		for k, n := range ns {
			if d := math.Abs(math.Log10(n) - l); n > 0 && ok(k) && d < bestD {
				best, bestD = k, d
			}
		}
		return best, bestD
	}
	if k, d := nearest(sims, func(int) bool { return true }); k >= 0 && d <= nearSim {
		return k, -1
	}
	k, _ := nearest(lineN, func(i int) bool { return i < len(lineE) && render.Finite(lineE[i]) })
	return -1, k
}

// hoverLine is the theory point under the pointer, or −1.
func hoverLine(v View) int {
	if v.Hover < 0 && v.HoverLine >= 0 && v.HoverLine < len(v.N) && v.HoverLine < len(v.Eg) {
		return v.HoverLine
	}
	return -1
}

// Draw paints the scene for v over the whole canvas and returns the x mapping of the plots.
func Draw(c render.Canvas, v View) XMap {
	w, h, ok := scene.Begin(c)
	if !ok {
		return XMap{}
	}
	g := Layout(w, h, v)
	if g.HasMessage {
		scene.Message(c, g.Message, g.FS, "This learning curve cannot be shown", message(v))
		return XMap{}
	}
	drawHeader(c, g, v)
	cf, sf := frames(c, g, v)
	drawCurve(c, g, cf, v)
	drawSpectrum(c, g, sf, v)
	drawReadout(c, g, v)
	return XMap{
		Left: cf.Plot.X, Right: cf.Plot.Right(), Top: cf.Plot.Y, Bottom: sf.Plot.Bottom(),
		LogMin: math.Log10(cf.X.Min), LogMax: math.Log10(cf.X.Max), OK: true,
	}
}

// shown is the index of the simulated point the readout describes: the one under the pointer,
// else the one being simulated, else the last (−1 when there are none).
func shown(v View) int {
	switch {
	case v.Hover >= 0 && v.Hover < len(v.Sim):
		return v.Hover
	case v.Current >= 0 && v.Current < len(v.Sim):
		return v.Current
	}
	return len(v.Sim) - 1
}

// xAxis spans the page's N range, so the axis stays put while the points fill in.
func xAxis(v View) plot.Axis {
	a := plot.Log("", []float64{v.NMin, v.NMax})
	for _, p := range v.Sim {
		a = a.Include(p.N)
	}
	return a.Nice(8)
}

// curveRange spans the theory's error and bias, the simulated means with their bars, and the
// noise part only where it is within three decades of the largest error (at small N it is
// vanishingly small and would squash the rest).
func curveRange(v View) plot.Axis {
	a := plot.Log("", v.Eg, v.Bias)
	for _, p := range v.Sim {
		if p.Seeds > 0 {
			a = a.Include(p.Mean, p.Mean+p.StdErr)
			if p.Mean-p.StdErr > 0 {
				a = a.Include(p.Mean - p.StdErr)
			}
		}
	}
	if v.Noise > 0 && render.Finite(a.Max) {
		for _, x := range v.Variance {
			if x >= a.Max*1e-3 {
				a = a.Include(x)
			}
		}
	}
	return padLog(capDecades(a, 8))
}

// padLog widens a log axis by a fifth of a decade (at least) at each end, without rounding it
// out to whole decades as Nice would: a curve spanning one decade keeps the panel's height.
func padLog(a plot.Axis) plot.Axis {
	a = a.Sane()
	span := math.Log10(a.Max / a.Min)
	f := math.Pow(10, math.Max(0.2, 0.06*span))
	a.Min, a.Max = a.Min/f, a.Max*f
	return a
}

// capDecades keeps at most n decades below the top of a log axis.
func capDecades(a plot.Axis, n float64) plot.Axis {
	if render.Finite(a.Min) && render.Finite(a.Max) && a.Max > 0 && a.Min < a.Max*math.Pow(10, -n) {
		a.Min = a.Max * math.Pow(10, -n)
	}
	return a
}

// visible reports whether a level's modes overlap the x range.
func visible(l Level, x plot.Axis) bool { return l.To >= x.Min && l.From <= x.Max }

// threshold is kappa/N at each theory point: a mode with eigenvalue eta is half learned when
// N eta = kappa, so the modes above this line are the ones learned at N. NaN where kappa is 0
// (ridgeless fits beyond the interpolation threshold learn every mode).
func threshold(v View, i int) float64 {
	if i >= len(v.Kappa) || !(v.Kappa[i] > 0) || !(v.N[i] > 0) {
		return math.NaN()
	}
	return v.Kappa[i] / v.N[i]
}

func specRange(v View, x plot.Axis) plot.Axis {
	a := plot.Log("")
	for _, l := range v.Levels {
		if visible(l, x) {
			a = a.Include(l.Eta)
		}
	}
	top := a.Max
	for i := range v.N {
		if t := threshold(v, i); !render.Finite(top) || t >= top*1e-10 {
			a = a.Include(t)
		}
	}
	return capDecades(a, 10).Nice(5)
}

// frames lays out the two panels with their plot areas aligned, so one N is one x in both.
func frames(c render.Canvas, g Geometry, v View) (curve, spec *plot.Frame) {
	st := plot.DefaultStyle(g.FS * 0.9)
	xa := xAxis(v)
	xTop := xa
	xa.Label = render.Pick(c, g.Spectrum.W, st.FontSize, "number of samples N, and modes in the order they are learned (log scale)", "samples N / mode rank (log)")
	ya := curveRange(v)
	ya.Label = "test error (log scale)"
	yb := specRange(v, xa.Sane())
	yb.Label = "eigenvalue (log)"
	cTitle := render.Pick(c, g.Curve.W, st.TitleSize, "Learning curve: test error E_g against the number of samples N", "Test error E_g against N")
	sTitle := render.Pick(c, g.Spectrum.W, st.TitleSize, "What drives it: the kernel's eigenvalues, largest first", "The kernel's eigenvalues")
	curve = plot.NewFrame(c, g.Curve, cTitle, xTop, ya, st)
	spec = plot.NewFrame(c, g.Spectrum, sTitle, xa, yb, st)
	return plot.AlignPlots(c, curve, spec)
}

// markers draws the sample size being simulated (a pale band) and the one under the pointer.
func markers(c render.Canvas, f *plot.Frame, v View) {
	if k := v.Current; k >= 0 && k < len(v.Sim) && !v.Converged {
		x := f.PX(v.Sim[k].N)
		if render.Finite(x) && f.Plot.Contains(x, f.Plot.CenterY()) {
			c.FillRect(x-3, f.Plot.Y+1, 6, f.Plot.H-2, render.WithAlpha(render.Highlight, 0.9))
		}
	}
	if k := v.Hover; k >= 0 && k < len(v.Sim) {
		f.VLine(c, v.Sim[k].N, 1, render.WithAlpha(render.Ink, 0.5), false)
	}
	if k := hoverLine(v); k >= 0 {
		f.VLine(c, v.N[k], 1, render.WithAlpha(render.Ink, 0.5), false)
	}
}

// Dash pattern of the curves drawn dashed, in CSS px.
const dashOn, dashOff = 5.0, 3.5

// dashedCurve draws the series dashed, clipped to the plot (points that cannot be placed break
// it). The dash pattern runs on along the path from one segment to the next, so a curve sampled
// finely still looks dashed; it goes out as one polyline with NaN gaps.
func dashedCurve(c render.Canvas, f *plot.Frame, xs, ys []float64, width float64, col color.RGBA) {
	var px, py, ox, oy []float64
	nan := math.NaN()
	flush := func() {
		phase := 0.0 // distance into the current dash period
		for i := 1; i < len(px); i++ {
			x0, y0, x1, y1, ok := plot.ClipSegment(px[i-1], py[i-1], px[i], py[i], f.Plot)
			length := math.Hypot(x1-x0, y1-y0)
			if !ok || !(length > 0) {
				continue
			}
			ux, uy := (x1-x0)/length, (y1-y0)/length
			// Walk the segment in pieces that end at the segment's end or at a change between
			// dash and gap; a piece shorter than 1e-6 px only moves the phase on.
			for s := 0.0; length-s > 1e-6; {
				on := phase < dashOn
				end := dashOn
				if !on {
					end = dashOn + dashOff
				}
				step := math.Min(length-s, end-phase)
				if on && step > 0 {
					e := s + step
					ox, oy = append(ox, x0+ux*s, x0+ux*e, nan), append(oy, y0+uy*s, y0+uy*e, nan)
				}
				s += math.Max(step, 0)
				phase += math.Max(step, 0)
				if phase >= end-1e-9 {
					phase = end
					if !on {
						phase = 0
					}
				}
			}
		}
		px, py = px[:0], py[:0]
	}
	for i := range min(len(xs), len(ys)) {
		x, y := f.PX(xs[i]), f.PY(ys[i])
		if math.IsNaN(x) || math.IsNaN(y) {
			flush()
			continue
		}
		px, py = append(px, x), append(py, y)
	}
	flush()
	if len(ox) > 0 {
		c.Polyline(ox, oy, width, col)
	}
}

// simPoints draws each simulated mean with a bar of one standard error either side (a bar that
// would reach zero runs to the bottom of the log axis), ringing the point under the pointer.
func simPoints(c render.Canvas, f *plot.Frame, v View) {
	for k, p := range v.Sim {
		if p.Seeds == 0 || !(p.Mean > 0) {
			continue
		}
		x, y := f.PX(p.N), f.PY(p.Mean)
		if !render.Finite(x) || !render.Finite(y) || !f.Plot.Contains(x, y) {
			continue
		}
		if p.StdErr > 0 {
			top := f.PY(p.Mean + p.StdErr)
			bot := f.Plot.Bottom()
			if lo := p.Mean - p.StdErr; lo > 0 {
				bot = f.PY(lo)
			}
			top, bot = math.Max(top, f.Plot.Y), math.Min(bot, f.Plot.Bottom())
			if render.Finite(top) && render.Finite(bot) {
				c.StrokeLine(x, top, x, bot, 1.5, colSim)
				c.StrokeLine(x-3.5, top, x+3.5, top, 1.5, colSim)
				c.StrokeLine(x-3.5, bot, x+3.5, bot, 1.5, colSim)
			}
		}
		r := 3.5
		if k == v.Hover {
			c.FillCircle(x, y, r+2, colSim)
			c.FillCircle(x, y, r, render.Panel)
			continue
		}
		c.FillCircle(x, y, r, colSim)
	}
}

func drawCurve(c render.Canvas, g Geometry, f *plot.Frame, v View) {
	f.Draw(c)
	markers(c, f, v)
	entries := []plot.LegendEntry{{Label: "theory E_g (replica)", Color: colEg}}
	if v.Noise > 0 {
		dashedCurve(c, f, v.N, v.Variance, 1.5, colNoise)
		dashedCurve(c, f, v.N, v.Bias, 1.5, colBias)
		entries = append(entries,
			plot.LegendEntry{Label: "its bias part (target not learned)", Color: colBias, Mark: plot.MarkDashed},
			plot.LegendEntry{Label: "its noise part (noise fitted)", Color: colNoise, Mark: plot.MarkDashed})
	}
	f.Line(c, v.N, v.Eg, 2, colEg)
	if k := hoverLine(v); k >= 0 {
		x, y := f.PX(v.N[k]), f.PY(v.Eg[k])
		if render.Finite(x) && render.Finite(y) && f.Plot.Contains(x, y) {
			c.FillCircle(x, y, 5, colEg)
			c.FillCircle(x, y, 3, render.Panel)
		}
	}
	simPoints(c, f, v)
	if len(v.Sim) > 0 {
		entries = append(entries, plot.LegendEntry{Label: "simulation: mean ± 1 standard error", Color: colSim, Mark: plot.MarkDot})
	}
	legendAt(c, f, entries, g.Wide || g.W >= 560, func(r render.Rect) int {
		n := 0
		for i := range v.N {
			for _, ys := range [][]float64{v.Eg, v.Bias, v.Variance} {
				if i < len(ys) && r.Contains(f.PX(v.N[i]), f.PY(ys[i])) {
					n++
				}
			}
		}
		for _, p := range v.Sim {
			if r.Contains(f.PX(p.N), f.PY(p.Mean)) {
				n += 4
			}
		}
		return n
	})
}

// staircase is the spectrum as a path: each level flat from its first to its last mode rank.
func staircase(v View, x plot.Axis) (xs, ys []float64) {
	for _, l := range v.Levels {
		if !visible(l, x) {
			continue
		}
		xs, ys = append(xs, l.From), append(ys, l.Eta)
		if l.To > l.From {
			xs, ys = append(xs, l.To), append(ys, l.Eta)
		}
	}
	return xs, ys
}

func drawSpectrum(c render.Canvas, g Geometry, f *plot.Frame, v View) {
	f.Draw(c)
	markers(c, f, v)
	th := make([]float64, len(v.N))
	for i := range v.N {
		th[i] = threshold(v, i)
	}
	dashedCurve(c, f, v.N, th, 1.5, colKappa)
	xs, ys := staircase(v, f.X)
	f.Line(c, xs, ys, 2, colSpec)
	if v.Sphere {
		degreeLabels(c, f, v)
	}
	full := g.Wide || g.W >= 560
	specLabel := "eigenvalue of each mode"
	if v.Sphere {
		specLabel = "eigenvalue: degree k's N(D,k) modes share one"
		if !full {
			specLabel = "eigenvalue per degree k"
		}
	}
	kLabel := "κ/N: modes above it are learned at N"
	if !full {
		kLabel = "κ/N (learned above)"
	}
	entries := []plot.LegendEntry{
		{Label: specLabel, Color: colSpec},
		{Label: kLabel, Color: colKappa, Mark: plot.MarkDashed},
	}
	legendAt(c, f, entries, full, func(r render.Rect) int {
		n := 0
		for i := range xs {
			if r.Contains(f.PX(xs[i]), f.PY(ys[i])) {
				n++
			}
		}
		for i := range v.N {
			if r.Contains(f.PX(v.N[i]), f.PY(th[i])) {
				n++
			}
		}
		return n
	})
}

// degreeLabels names the sphere's degrees above their steps, left to right, where they fit.
func degreeLabels(c render.Canvas, f *plot.Frame, v View) {
	fs := f.Style.FontSize * 0.9
	right := math.Inf(-1)
	for _, l := range v.Levels {
		if !visible(l, f.X) {
			continue
		}
		x0, x1 := f.PX(math.Max(l.From, f.X.Min)), f.PX(math.Min(l.To, f.X.Max))
		y := f.PY(l.Eta) - 4
		if !render.Finite(x0) || !render.Finite(x1) || !render.Finite(y) {
			continue
		}
		s := fmt.Sprintf("k=%d", l.Degree)
		w := c.TextWidth(s, fs)
		x := (x0+x1)/2 - w/2
		x = math.Max(x, f.Plot.X+1)
		if x+w > f.Plot.Right()-1 || x < right+fs*0.5 || y-fs < f.Plot.Y || y > f.Plot.Bottom() {
			continue
		}
		c.Text(s, x, y, fs, colSpec, render.AlignLeft)
		right = x + w
	}
}

// legendAt puts the legend in the plot corner (or bottom middle) where cover counts the fewest
// drawn points, preferring the upper right; it drops the last entries when the legend would
// cover too much of the plot.
func legendAt(c render.Canvas, f *plot.Frame, entries []plot.LegendEntry, full bool, cover func(render.Rect) int) {
	st := f.Style
	if !full {
		st.FontSize *= 0.9
	}
	p := f.Plot
	for len(entries) > 0 {
		w, h := plot.LegendSize(c, entries, st)
		if w <= p.W*0.7 && h <= p.H*0.6 {
			const m = 4
			spots := [][2]float64{
				{p.Right() - w - m, p.Y + m}, {p.X + m, p.Bottom() - h - m}, {p.Right() - w - m, p.Bottom() - h - m},
				{p.X + m, p.Y + m}, {p.CenterX() - w/2, p.Bottom() - h - m},
			}
			best, bestN := 0, math.MaxInt
			for k, sp := range spots {
				if n := cover(render.Rect{X: sp[0], Y: sp[1], W: w, H: h}); n < bestN {
					best, bestN = k, n
				}
			}
			plot.Legend(c, spots[best][0], spots[best][1], entries, st)
			return
		}
		entries = entries[:len(entries)-1]
	}
}

// seedsDone counts the seeds done over all points.
func seedsDone(v View) int {
	n := 0
	for _, p := range v.Sim {
		n += p.Seeds
	}
	return n
}

// worst is the simulated point furthest from the theory in standard errors (−1 when no point
// has a standard error and a theory value).
func worst(v View) (k int, z float64) {
	k = -1
	for i, p := range v.Sim {
		if zi, ok := gap(p); ok && (k < 0 || math.Abs(zi) > math.Abs(z)) {
			k, z = i, zi
		}
	}
	return k, z
}

// gap is (mean − theory)/standard error at a point, when both exist.
func gap(p Point) (float64, bool) {
	if p.Seeds < 2 || !(p.StdErr > 0) || !render.Finite(p.Theory) || !render.Finite(p.Mean) {
		return 0, false
	}
	return (p.Mean - p.Theory) / p.StdErr, true
}

// headline says what the picture shows now, the one thing a newcomer should read first.
func headline(v View) string {
	total := v.Seeds * len(v.Sim)
	switch {
	case v.SimErr != "":
		return "The simulation stopped: " + v.SimErr
	case len(v.Sim) == 0:
		return "The replica theory's learning curve of " + v.Kernel + ", computed from the kernel's eigenvalues alone."
	case !v.Converged:
		now := ""
		if k := v.Current; k >= 0 && k < len(v.Sim) {
			now = "; now at N = " + render.Num(v.Sim[k].N, 4)
		}
		return fmt.Sprintf("Real kernel regression on random points, seed by seed: %d of %d seeds done%s. The line is the theory, from the eigenvalues below.", seedsDone(v), total, now)
	}
	s := fmt.Sprintf("Done: %d seeds at each of %d sample sizes.", v.Seeds, len(v.Sim))
	k, z := worst(v)
	if k < 0 {
		return s + " The line is the theory, from the eigenvalues below."
	}
	p := v.Sim[k]
	rel := ""
	if p.Theory > 0 {
		rel = fmt.Sprintf(" (%+.1f%%)", 100*(p.Mean-p.Theory)/p.Theory)
	}
	if math.Abs(z) <= 3 {
		return s + fmt.Sprintf(" Every point lies within 3 standard errors of the theory; the largest gap is %.1f, at N = %s%s.", math.Abs(z), render.Num(p.N, 4), rel)
	}
	return s + fmt.Sprintf(" The largest gap from the theory is %.1f standard errors, at N = %s%s.", math.Abs(z), render.Num(p.N, 4), rel)
}

var sublines = []string{
	"Line: theory from the eigenvalues below. Dots: the average test error of real kernel regression over seeds, ± 1 standard error.",
	"Line: theory. Dots: real kernel regression, mean ± 1 standard error.",
	"Line: theory. Dots: simulation.",
}

func drawHeader(c render.Canvas, g Geometry, v View) {
	r := g.Header
	col := render.Ink
	switch {
	case v.SimErr != "":
		col = render.WarnInk
	case v.Converged && len(v.Sim) > 0:
		col = render.Green
	}
	y, room := scene.Headline(c, r, g.FS, headline(v), col)
	if room > 0 {
		var subs []string
		for _, s := range sublines {
			subs = append(subs, v.Kernel+". "+s)
		}
		subs = append(subs, sublines...)
		if v.SimNote != "" {
			subs = []string{v.SimNote}
		}
		if scene.Subline(c, r, y, g.FS, subs...) {
			return
		}
		if v.SimNote != "" {
			// A long note wraps over the lines the headline left free.
			left := int((r.Bottom() - y + g.FS) / render.LineHeight(g.FS))
			note := render.Truncate(c, render.Wrap(c, v.SimNote, g.FS, r.W), max(left, 1), g.FS, r.W)
			render.TextBlock(c, note, r.X, y, g.FS, render.Muted, render.AlignLeft)
		}
	}
}

// readoutRows are the numbers at the shown sample size and, unless compact, the problem's
// settings (which the page's controls also show, so a phone leaves them out).
func readoutRows(v View, compact bool) []plot.ReadoutRow {
	num := func(x float64) string {
		if !render.Finite(x) {
			return render.Dash
		}
		return render.Num(x, 4)
	}
	k := shown(v)
	var p Point
	which := "N"
	if k >= 0 {
		p = v.Sim[k]
		switch {
		case k == v.Hover:
			which = "N (under pointer)"
		case k == v.Current && !v.Converged:
			which = "N (simulating)"
		case k == len(v.Sim)-1:
			which = "N (largest simulated)"
		}
	}
	nStr, th, sim, seeds, gapStr := render.Dash, render.Dash, render.Dash, render.Dash, render.Dash
	bias, noise, kappa := render.Dash, render.Dash, render.Dash
	at := func(s []float64, i int) float64 {
		if i < len(s) {
			return s[i]
		}
		return math.NaN()
	}
	if i := hoverLine(v); i >= 0 {
		// The theory line under the pointer, away from the simulated points.
		k, which = -1, "N (under pointer)"
		nStr, th, sim = render.Num(v.N[i], 4), num(v.Eg[i]), "not simulated"
		bias, noise, kappa = num(at(v.Bias, i)), num(at(v.Variance, i)), num(at(v.Kappa, i))
	}
	if k >= 0 {
		nStr = render.Num(p.N, 6)
		th, bias, noise, kappa = num(p.Theory), num(p.Bias), num(p.Noise), num(p.Kappa)
		seeds = fmt.Sprintf("%d of %d", p.Seeds, v.Seeds)
		if p.Seeds > 0 {
			sim = num(p.Mean)
			if p.Seeds > 1 {
				sim += " ± " + render.Num(p.StdErr, 2)
			}
		}
		if z, ok := gap(p); ok {
			gapStr = fmt.Sprintf("%+.1f s.e.", z)
			if p.Theory > 0 {
				gapStr += fmt.Sprintf(" (%+.1f%%)", 100*(p.Mean-p.Theory)/p.Theory)
			}
		}
	}
	rows := []plot.ReadoutRow{
		{Name: which, Value: nStr},
		{Name: "theory E_g", Value: th},
		{Name: "simulation", Value: sim},
		{Name: "seeds", Value: seeds},
		{Name: "sim − theory", Value: gapStr},
	}
	if v.Noise > 0 || !compact {
		rows = append(rows, plot.ReadoutRow{Name: "bias part", Value: bias}, plot.ReadoutRow{Name: "noise part", Value: noise})
	}
	if !compact {
		rows = append(rows,
			plot.ReadoutRow{Name: "κ", Value: kappa},
			plot.ReadoutRow{Name: "label noise σ²", Value: render.Num(v.Noise, 4)},
			plot.ReadoutRow{Name: "ridge λ", Value: render.Num(v.Ridge, 4)},
		)
		if n := len(v.Sim); n > 0 {
			rows = append(rows, plot.ReadoutRow{Name: "simulated N", Value: fmt.Sprintf("%s to %s (%d sizes)", render.Num(v.Sim[0].N, 6), render.Num(v.Sim[n-1].N, 6), n)})
		}
		if v.ZeroLevels > 0 {
			what := "modes"
			if v.Sphere {
				what = "degrees"
			}
			rows = append(rows, plot.ReadoutRow{Name: what + " with η ≈ 0 (not drawn)", Value: fmt.Sprint(v.ZeroLevels)})
		}
		if v.Skipped > 0 {
			rows = append(rows, plot.ReadoutRow{Name: "N without theory", Value: fmt.Sprint(v.Skipped)})
		}
	}
	status := render.Dash
	switch {
	case v.SimErr != "":
		status = "stopped"
	case len(v.Sim) == 0:
		status = "theory only"
	case v.Converged:
		status = "complete"
	default:
		status = fmt.Sprintf("%d of %d seeds", seedsDone(v), v.Seeds*len(v.Sim))
	}
	return append(rows, plot.ReadoutRow{Name: "run", Value: status, Highlight: v.Converged && len(v.Sim) > 0 && v.SimErr == ""})
}

func drawReadout(c render.Canvas, g Geometry, v View) {
	fs := g.FS * 0.95
	if !g.Wide {
		fs = g.FS * 0.9
	}
	rows := readoutRows(v, !g.Wide)
	r := g.Readout
	if !g.Wide {
		plot.Readout(c, r, rows, fs)
		return
	}
	// The kernel in words above the numbers (a readout value would be cut short).
	lines := render.Wrap(c, v.Kernel, fs, r.W-fs*0.8)
	y := render.TextBlock(c, lines, r.X+fs*0.4, r.Y+fs, fs, render.Ink, render.AlignLeft)
	r = r.Inset(0, y-r.Y, 0, 0)
	plot.Readout(c, r, rows, fs)
	// Under the numbers, where they fit: why some N have no theory, and how to read the picture.
	y = r.Y + render.LineHeight(fs)*(float64(len(rows))+1.2)
	small := fs * 0.9
	var notes []string
	if v.SkipNote != "" {
		notes = append(notes, "No theory at some N: "+strings.TrimSuffix(v.SkipNote, ".")+".")
	}
	notes = append(notes, reading(v))
	for _, note := range notes {
		lines := render.Wrap(c, note, small, r.W-fs)
		if y+render.LineHeight(small)*float64(len(lines)-1) > r.Bottom() {
			return
		}
		y = render.TextBlock(c, lines, r.X+fs*0.4, y, small, render.Muted, render.AlignLeft) + small*0.5
	}
}

// reading says in words how the two panels belong together.
func reading(v View) string {
	s := "Reading it: a mode is more than half learned once N η > κ, that is, once its eigenvalue lies above the dashed line's height at that N; the error falls as the modes are learned."
	if v.Sphere {
		s += fmt.Sprintf(" On the sphere the N(%d,k) modes of degree k share one eigenvalue, so they are learned together, one degree after another.", v.D)
	}
	return s
}
