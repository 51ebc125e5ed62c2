package continualview

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"solvable/render"
	"solvable/render/plot"
	"solvable/render/scene"
)

// Colours: the error on B (forward) is blue, the error on A after B (backward) orange, the
// references grey and dashed, gain green and loss red (washes behind the lines, also told apart
// by their labels), bias purple and variance teal.
var (
	colForward  = render.Blue
	colBackward = render.Orange
	colRef      = render.Grey
	colSingle   = render.Grey
	colJoint    = render.Green
	colBias     = render.Purple
	colVariance = render.Teal
	colCrit     = render.Ink
	washGain    = render.WithAlpha(render.Green, 0.16)
	washLoss    = render.WithAlpha(render.Red, 0.13)
	inkGain     = render.Green
	inkLoss     = render.Red
)

// Draw paints the scene for v over the whole canvas and returns where the plots went. It
// never leaves the canvas blank: a view with an error (or nothing to show) gets the sentence in
// words instead.
func Draw(c render.Canvas, v View) Hit {
	var hit Hit
	w, h, ok := scene.Begin(c)
	if !ok {
		return hit
	}
	g := Layout(w, h, v)
	if g.HasMessage {
		scene.Message(c, g.Message, g.FS, "These learning curves cannot be shown", message(v))
		return hit
	}
	drawHeader(c, g, v)
	scene.Note(c, g.Note, g.FS, v.Note)
	st := plot.DefaultStyle(g.FS * 0.9)
	var frames []*plot.Frame
	switch v.Kind {
	case "transfer":
		frames = append(frames, drawTransfer(c, g.First, st, v, false), drawTransfer(c, g.Second, st, v, true))
	case "self":
		frames = append(frames, drawSelf(c, g.First, st, v))
	case "multi":
		lo, hi := multiRange(v)
		frames = append(frames, drawMulti(c, g.First, st, v, v.Multi[0], lo, hi))
		if len(v.Multi) > 1 && g.Second.W > 0 {
			frames = append(frames, drawMulti(c, g.Second, st, v, v.Multi[1], lo, hi))
		}
	}
	for _, f := range frames {
		if f != nil {
			p := f.Plot
			hit.Plots = append(hit.Plots, PlotArea{X: p.X, Y: p.Y, W: p.W, H: p.H, Min: f.X.Min, Max: f.X.Max, Log: f.X.Log})
		}
	}
	plot.Readout(c, g.Readout, readoutRows(v), g.FS*0.9)
	return hit
}

// picked draws the pointer's pick as a faint vertical line.
func picked(c render.Canvas, f *plot.Frame, v View) {
	if v.Picked && render.Finite(v.Pick) {
		f.VLine(c, v.Pick, 1, render.WithAlpha(render.Ink, 0.45), false)
	}
}

// drawHeader writes the headline (what the picture shows now) and, under it, how far the
// simulation has got.
func drawHeader(c render.Canvas, g Geometry, v View) {
	fs := g.FS * 1.05
	r := g.Header
	lh := render.LineHeight(fs)
	total := max(int(r.H/lh+1e-9), 2)
	prog := progress(v)
	progLines := render.Wrap(c, prog[0], g.FS, r.W)
	if len(progLines) > 1 {
		progLines = render.Wrap(c, prog[1], g.FS, r.W)
	}
	progLines = render.Truncate(c, progLines, max(total-2, 1), g.FS, r.W)
	lines := render.Truncate(c, render.Wrap(c, headline(v), fs, r.W), max(total-len(progLines), 1), fs, r.W)
	y := render.TextBlock(c, lines, r.X, r.Y+fs, fs, render.Ink, render.AlignLeft)
	col := render.Muted
	if v.Converged {
		col = render.Green
	}
	render.TextBlock(c, progLines, r.X, y, g.FS, col, render.AlignLeft)
}

// num formats a value for the headline and the readout.
func num(x float64) string { return render.Num(x, 3) }

