package sweepview

import (
	"fmt"
	"image/color"
	"math"

	"solvable/render"
	"solvable/render/plot"
	"solvable/render/scene"
)

// Colours of the curves: the same quantity has the same colour in the legend, the readout
// order and the asymptote that belongs to it.
var (
	colCost  = render.Blue
	colObj   = render.Orange
	colS     = render.Green
	colPlanD = render.Purple
	colExtra = []color.RGBA{render.Red, render.Teal}
	colMark  = render.Grey
)

// XMap is how the drawn x axis maps canvas x to λ, for the simulator's pointer: the plots'
// horizontal extent, their vertical extent (both panels) and the axis ends.
type XMap struct {
	Left, Right, Top, Bottom float64
	LogMin, LogMax           float64
	OK                       bool
}

// Index is the λ nearest to canvas x (by log distance) among lambdas, or −1 when (x, y) is not
// over the plots.
func (m XMap) Index(x, y float64, lambdas []float64) int {
	if !m.OK || !render.Finite(x) || !render.Finite(y) || len(lambdas) == 0 ||
		x < m.Left-6 || x > m.Right+6 || y < m.Top || y > m.Bottom {
		return -1
	}
	l := m.LogMin + (x-m.Left)/(m.Right-m.Left)*(m.LogMax-m.LogMin)
	best, bestD := -1, math.Inf(1)
	for k, lam := range lambdas {
		if d := math.Abs(math.Log10(lam) - l); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// Draw paints the scene for v over the whole canvas and returns the x mapping of the plots.
func Draw(c render.Canvas, v View) XMap {
	w, h, ok := scene.Begin(c)
	if !ok {
		return XMap{}
	}
	g := Layout(w, h, v)
	if g.HasMessage {
		scene.Message(c, g.Message, g.FS, "This sweep cannot be shown", message(v))
		return XMap{}
	}
	drawHeader(c, g, v)
	top, bottom := frames(c, g, v)
	drawCosts(c, g, top, v)
	drawDivergences(c, g, bottom, v)
	drawInset(c, g, v)
	drawReadout(c, g, v)
	return XMap{
		Left: top.Plot.X, Right: top.Plot.Right(), Top: top.Plot.Y, Bottom: bottom.Plot.Bottom(),
		LogMin: math.Log10(top.X.Min), LogMax: math.Log10(top.X.Max), OK: true,
	}
}

// shown is the index of the λ whose numbers the readout and the inset show: the one under the
// pointer, else the last finished one (−1 before the first).
func shown(v View) int {
	if v.Hover >= 0 && v.Hover < v.Done {
		return v.Hover
	}
	if v.Done >= len(v.Lambdas) && v.MarkIndex >= 0 && v.MarkIndex < v.Done {
		return v.MarkIndex
	}
	return v.Done - 1
}

// xAxis spans the whole sweep (not only the finished part), so the axis stays put while the
// points stream in.
func xAxis(v View) plot.Axis {
	label := "entropy weight λ (log scale)"
	if render.Finite(v.MaxCost) && v.MaxCost > 0 && v.MaxCost != 1 {
		label = fmt.Sprintf("entropy weight λ (log scale; largest cost %s)", render.Num(v.MaxCost, 3))
	}
	return plot.Log(label, v.Lambdas).Nice(8)
}

// costRange is the y range of the top panel: the curves and limits, with the objective let in
// only as far as it stays comparable (it falls like −λ(H(p) + H(q)) as λ grows, and would
// squash everything else into a line).
func costRange(v View) plot.Axis {
	n := min(v.Done, len(v.TransportCost), len(v.Divergence))
	a := plot.Linear("", v.TransportCost[:n], v.Divergence[:n])
	if v.HasW {
		a = a.Include(v.W)
	}
	a = a.Include(v.IndependentCost, v.KernelLimit)
	lo, hi := a.Min, a.Max
	if render.Finite(lo) && render.Finite(hi) {
		floor := lo - 0.35*math.Max(hi-lo, 1e-9)
		for _, o := range v.Objective[:min(v.Done, len(v.Objective))] {
			if o >= floor {
				a = a.Include(o)
			}
		}
	}
	return a.Nice(6)
}

func divRange(v View) plot.Axis {
	n := min(v.Done, len(v.PlanDivergence))
	a := plot.Log("", v.PlanDivergence[:n])
	for _, s := range v.Extra {
		a = a.Include(s.Values[:min(n, len(s.Values))]...)
	}
	if render.Finite(v.KL) && v.KL > 0 {
		a = a.Include(v.KL)
	}
	return a.Nice(6)
}

// frames lays out the two panels with their plot areas aligned, so one λ is one x in both.
func frames(c render.Canvas, g Geometry, v View) (top, bottom *plot.Frame) {
	st := plot.DefaultStyle(g.FS * 0.9)
	xa := xAxis(v)
	xTop := xa
	xTop.Label = "" // one axis label, under the lower panel
	ya, yb := costRange(v), divRange(v)
	ya.Label = "cost"
	yb.Label = "divergence (log scale)"
	tTitle := render.Pick(c, g.Top.W, st.TitleSize, "Transport cost, entropic objective and S_λ against λ", "Costs against λ")
	bTitle := render.Pick(c, g.Bottom.W, st.TitleSize, "Plan divergence KL(P*(p,p) || P*(p,q)) against λ", "Plan divergence against λ")
	top = plot.NewFrame(c, g.Top, tTitle, xTop, ya, st)
	bottom = plot.NewFrame(c, g.Bottom, bTitle, xa, yb, st)
	return plot.AlignPlots(c, top, bottom)
}

// series draws one per-λ quantity as a line with a dot at every finished λ.
func series(c render.Canvas, f *plot.Frame, v View, ys []float64, col color.RGBA) {
	n := min(v.Done, len(ys), len(v.Lambdas))
	if n == 0 {
		return
	}
	f.Line(c, v.Lambdas[:n], ys[:n], 1.75, col)
	f.Points(c, v.Lambdas[:n], ys[:n], 2.2, col)
}

// marker draws the λ of the Sinkhorn page and the λ under the pointer in a panel.
func marker(c render.Canvas, f *plot.Frame, v View, withLabel bool) {
	st := f.Style
	if v.Marker > 0 && f.VLine(c, v.Marker, 1, colMark, true) && withLabel {
		x := f.PX(v.Marker)
		txt := "Sinkhorn page λ = " + render.Num(v.Marker, 3)
		align := render.AlignLeft
		tx := x + 3
		if tx+c.TextWidth(txt, st.FontSize) > f.Plot.Right() {
			align, tx = render.AlignRight, x-3
		}
		label(c, txt, tx, f.Plot.Y+st.FontSize*1.1, st.FontSize, colMark, align)
	}
	if k := v.Hover; k >= 0 && k < v.Done {
		f.VLine(c, v.Lambdas[k], 1, render.WithAlpha(render.Ink, 0.55), false)
	}
	if v.Done < len(v.Lambdas) {
		// The λ being solved now: a faint band shows where the next point will land.
		x := f.PX(v.Lambdas[v.Done])
		if render.Finite(x) && f.Plot.Contains(x, f.Plot.CenterY()) {
			c.FillRect(x-2, f.Plot.Y+1, 4, f.Plot.H-2, render.WithAlpha(render.Highlight, 0.9))
		}
	}
}

// label draws text on a small panel-coloured patch, so lines under it do not run through it.
func label(c render.Canvas, s string, x, y, fs float64, col color.RGBA, align render.Align) {
	w := c.TextWidth(s, fs)
	x0 := render.AlignedStart(x, w, align)
	c.FillRect(x0-2, y-fs*0.95, w+4, fs*1.25, render.WithAlpha(render.Panel, 0.85))
	c.Text(s, x, y, fs, col, align)
}

// ring circles the point of the shown λ on a curve.
func ring(c render.Canvas, f *plot.Frame, v View, ys []float64, col color.RGBA) {
	k := shown(v)
	if k < 0 || k >= len(ys) || (k != v.Hover && k != v.MarkIndex) {
		return
	}
	x, y := f.PX(v.Lambdas[k]), f.PY(ys[k])
	if render.Finite(x) && render.Finite(y) && f.Plot.Contains(x, y) {
		c.FillCircle(x, y, 5, col)
		c.FillCircle(x, y, 3, render.Panel)
	}
}

// asymptote draws a dashed limit line and returns the drawing of its label (at the end of the
// plot it belongs to: left for λ → 0, right for λ → ∞; above the line when there is room), to be
// called once the curves are drawn so that they do not run through the words.
func asymptote(c render.Canvas, f *plot.Frame, y float64, col color.RGBA, text string, right bool) func() {
	if !f.HLine(c, y, 1.25, col, true) {
		return func() {}
	}
	fs := f.Style.FontSize
	py := f.PY(y)
	ty := py - 3
	if ty-fs < f.Plot.Y {
		ty = py + fs + 2
	}
	return func() {
		if right {
			label(c, text, f.Plot.Right()-3, ty, fs, col, render.AlignRight)
		} else {
			label(c, text, f.Plot.X+3, ty, fs, col, render.AlignLeft)
		}
	}
}

func drawCosts(c render.Canvas, g Geometry, f *plot.Frame, v View) {
	f.Draw(c)
	var labels []func()
	if v.HasW {
		labels = append(labels, asymptote(c, f, v.W, colCost, "W (λ → 0) = "+render.Num(v.W, 4), false))
	}
	labels = append(labels,
		asymptote(c, f, v.IndependentCost, colCost, "cost of p×q (λ → ∞)", true),
		asymptote(c, f, v.KernelLimit, colS, "S_λ as λ → ∞", true))
	marker(c, f, v, true)
	series(c, f, v, v.Objective, colObj)
	series(c, f, v, v.TransportCost, colCost)
	series(c, f, v, v.Divergence, colS)
	for _, l := range labels {
		l()
	}
	ring(c, f, v, v.TransportCost, colCost)
	ring(c, f, v, v.Divergence, colS)
	ring(c, f, v, v.Objective, colObj)
	entries := []plot.LegendEntry{
		{Label: "<C,P*> transport cost", Color: colCost},
		{Label: "<C,P*> − λH(P*) objective", Color: colObj},
		{Label: "S_λ debiased divergence", Color: colS},
		{Label: "limits", Color: colMark, Mark: plot.MarkDashed},
	}
	lr := legendAt(c, f, entries, g.Wide || g.W >= 520, v, v.TransportCost, v.Objective, v.Divergence)
	objectiveNote(c, f, v, lr)
}

// objectiveNote says where the objective went when it leaves the bottom of the plot.
func objectiveNote(c render.Canvas, f *plot.Frame, v View, legend render.Rect) {
	n := min(v.Done, len(v.Objective))
	for k := 0; k < n; k++ {
		if v.Objective[k] >= f.Y.Min {
			continue
		}
		// The first λ (from the large end) whose objective is in range; the note goes just
		// right of where the curve leaves.
		j := k
		for j < n && v.Objective[j] < f.Y.Min {
			j++
		}
		if j == n {
			j = n - 1
		}
		fs := f.Style.FontSize
		x := f.PX(v.Lambdas[j]) + 6
		for _, txt := range []string{"objective → −∞ like −λ(H(p)+H(q))", "objective → −∞"} {
			w := c.TextWidth(txt, fs)
			r := render.Rect{X: x - 2, Y: f.Plot.Bottom() - 4 - fs, W: w + 4, H: fs * 1.25}
			overlaps := legend.W > 0 && r.X < legend.Right() && legend.X < r.Right() && r.Y < legend.Bottom() && legend.Y < r.Bottom()
			if render.Finite(x) && x+w < f.Plot.Right()-4 && !overlaps {
				label(c, txt, x, f.Plot.Bottom()-4, fs, colObj, render.AlignLeft)
				break
			}
		}
		return
	}
}

// legendAt puts the legend where it hides the fewest points of the curves: in one of the
// plot's corners or at the middle of its bottom edge, preferring the lower right on a tie. It
// drops the last entries when the legend would cover too much of the plot, and returns the
// legend's rectangle (empty when nothing was drawn).
func legendAt(c render.Canvas, f *plot.Frame, entries []plot.LegendEntry, full bool, v View, curves ...[]float64) render.Rect {
	st := f.Style
	if !full {
		st.FontSize *= 0.9
	}
	p := f.Plot
	for len(entries) > 0 {
		w, h := plot.LegendSize(c, entries, st)
		if w <= p.W*0.6 && (h <= p.H*0.62 && full || h <= p.H*0.5) {
			const m = 4
			spots := [][2]float64{
				{p.Right() - w - m, p.Bottom() - h - m}, {p.X + m, p.Bottom() - h - m}, {p.CenterX() - w/2, p.Bottom() - h - m},
				{p.Right() - w - m, p.Y + m}, {p.X + m, p.Y + m},
			}
			best, bestN := 0, math.MaxInt
			for k, sp := range spots {
				r := render.Rect{X: sp[0], Y: sp[1], W: w, H: h}
				n := 0
				for _, ys := range curves {
					for i := 0; i < min(v.Done, len(ys), len(v.Lambdas)); i++ {
						if r.Contains(f.PX(v.Lambdas[i]), f.PY(ys[i])) {
							n++
						}
					}
				}
				if n < bestN {
					best, bestN = k, n
				}
			}
			plot.Legend(c, spots[best][0], spots[best][1], entries, st)
			return render.Rect{X: spots[best][0], Y: spots[best][1], W: w, H: h}
		}
		entries = entries[:len(entries)-1]
	}
	return render.Rect{}
}

func drawDivergences(c render.Canvas, g Geometry, f *plot.Frame, v View) {
	f.Draw(c)
	marker(c, f, v, false)
	entries := []plot.LegendEntry{{Label: "plan divergence D_λ", Color: colPlanD}}
	klLabel := func() {}
	if render.Finite(v.KL) && v.KL > 0 {
		klLabel = asymptote(c, f, v.KL, colPlanD, "KL(p||q) = "+render.Num(v.KL, 4)+" (λ → ∞)", true)
	}
	series(c, f, v, v.PlanDivergence, colPlanD)
	for k, s := range v.Extra {
		col := colExtra[k%len(colExtra)]
		series(c, f, v, s.Values, col)
		ring(c, f, v, s.Values, col)
		entries = append(entries, plot.LegendEntry{Label: s.Label, Color: col})
	}
	klLabel()
	ring(c, f, v, v.PlanDivergence, colPlanD)
	if v.KLNote != "" {
		fs := f.Style.FontSize
		lines := render.Wrap(c, v.KLNote, fs, f.Plot.W-2*fs)
		y := f.Plot.CenterY() - render.LineHeight(fs)*float64(len(lines))/2 + fs
		c.FillRect(f.Plot.X+fs*0.5, y-fs*1.3, f.Plot.W-fs, render.LineHeight(fs)*float64(len(lines))+fs*0.6, render.WithAlpha(render.WarnWash, 0.92))
		render.TextBlock(c, lines, f.Plot.CenterX(), y, fs, render.WarnInk, render.AlignCenter)
		return
	}
	curves := [][]float64{v.PlanDivergence}
	for _, s := range v.Extra {
		curves = append(curves, s.Values)
	}
	legendAt(c, f, entries, g.Wide || g.W >= 520, v, curves...)
}

// drawInset draws the plan at the shown λ as a small heatmap: sharp near the LP plan at small λ,
// the smooth independent coupling p qᵀ at large λ.
func drawInset(c render.Canvas, g Geometry, v View) {
	r := g.Inset
	k := v.PlanIndex
	if r.W < 60 || r.H < 60 || k < 0 || k >= len(v.Lambdas) || v.PlanN <= 0 || v.PlanM <= 0 || len(v.Plan) < v.PlanN*v.PlanM {
		return
	}
	fs := g.FS * 0.9
	title := "plan P* at λ = " + render.Num(v.Lambdas[k], 3)
	c.Text(render.Ellipsize(c, title, fs, r.W), r.X, r.Y+fs, fs, render.Ink, render.AlignLeft)
	side := math.Min(r.W, r.H-fs*1.6-render.LineHeight(fs))
	if side < 30 {
		return
	}
	heat := render.Rect{X: r.X, Y: r.Y + fs*1.6, W: side, H: side}
	plot.Heatmap(c, heat, v.PlanN, v.PlanM, v.Plan, plot.LinearNorm(v.Plan), render.Sequential)
	c.StrokeRect(heat.X, heat.Y, heat.W, heat.H, 1, render.Frame)
	c.Text(render.Ellipsize(c, "rows: source x, columns: target y", fs*0.9, r.W), r.X, heat.Bottom()+fs*1.1, fs*0.9, render.Muted, render.AlignLeft)
}

// headline says what the sweep is doing, the one thing a newcomer should read first.
func headline(v View) string {
	n := len(v.Lambdas)
	switch {
	case v.Done >= n && v.Failed > 0:
		return fmt.Sprintf("Sweep finished, but %d of %d values of λ stopped at the iteration cap before reaching marginal error %s.", v.Failed, n, render.Num(v.Tol, 2))
	case v.Done >= n:
		return fmt.Sprintf("Sweep complete: %d values of λ from %s down to %s, each warm-started from the one before and solved to marginal error %s.",
			n, render.Num(v.Lambdas[0], 3), render.Num(v.Lambdas[n-1], 3), render.Num(v.Tol, 2))
	case v.Done == 0:
		return fmt.Sprintf("Solving at λ = %s, the largest of %d values; each next λ starts from the answer of the one before.", render.Num(v.Lambdas[0], 3), n)
	}
	return fmt.Sprintf("Sweeping λ from large to small: %d of %d done, now solving at λ = %s.", v.Done, n, render.Num(v.Lambdas[v.Done], 3))
}

var sublines = []string{
	"Left end: λ → 0, unregularised transport (W). Right end: λ → ∞, the independent coupling p×q.",
	"Left: λ → 0 (W). Right: λ → ∞ (p×q).",
}

func drawHeader(c render.Canvas, g Geometry, v View) {
	r := g.Header
	col := render.Ink
	if v.Done >= len(v.Lambdas) && v.Failed == 0 {
		col = render.Green
	}
	y, room := scene.Headline(c, r, g.FS, headline(v), col)
	if room > 0 {
		scene.Subline(c, r, y, g.FS, sublines...)
	}
}

// readoutRows are the numbers at the shown λ and, unless compact, the limits (which the plots
// also label, so a phone leaves them out).
func readoutRows(v View, compact bool) []plot.ReadoutRow {
	num := func(x float64) string { return render.Num(x, 6) }
	k := shown(v)
	at := func(s []float64) string {
		if k < 0 || k >= len(s) {
			return render.Dash
		}
		return num(s[k])
	}
	lam, rel, iters := render.Dash, render.Dash, render.Dash
	if k >= 0 {
		lam = render.Num(v.Lambdas[k], 4)
		if render.Finite(v.MaxCost) && v.MaxCost > 0 {
			rel = render.Num(v.Lambdas[k]/v.MaxCost, 4)
		}
		if k < len(v.Iterations) {
			iters = fmt.Sprint(v.Iterations[k])
		}
	}
	which := "λ (last solved)"
	switch {
	case v.Hover >= 0 && v.Hover < v.Done:
		which = "λ (under pointer)"
	case k >= 0 && k == v.MarkIndex:
		which = "λ (Sinkhorn page)"
	}
	rows := []plot.ReadoutRow{
		{Name: which, Value: lam},
		{Name: "λ / max C", Value: rel},
		{Name: "<C,P*>", Value: at(v.TransportCost)},
		{Name: "objective", Value: at(v.Objective)},
		{Name: "S_λ", Value: at(v.Divergence)},
		{Name: "plan divergence", Value: at(v.PlanDivergence)},
	}
	for _, s := range v.Extra {
		name := s.Short
		if name == "" {
			name = s.Label
		}
		rows = append(rows, plot.ReadoutRow{Name: name, Value: at(s.Values)})
	}
	status := fmt.Sprintf("%d of %d λ", v.Done, len(v.Lambdas))
	if v.Done >= len(v.Lambdas) {
		status = "complete"
		if v.Failed > 0 {
			status = fmt.Sprintf("%d λ hit the cap", v.Failed)
		}
	}
	if compact {
		return append(rows, plot.ReadoutRow{Name: "sweep", Value: status, Highlight: v.Converged})
	}
	rows = append(rows, plot.ReadoutRow{Name: "iterations at λ", Value: iters})
	w := render.Dash
	if v.HasW {
		w = num(v.W)
	}
	kl := num(v.KL)
	if math.IsInf(v.KL, 1) {
		kl = "infinite"
	}
	rows = append(rows,
		plot.ReadoutRow{Name: "W (λ → 0)", Value: w},
		plot.ReadoutRow{Name: "KL(p||q) (λ → ∞)", Value: kl},
		plot.ReadoutRow{Name: "cost of p×q (λ → ∞)", Value: num(v.IndependentCost)},
		plot.ReadoutRow{Name: "S_λ limit (λ → ∞)", Value: num(v.KernelLimit)},
	)
	rows = append(rows, plot.ReadoutRow{Name: "sweep", Value: status, Highlight: v.Converged})
	return rows
}

func drawReadout(c render.Canvas, g Geometry, v View) {
	fs := g.FS * 0.95
	if !g.Wide {
		fs = g.FS * 0.9
	}
	plot.Readout(c, g.Readout, readoutRows(v, !g.Wide), fs)
}