// headline is the sentence saying what the picture shows now, from the theory.
func headline(v View) string {
	switch v.Kind {
	case "transfer":
		t := v.Transfer
		s := ""
		if t.HasF && t.CritF > 0 && t.CritF < 1 {
			s = fmt.Sprintf("Learning A first helps B when the targets are more similar than ρ* = %s (green), and hurts it below (red).", render.Num(t.CritF, 3))
		} else if t.HasF && t.CritF >= 1 {
			s = "Learning A first hurts B at every similarity."
		} else if t.HasF {
			s = "Learning A first helps B at every similarity."
		} else {
			s = "Here the error on B does not depend on the similarity."
		}
		switch {
		case t.HasB && t.CritB > 1+1e-9:
			s += " Learning B makes A worse (forgetting) at every similarity, even for the same target."
		case t.HasB && t.CritB > 0:
			s += fmt.Sprintf(" Learning B makes A worse (forgetting) for every ρ below %s.", render.Num(t.CritB, 4))
		}
		return s
	case "self":
		return selfHeadline(v)
	case "multi":
		return multiHeadline(v)
	}
	return ""
}

// crossings returns the x where ys crosses ref (linear interpolation; in log x when logX).
func crossings(xs, ys []float64, ref float64, logX bool) []float64 {
	var out []float64
	for i := 0; i+1 < min(len(xs), len(ys)); i++ {
		a, b := ys[i]-ref, ys[i+1]-ref
		if !render.Finite(a) || !render.Finite(b) || (a < 0) == (b < 0) || a == b {
			continue
		}
		t := a / (a - b)
		if logX && xs[i] > 0 && xs[i+1] > 0 {
			out = append(out, math.Exp(math.Log(xs[i])+t*(math.Log(xs[i+1])-math.Log(xs[i]))))
		} else {
			out = append(out, xs[i]+t*(xs[i+1]-xs[i]))
		}
	}
	return out
}

func selfHeadline(v View) string {
	s := v.Self
	cr := crossings(s.NB, s.E2, s.EA, true)
	start := fmt.Sprintf("Same target twice, N_A = %d: ", v.NA)
	switch {
	case len(cr) == 1 && len(s.E2) > 0 && s.E2[0] > s.EA:
		return start + fmt.Sprintf("a second task of more than about %s samples improves on E_A (self-knowledge transfer, green); a smaller one makes it worse (self-knowledge forgetting, red).", render.Num(cr[0], 2))
	case len(cr) == 1:
		return start + fmt.Sprintf("a second task of fewer than about %s samples improves on E_A (green); a larger one makes it worse (red).", render.Num(cr[0], 2))
	case len(cr) == 0 && len(s.E2) > 0 && s.E2[0] <= s.EA:
		return start + "a second task of any size improves on E_A (self-knowledge transfer)."
	case len(cr) == 0:
		return start + "a second task of any size shown makes the error worse than E_A (self-knowledge forgetting)."
	}
	return start + "the error after the second task crosses E_A several times (green: better than E_A, red: worse)."
}

func multiHeadline(v View) string {
	trend := func(sp Split) string {
		n := len(sp.E)
		falls := true
		for i := 1; i < n; i++ {
			falls = falls && sp.E[i] < sp.E[i-1]
		}
		switch {
		case n < 2:
			return fmt.Sprintf("%s, the error is %s", sp.ShortTitle, num(sp.E[0]))
		case falls:
			return fmt.Sprintf("%s, the error falls task after task (self-knowledge transfer)", sp.ShortTitle)
		case sp.E[1] > sp.E[0]:
			return fmt.Sprintf("%s, the error rises at task 2 (self-knowledge forgetting)", sp.ShortTitle)
		}
		return fmt.Sprintf("%s, the error goes from %s to %s", sp.ShortTitle, num(sp.E[0]), num(sp.E[n-1]))
	}
	s := fmt.Sprintf("The same target over %d tasks: %s", len(v.Multi[0].E), lower(trend(v.Multi[0])))
	if len(v.Multi) > 1 {
		s += "; " + lower(trend(v.Multi[1]))
	}
	return s + "."
}

// lower puts the first letter of a phrase in lower case (the titles start a sentence).
func lower(s string) string {
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' {
		return string(s[0]-'A'+'a') + s[1:]
	}
	return s
}

// progress is the simulation's state in words, long and short.
func progress(v View) [2]string {
	where := map[string]string{"transfer": "each ρ", "self": "each N_B", "multi": "each task"}[v.Kind]
	switch {
	case v.Seeds == 0:
		return [2]string{"Theory only: nothing is simulated here.", "Theory only."}
	case v.Converged:
		return [2]string{fmt.Sprintf("Simulation complete: %d seeds of real kernel regression at %s; bars are ± 1 standard error.", v.Seeds, where),
			fmt.Sprintf("Simulation complete: %d seeds at %s; bars ± 1 s.e.", v.Seeds, where)}
	case v.Running:
		return [2]string{fmt.Sprintf("Simulating: %d of %d seeds at %s so far; the bars (± 1 standard error) shrink as seeds come in.", v.SeedsDone, v.Seeds, where),
			fmt.Sprintf("Simulating: %d of %d seeds at %s; bars ± 1 s.e.", v.SeedsDone, v.Seeds, where)}
	}
	s := fmt.Sprintf("Simulation stopped at %d of %d seeds.", v.SeedsDone, v.Seeds)
	return [2]string{s, s}
}

// label draws text on a small panel-coloured patch, so lines under it do not run through it.
func label(c render.Canvas, s string, x, y, fs float64, col color.RGBA, align render.Align) {
	w := c.TextWidth(s, fs)
	x0 := render.AlignedStart(x, w, align)
	c.FillRect(x0-2, y-fs*0.95, w+4, fs*1.25, render.WithAlpha(render.Panel, 0.85))
	c.Text(s, x, y, fs, col, align)
}

// shade fills the area between the curve (xs, ys) and the level ref: gain (the curve below
// ref) in green, loss in red. The curve is split where it crosses ref.
func shade(c render.Canvas, f *plot.Frame, xs, ys []float64, ref float64) {
	n := min(len(xs), len(ys))
	if n < 2 || !render.Finite(ref) {
		return
	}
	p := f.Plot
	clampX := func(x float64) float64 { return render.Clamp(x, p.X, p.Right()) }
	clampY := func(y float64) float64 { return render.Clamp(y, p.Y, p.Bottom()) }
	py := clampY(f.PY(ref))
	var px, pyy []float64
	below := false
	flush := func() {
		if len(px) >= 2 {
			xs2 := append(append([]float64(nil), px...), px[len(px)-1], px[0])
			ys2 := append(append([]float64(nil), pyy...), py, py)
			col := washLoss
			if below {
				col = washGain
			}
			c.FillPolygon(xs2, ys2, col)
		}
		px, pyy = px[:0], pyy[:0]
	}
	add := func(x, y float64) {
		X, Y := f.PX(x), f.PY(y)
		if render.Finite(X) && render.Finite(Y) {
			px, pyy = append(px, clampX(X)), append(pyy, clampY(Y))
		}
	}
	for i := range n {
		if !render.Finite(ys[i]) {
			flush()
			continue
		}
		b := ys[i] < ref
		if len(px) > 0 && b != below {
			// Close this run at the crossing, start the next there.
			cr := crossings(xs[i-1:i+1], ys[i-1:i+1], ref, f.X.Log)
			if len(cr) == 1 {
				add(cr[0], ref)
			}
			flush()
			if len(cr) == 1 {
				add(cr[0], ref)
			}
		}
		below = b
		add(xs[i], ys[i])
	}
	flush()
}

// errorBars draws simulated points with ± 1 standard-error bars.
func errorBars(c render.Canvas, f *plot.Frame, pts []Point, col color.RGBA) {
	for _, pt := range pts {
		x, y := f.PX(pt.X), f.PY(pt.Mean)
		if !render.Finite(x) || !render.Finite(y) || pt.Seeds == 0 {
			continue
		}
		if pt.Seeds >= 2 && render.Finite(pt.SE) && pt.SE > 0 {
			y0 := render.Clamp(f.PY(pt.Mean-pt.SE), f.Plot.Y, f.Plot.Bottom())
			y1 := render.Clamp(f.PY(pt.Mean+pt.SE), f.Plot.Y, f.Plot.Bottom())
			if render.Finite(y0) && render.Finite(y1) && f.Plot.Contains(x, f.Plot.CenterY()) {
				c.StrokeLine(x, y0, x, y1, 1.5, col)
				c.StrokeLine(x-3, y0, x+3, y0, 1.5, col)
				c.StrokeLine(x-3, y1, x+3, y1, 1.5, col)
			}
		}
		if f.Plot.Contains(x, y) {
			c.FillCircle(x, y, 3.6, col)
			c.FillCircle(x, y, 1.8, render.Panel)
		}
	}
}

// includePoints widens an axis to the simulated means and their bars.
func includePoints(a plot.Axis, pts []Point) plot.Axis {
	for _, pt := range pts {
		if pt.Seeds == 0 {
			continue
		}
		a = a.Include(pt.Mean)
		if pt.Seeds >= 2 {
			a = a.Include(pt.Mean-pt.SE, pt.Mean+pt.SE)
		}
	}
	return a
}

// legendAt puts the legend in the corner of the plot that covers the fewest of the given
// points (canvas coordinates), dropping the last entries when it would cover too much.
func legendAt(c render.Canvas, f *plot.Frame, entries []plot.LegendEntry, ptsX, ptsY []float64) {
	st := f.Style
	st.FontSize *= 0.92
	p := f.Plot
	for len(entries) > 0 {
		w, h := plot.LegendSize(c, entries, st)
		if w <= p.W*0.75 && h <= p.H*0.6 {
			const m = 4
			spots := [][2]float64{{p.Right() - w - m, p.Y + m}, {p.X + m, p.Y + m}, {p.Right() - w - m, p.Bottom() - h - m}, {p.X + m, p.Bottom() - h - m}}
			best, bestN := 0, math.MaxInt
			for k, sp := range spots {
				r := render.Rect{X: sp[0], Y: sp[1], W: w, H: h}
				cnt := 0
				for i := range min(len(ptsX), len(ptsY)) {
					if r.Contains(ptsX[i], ptsY[i]) {
						cnt++
					}
				}
				if cnt < bestN {
					best, bestN = k, cnt
				}
			}
			plot.Legend(c, spots[best][0], spots[best][1], entries, st)
			return
		}
		entries = entries[:len(entries)-1]
	}
}

// pixels maps a curve to canvas coordinates (for the legend's placement).
func pixels(f *plot.Frame, xs, ys []float64, px, py []float64) ([]float64, []float64) {
	for i := range min(len(xs), len(ys)) {
		px, py = append(px, f.PX(xs[i])), append(py, f.PY(ys[i]))
	}
	return px, py
}

// simPixels is pixels for simulated points.
func simPixels(f *plot.Frame, pts []Point, px, py []float64) ([]float64, []float64) {
	for _, pt := range pts {
		if pt.Seeds > 0 {
			px, py = append(px, f.PX(pt.X)), append(py, f.PY(pt.Mean))
		}
	}
	return px, py
}

// refLine draws a dashed reference level with its name at the left end of the plot, under
// the line (where the curves of this scene leave room), or above it at the bottom edge.
func refLine(c render.Canvas, f *plot.Frame, y float64, text string) {
	if !f.HLine(c, y, 1.25, colRef, true) {
		return
	}
	fs := f.Style.FontSize
	py := f.PY(y)
	ty := py + fs + 3
	if ty > f.Plot.Bottom()-2 {
		ty = py - 4
	}
	label(c, text, f.Plot.X+4, ty, fs, colRef, render.AlignLeft)
}

// critMark draws the critical similarity as a vertical line with its value.
func critMark(c render.Canvas, f *plot.Frame, rho float64, name string) {
	if !(rho >= 0 && rho <= 1) || !f.VLine(c, rho, 1.25, colCrit, true) {
		return
	}
	fs := f.Style.FontSize
	x := f.PX(rho)
	txt := name + " = " + render.Num(rho, 3)
	align, tx := render.AlignLeft, x+4
	if tx+c.TextWidth(txt, fs) > f.Plot.Right()-2 {
		align, tx = render.AlignRight, x-4
	}
	label(c, txt, tx, f.Plot.Bottom()-5, fs, colCrit, align)
}

// regions names the shaded areas between the curve (xs, ys) and the level ref: each stretch
// of x between crossings gets lossText (curve above ref, written above the line) or gainText
// (below, written under it) at its middle, where the words fit.
func regions(c render.Canvas, f *plot.Frame, xs, ys []float64, ref float64, lossText, gainText string) {
	n := min(len(xs), len(ys))
	if n < 2 || !render.Finite(ref) {
		return
	}
	fs := f.Style.FontSize
	cuts := append([]float64{xs[0]}, crossings(xs, ys, ref, f.X.Log)...)
	cuts = append(cuts, xs[n-1])
	py := f.PY(ref)
	for k := 0; k+1 < len(cuts); k++ {
		xa, xb := f.PX(cuts[k]), f.PX(cuts[k+1])
		if !render.Finite(xa) || !render.Finite(xb) {
			continue
		}
		xa, xb = math.Max(xa, f.Plot.X), math.Min(xb, f.Plot.Right())
		// The curve's side at the middle of the stretch.
		mid := (xa + xb) / 2
		above := false
		for i := 0; i+1 < n; i++ {
			x0, x1 := f.PX(xs[i]), f.PX(xs[i+1])
			if render.Finite(x0) && render.Finite(x1) && mid >= x0 && mid <= x1 {
				t := 0.0
				if x1 > x0 {
					t = (mid - x0) / (x1 - x0)
				}
				above = ys[i]+t*(ys[i+1]-ys[i]) > ref
				break
			}
		}
		txt, col, y := gainText, inkGain, py+fs+4
		if above {
			txt, col, y = lossText, inkLoss, py-6
		}
		if txt == "" || c.TextWidth(txt, fs)+8 > xb-xa || y-fs < f.Plot.Y || y > f.Plot.Bottom()-2 {
			continue
		}
		label(c, txt, mid, y, fs, col, render.AlignCenter)
	}
}

// drawTransfer draws the error on B after A then B (backward false) or on A (backward true)
// against rho, with its single-task reference.
func drawTransfer(c render.Canvas, r render.Rect, st plot.Style, v View, backward bool) *plot.Frame {
	if r.W <= 0 || r.H <= 0 {
		return nil
	}
	t := v.Transfer
	ys, ref, pts, col := t.Forward, t.EB, t.SimForward, colForward
	crit, has, critName := t.CritF, t.HasF, "ρ*"
	refName := "E_B: B learned alone"
	title := render.Pick(c, r.W, st.TitleSize, "Error on task B after learning A, then B", "Error on B after A, then B", "Task B after A → B")
	if backward {
		ys, ref, pts, col = t.Backward, t.EA, t.SimBackward, colBackward
		crit, has, critName = t.CritB, t.HasB, "ρ*_back"
		refName = "E_A: before learning B"
		title = render.Pick(c, r.W, st.TitleSize, "Error on task A after learning A, then B", "Error on A after A, then B", "Task A after A → B")
	}
	xa := plot.Axis{Label: "similarity ρ of the two targets", Min: -0.03, Max: 1.03}
	ya := plot.Linear("test error", ys).Include(ref)
	ya = includePoints(ya, pts)
	if backward {
		ya = ya.Include(t.SimEA.Mean)
	}
	ya = ya.Nice(6)
	f := plot.NewFrame(c, r, title, xa, ya, st)
	f.Draw(c)
	picked(c, f, v)
	shade(c, f, t.Rho, ys, ref)
	refLine(c, f, ref, refName)
	f.Line(c, t.Rho, ys, 2, col)
	if has {
		critMark(c, f, crit, critName)
	}
	// The marked similarity.
	if v.Rho >= 0 && v.Rho <= 1 {
		at := t.AtRho[0]
		if backward {
			at = t.AtRho[1]
		}
		x, y := f.PX(v.Rho), f.PY(at)
		if render.Finite(x) && render.Finite(y) && f.Plot.Contains(x, y) {
			c.FillCircle(x, y, 5.5, render.Ink)
			c.FillCircle(x, y, 3.5, render.Panel)
		}
	}
	errorBars(c, f, pts, render.Mix(col, render.Ink, 0.35))
	// Name the shaded regions (over the bars, on a patch, so the words stay readable).
	if backward {
		regions(c, f, t.Rho, ys, ref, "forgetting", "A improves")
	} else {
		regions(c, f, t.Rho, ys, ref, "negative transfer", "positive transfer")
	}
	px, py := pixels(f, t.Rho, ys, nil, nil)
	px, py = simPixels(f, pts, px, py)
	name := "theory E_A→B (replica)"
	simName := "simulation (mean ± 1 s.e.)"
	if backward {
		name = "theory E^back (replica)"
	}
	entries := []plot.LegendEntry{{Label: name, Color: col}}
	if len(pts) > 0 {
		entries = append(entries, plot.LegendEntry{Label: simName, Color: render.Mix(col, render.Ink, 0.35), Mark: plot.MarkRing})
	}
	if v.Rho >= 0 && v.Rho <= 1 {
		entries = append(entries, plot.LegendEntry{Label: "ρ = " + render.Num(v.Rho, 3) + ", in the readout", Color: render.Ink, Mark: plot.MarkRing})
	}
	legendAt(c, f, entries, px, py)
	return f
}

// drawSelf draws the error after A then B (same target) against N_B.
func drawSelf(c render.Canvas, r render.Rect, st plot.Style, v View) *plot.Frame {
	s := v.Self
	xa := plot.Log("samples N_B of the second task (log scale)", s.NB)
	// The range follows the continual curve, E_A and the joint fit; B alone (which starts near
	// the target's variance at one sample) leaves through the top rather than squash them.
	ya := plot.Linear("test error", s.E2, s.Joint).Include(s.EA)
	ya = includePoints(ya, s.Sim)
	if render.Finite(ya.Min) && render.Finite(ya.Max) {
		ya.Max += 0.6 * (ya.Max - ya.Min)
	}
	ya = ya.Nice(6)
	title := render.Pick(c, r.W, st.TitleSize, fmt.Sprintf("Same target: N_A = %d samples, then N_B more", v.NA), "Same target: A, then B", "A, then B")
	f := plot.NewFrame(c, r, title, xa, ya, st)
	f.Draw(c)
	picked(c, f, v)
	shade(c, f, s.NB, s.E2, s.EA)
	refLine(c, f, s.EA, fmt.Sprintf("E_A: after A alone (N_A = %d)", v.NA))
	f.Line(c, s.NB, s.Single, 1.5, colSingle)
	f.Line(c, s.NB, s.Joint, 1.75, colJoint)
	f.Line(c, s.NB, s.E2, 2, colForward)
	if cr := crossings(s.NB, s.E2, s.EA, true); len(cr) == 1 && f.VLine(c, cr[0], 1.25, colCrit, true) {
		label(c, "N_B ≈ "+render.Num(cr[0], 2), f.PX(cr[0])+4, f.Plot.Bottom()-5, st.FontSize, colCrit, render.AlignLeft)
	}
	errorBars(c, f, s.Sim, render.Mix(colForward, render.Ink, 0.35))
	regions(c, f, s.NB, s.E2, s.EA, "forgetting", "transfer")
	px, py := pixels(f, s.NB, s.E2, nil, nil)
	px, py = pixels(f, s.NB, s.Single, px, py)
	px, py = pixels(f, s.NB, s.Joint, px, py)
	px, py = simPixels(f, s.Sim, px, py)
	entries := []plot.LegendEntry{
		{Label: "A, then B (theory)", Color: colForward},
		{Label: "simulation (mean ± 1 s.e.)", Color: render.Mix(colForward, render.Ink, 0.35), Mark: plot.MarkRing},
		{Label: "B alone, from zero", Color: colSingle},
		{Label: "A and B together (joint)", Color: colJoint},
	}
	if len(s.Sim) == 0 {
		entries = append(entries[:1], entries[2:]...)
	}
	legendAt(c, f, entries, px, py)
	return f
}

// multiRange is the shared y range of the multi-task panels, so that the splits compare.
func multiRange(v View) (lo, hi float64) {
	a := plot.Linear("")
	for _, sp := range v.Multi {
		a = a.Include(sp.E...).Include(sp.Bias...).Include(sp.Variance...)
		a = includePoints(a, sp.Sim)
	}
	a = a.Include(0).Nice(6)
	return a.Min, a.Max
}

// drawMulti draws one split: E_n, Bias_n and Variance_n against the task number n.
func drawMulti(c render.Canvas, r render.Rect, st plot.Style, v View, sp Split, lo, hi float64) *plot.Frame {
	n := len(sp.E)
	if n == 0 || r.W <= 0 || r.H <= 0 {
		return nil
	}
	ns := make([]float64, n)
	for i := range ns {
		ns[i] = float64(i + 1)
	}
	xa := plot.Axis{Label: "task n", Min: 0.6, Max: float64(n) + 0.4}
	if n == 1 {
		xa.Min, xa.Max = 0.5, 1.5
	}
	ya := plot.Axis{Label: "test error after task n", Min: lo, Max: hi}
	f := plot.NewFrame(c, r, render.Pick(c, r.W, st.TitleSize, sp.Title, sp.ShortTitle), xa, ya, st)
	// Whole task numbers only, thinned on a narrow plot.
	step := 1
	for float64(n)/float64(step)*st.FontSize*2.5 > f.Plot.W && step < n {
		step++
	}
	var ticks []plot.Tick
	for k := 1; k <= n; k++ {
		ticks = append(ticks, plot.Tick{Value: float64(k), Label: strconv.Itoa(k), Major: (k-1)%step == 0})
	}
	f.SetXTicks(ticks)
	f.Draw(c)
	picked(c, f, v)
	f.Line(c, ns, sp.Variance, 1.75, colVariance)
	f.Points(c, ns, sp.Variance, 2.5, colVariance)
	f.Line(c, ns, sp.Bias, 1.75, colBias)
	f.Points(c, ns, sp.Bias, 2.5, colBias)
	f.Line(c, ns, sp.E, 2, colForward)
	f.Points(c, ns, sp.E, 3, colForward)
	errorBars(c, f, sp.Sim, render.Mix(colForward, render.Ink, 0.35))
	px, py := pixels(f, ns, sp.E, nil, nil)
	px, py = pixels(f, ns, sp.Bias, px, py)
	px, py = pixels(f, ns, sp.Variance, px, py)
	entries := []plot.LegendEntry{
		{Label: "error E_n (theory)", Color: colForward},
		{Label: "simulation (mean ± 1 s.e.)", Color: render.Mix(colForward, render.Ink, 0.35), Mark: plot.MarkRing},
		{Label: "bias (theory)", Color: colBias},
		{Label: "variance (theory)", Color: colVariance},
	}
	if len(sp.Sim) == 0 {
		// Theory only (View.Note says why): no simulation in the legend.
		entries = append(entries[:1], entries[2:]...)
	}
	legendAt(c, f, entries, px, py)
	return f
}

// pm writes a simulated value as mean ± standard error (or a dash before the first seed).
func pm(pt Point) string {
	if pt.Seeds == 0 || !render.Finite(pt.Mean) {
		return render.Dash
	}
	if pt.Seeds < 2 || !render.Finite(pt.SE) {
		return num(pt.Mean)
	}
	return num(pt.Mean) + " ± " + render.Num(pt.SE, 2)
}

// at returns the simulated point at x, or an empty one.
func at(pts []Point, x float64) Point {
	for _, p := range pts {
		if math.Abs(p.X-x) < 1e-9 {
			return p
		}
	}
	return Point{Mean: math.NaN(), SE: math.NaN()}
}

// readoutRows are the numbers under the plots: theory and simulation side by side.
func readoutRows(v View) []plot.ReadoutRow {
	seeds := plot.ReadoutRow{Name: "seeds", Value: fmt.Sprintf("%d / %d", v.SeedsDone, v.Seeds), Highlight: v.Converged}
	kernel := plot.ReadoutRow{Name: "kernel", Value: fmt.Sprintf("ReLU NTK, L = %d, D = %d", v.L, v.D)}
	switch v.Kind {
	case "transfer":
		t := v.Transfer
		crit := func(has bool, r float64) string {
			if !has {
				return render.Dash
			}
			return render.Num(r, 4)
		}
		rho, rhoName, thF, thB := v.Rho, "marked ρ", t.AtRho[0], t.AtRho[1]
		if v.Picked && render.Finite(v.Pick) {
			rho, rhoName = v.Pick, "picked ρ"
			thF, thB = at(t.SimForward, rho).Theory, at(t.SimBackward, rho).Theory
		}
		return []plot.ReadoutRow{
			{Name: rhoName, Value: render.Num(rho, 3)},
			{Name: "samples", Value: fmt.Sprintf("N_A = %d, N_B = %d", v.NA, v.NB)},
			{Name: "E_A→B theory", Value: num(thF)},
			{Name: "E_A→B sim", Value: pm(at(t.SimForward, rho))},
			{Name: "E^back theory", Value: num(thB)},
			{Name: "E^back sim", Value: pm(at(t.SimBackward, rho))},
			{Name: "E_A theory / sim", Value: num(t.EA) + " / " + pm(t.SimEA)},
			{Name: "E_B theory", Value: num(t.EB)},
			{Name: "critical ρ forward", Value: crit(t.HasF, t.CritF)},
			{Name: "critical ρ backward", Value: crit(t.HasB, t.CritB)},
			kernel, seeds,
		}
	case "self":
		s := v.Self
		crit := render.Dash
		if cr := crossings(s.NB, s.E2, s.EA, true); len(cr) == 1 {
			crit = render.Num(cr[0], 3)
		}
		nb := float64(v.NB)
		if v.Picked && render.Finite(v.Pick) {
			nb = v.Pick
		}
		p := at(s.Sim, nb)
		return []plot.ReadoutRow{
			{Name: "E_A (N_A = " + strconv.Itoa(v.NA) + ")", Value: num(s.EA)},
			{Name: "N_B where E = E_A", Value: crit},
			{Name: "A then B at N_B = " + render.Num(nb, 4), Value: num(p.Theory)},
			{Name: "simulated at N_B = " + render.Num(nb, 4), Value: pm(p)},
			kernel, seeds,
		}
	case "multi":
		var rows []plot.ReadoutRow
		for _, sp := range v.Multi {
			n := len(sp.E)
			if n == 0 {
				continue
			}
			k := n - 1
			if v.Picked && v.Pick >= 1 && int(v.Pick) <= n {
				k = int(v.Pick) - 1
			}
			last := Point{Mean: math.NaN()}
			if k < len(sp.Sim) {
				last = sp.Sim[k]
			}
			rows = append(rows,
				plot.ReadoutRow{Name: sp.Tag + ": E_" + strconv.Itoa(k+1), Value: num(sp.E[k]) + " / sim " + pm(last)},
				plot.ReadoutRow{Name: sp.Tag + ": bias, variance", Value: num(sp.Bias[k]) + ", " + num(sp.Variance[k])})
		}
		return append(rows, kernel, seeds)
	}
	return nil
}
