package dlnview

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"solvable/render"
	"solvable/render/plot"
)

// maxShown bounds the coordinates drawn in colour; more would not be told apart.
const maxShown = 12

// fewOthers is the number of remaining coordinates up to which each is drawn as a faint
// line; more are summarised by the band from their smallest to their largest value.
const fewOthers = 40

var (
	otherInk  = render.Mix(render.Grey, render.White, 0.55) // faint lines of the other coordinates
	otherBand = render.WithAlpha(render.Grey, 0.22)         // their band
)

// shownList returns the valid, distinct indices of ShownIndex (at most maxShown) and a
// mask over the D coordinates marking them.
func shownList(v View) ([]int, []bool) {
	mask := make([]bool, max(v.D, 0))
	var out []int
	for _, i := range v.ShownIndex {
		if i >= 0 && i < v.D && !mask[i] && len(out) < maxShown {
			mask[i] = true
			out = append(out, i)
		}
	}
	return out, mask
}

// subscript writes a coordinate's 1-based number as subscript digits: β₁₂.
func subscript(i int) string {
	var b strings.Builder
	for _, r := range strconv.Itoa(i) {
		if r >= '0' && r <= '9' {
			b.WriteRune('₀' + (r - '0'))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// coefSamples is how many history samples there are (the shorter of times and vectors).
func coefSamples(v View) int { return min(len(v.HistTime), len(v.HistBeta)) }

// othersRange returns, per sample, the smallest and largest value of the coordinates not
// shown, for the band; nil when every coordinate is shown or there are few enough others to
// draw one by one.
func othersRange(v View, shown []int, others int) (lo, hi []float64) {
	if others <= fewOthers {
		return nil, nil
	}
	// Scan each row in the stretches between the shown indices, so the inner loop is a
	// plain min/max with no per-entry test: this is most of a large frame's work.
	cuts := append([]int(nil), shown...)
	sort.Ints(cuts)
	n := coefSamples(v)
	lo, hi = make([]float64, n), make([]float64, n)
	for s := range n {
		row := v.HistBeta[s]
		a, b := math.Inf(1), math.Inf(-1)
		start := 0
		for k := 0; k <= len(cuts); k++ {
			end := len(row)
			if k < len(cuts) {
				end = min(cuts[k], len(row))
			}
			if start < end {
				lo, hi := minMax(row[start:end])
				a, b = math.Min(a, lo), math.Max(b, hi)
			}
			if k < len(cuts) {
				start = cuts[k] + 1
			}
		}
		if a > b || math.IsInf(a, 0) || math.IsInf(b, 0) {
			a, b = math.NaN(), math.NaN()
		}
		lo[s], hi[s] = a, b
	}
	return lo, hi
}

// minMax is the smallest and largest entry of xs, NaN skipped (±Inf when none). Two
// independent running pairs halve the dependency chain, which matters most in wasm, where
// this loop over every coordinate of every sample is the bulk of a large frame.
func minMax(xs []float64) (lo, hi float64) {
	a0, a1, b0, b1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	i := 0
	for ; i+1 < len(xs); i += 2 {
		x, y := xs[i], xs[i+1]
		// NaN fails every comparison and is skipped.
		if x < a0 {
			a0 = x
		}
		if x > b0 {
			b0 = x
		}
		if y < a1 {
			a1 = y
		}
		if y > b1 {
			b1 = y
		}
	}
	if i < len(xs) {
		if x := xs[i]; x < a0 {
			a0 = x
		} else if x > b0 {
			b0 = x
		}
	}
	return math.Min(a0, a1), math.Max(b0, b1)
}

// drawCoef draws β_i(t) for the shown coordinates, the others faint or as a band, and each
// shown coordinate's limit (bar) and teacher value (circle) in a gutter at the right.
func drawCoef(c render.Canvas, g Geometry, v View) {
	r := g.Coef
	if r.W < 80 || r.H < 60 {
		return
	}
	fs := g.FS * 0.9
	st := plot.DefaultStyle(fs)
	shown, mask := shownList(v)
	others := max(v.D-len(shown), 0)
	n := coefSamples(v)
	lo, hi := othersRange(v, shown, others)

	// Axes: time as it is (linear, so plateaus show as flat stretches of their true length),
	// values padded to round ticks and always including 0.
	xa := plot.Linear(timeAxisName(v), v.HistTime[:n])
	ya := plot.Linear("β_i").Include(0)
	for s := range n {
		row := v.HistBeta[s]
		if lo == nil {
			ya = ya.Include(row...)
			continue
		}
		ya = ya.Include(lo[s], hi[s])
		for _, i := range shown {
			ya = ya.Include(at(row, i))
		}
	}
	for _, i := range shown {
		ya = ya.Include(at(v.Oracle, i), at(v.Teacher, i))
	}
	if ya.Max > ya.Min {
		pad := 0.04 * (ya.Max - ya.Min)
		ya.Min, ya.Max = ya.Min-pad, ya.Max+pad
	}
	gutter := gutterWidth(c, v, shown, fs)
	outer := r.Inset(0, 0, gutter, 0)
	f := plot.NewFrame(c, outer, coefTitle(c, outer.W, st), xa, ya.Nice(tickCount(r.H, fs)), st)
	f.Draw(c)
	if n == 0 {
		c.Text("no samples yet", f.Plot.CenterX(), render.Baseline(f.Plot.Y+f.Plot.H*0.25, fs), fs, render.Muted, render.AlignCenter)
	}
	if zy := f.PY(0); zy > f.Plot.Y && zy < f.Plot.Bottom() {
		c.StrokeLine(f.Plot.X, zy, f.Plot.Right(), zy, 1, render.Frame)
	}
	// The others first, underneath.
	switch {
	case lo != nil:
		f.Band(c, n, func(s int) (float64, float64, float64) { return v.HistTime[s], lo[s], hi[s] }, otherBand)
	case others > 0:
		for j := 0; j < v.D; j++ {
			if mask[j] {
				continue
			}
			f.LineFunc(c, n, func(s int) (float64, float64) { return v.HistTime[s], at(v.HistBeta[s], j) }, 1, otherInk)
		}
	}
	for k, i := range shown {
		f.LineFunc(c, n, func(s int) (float64, float64) { return v.HistTime[s], at(v.HistBeta[s], i) }, 2, render.SeriesColor(k))
	}
	if n > 0 {
		for k, i := range shown {
			x, y := f.PX(v.HistTime[n-1]), f.PY(at(v.HistBeta[n-1], i))
			if f.Plot.Contains(x, y) {
				dot(c, x, y, 3, render.SeriesColor(k))
			}
		}
	}
	drawGutter(c, f, v, shown, fs)
	drawCoefKey(c, f, v, others, lo != nil, shown, fs)
}

// tickCount is about how many round values a value axis of the given height can label
// without crowding (NewFrame thins further when needed).
func tickCount(h, fs float64) int { return max(3, min(int(h/(3.2*fs)), 10)) }

// timeAxisName labels the time axis.
func timeAxisName(v View) string {
	if v.TimeLabel == "steps" {
		return "steps"
	}
	return "time t"
}

func coefTitle(c render.Canvas, w float64, st plot.Style) string {
	for _, t := range []string{"coefficients β_i against time", "coefficients β_i(t)", "β_i(t)"} {
		if c.TextWidth(t, st.TitleSize) <= w {
			return t
		}
	}
	return ""
}

// gutterWidth is the room at the right of the coefficient plot for the limit bars, the
// teacher circles and the coordinate labels.
func gutterWidth(c render.Canvas, v View, shown []int, fs float64) float64 {
	lab := 0.0
	for _, i := range shown {
		lab = math.Max(lab, c.TextWidth("β"+subscript(i+1), fs))
	}
	return fs*0.4 + fs*1.2 + fs*0.3 + fs*0.9 + fs*0.4 + lab + 2
}

// drawGutter marks, right of the plot, each shown coordinate's limit β*_i as a short bar and
// the teacher's value as a circle, at their heights on the plot's scale, and names the
// coordinate next to them in its colour.
func drawGutter(c render.Canvas, f *plot.Frame, v View, shown []int, fs float64) {
	p := f.Plot
	barX := p.Right() + fs*0.4
	ringX := barX + fs*1.2 + fs*0.3 + fs*0.45
	labX := ringX + fs*0.45 + fs*0.4
	want := make([]float64, len(shown))
	for k, i := range shown {
		col := render.SeriesColor(k)
		y := f.PY(at(v.Oracle, i))
		inside := func(y float64) bool { return !math.IsNaN(y) && y >= p.Y-0.5 && y <= p.Bottom()+0.5 }
		if inside(y) {
			c.StrokeLine(barX, y, barX+fs*1.2, y, 3, col)
		}
		ty := f.PY(at(v.Teacher, i))
		if inside(ty) {
			ring(c, ringX, ty, fs*0.42, 1.75, col)
		}
		// The label goes at the limit's height, or the teacher's, or the last value's.
		switch {
		case inside(y):
			want[k] = y
		case inside(ty):
			want[k] = ty
		default:
			if n := coefSamples(v); n > 0 {
				want[k] = f.PY(at(v.HistBeta[n-1], i))
			} else {
				want[k] = math.NaN()
			}
			if !inside(want[k]) {
				want[k] = math.NaN()
			}
		}
	}
	ys := plot.Spread(want, fs*1.05, p.Y+fs*0.5, p.Bottom()-fs*0.3)
	for k, i := range shown {
		if math.IsNaN(ys[k]) || ys[k] > p.Bottom()+fs {
			continue
		}
		c.Text("β"+subscript(i+1), labX, render.Baseline(ys[k], fs), fs, render.SeriesColor(k), render.AlignLeft)
	}
}

// coefKey explains the marks in the gutter and the grey lines or band.
func coefKey(v View, shown []int, others int, band bool) []plot.LegendEntry {
	var e []plot.LegendEntry
	if len(v.Oracle) > 0 && len(shown) > 0 {
		e = append(e, plot.LegendEntry{Label: "limit β* = argmin " + qName(v) + " (bars at right)", Color: render.Ink, Mark: plot.MarkLine})
	}
	if len(v.Teacher) > 0 && len(shown) > 0 {
		e = append(e, plot.LegendEntry{Label: "teacher's value (circles at right)", Color: render.Ink, Mark: plot.MarkRing})
	}
	if others > 0 {
		word := "coordinates"
		if others == 1 {
			word = "coordinate"
		}
		if band {
			e = append(e, plot.LegendEntry{Label: "the other " + itoa(others) + " " + word + ": their range", Color: otherBand, Mark: plot.MarkFill})
		} else {
			e = append(e, plot.LegendEntry{Label: "the other " + itoa(others) + " " + word, Color: otherInk, Mark: plot.MarkLine})
		}
	}
	return e
}

// drawCoefKey draws the key in the plot corner with the fewest curve points under it.
func drawCoefKey(c render.Canvas, f *plot.Frame, v View, others int, band bool, shown []int, fs float64) {
	entries := coefKey(v, shown, others, band)
	if len(entries) == 0 {
		return
	}
	st := plot.DefaultStyle(fs * 0.95)
	w, h := plot.LegendSize(c, entries, st)
	p := f.Plot
	for w > p.W-8 && st.FontSize > 8 {
		st.FontSize -= 0.5
		w, h = plot.LegendSize(c, entries, st)
	}
	if w > p.W-8 || h > p.H*0.45 {
		return
	}
	corners := [][2]float64{{p.X + 4, p.Y + 4}, {p.X + 4, p.Bottom() - h - 4}, {p.Right() - w - 4, p.Bottom() - h - 4}, {p.Right() - w - 4, p.Y + 4}}
	best, bestCount := 0, math.MaxInt
	n := coefSamples(v)
	step := max(n/150, 1)
	for k, q := range corners {
		box := render.Rect{X: q[0], Y: q[1], W: w, H: h}
		count := 0
		for s := 0; s < n; s += step {
			x := f.PX(v.HistTime[s])
			if !(x >= box.X && x <= box.Right()) {
				continue
			}
			for _, i := range shown {
				if box.Contains(x, f.PY(at(v.HistBeta[s], i))) {
					count += 4 // the coloured curves matter most
				}
			}
			if !band {
				for _, val := range v.HistBeta[s] {
					if box.Contains(x, f.PY(val)) {
						count++
					}
				}
			}
		}
		if count < bestCount {
			best, bestCount = k, count
		}
	}
	plot.Legend(c, corners[best][0], corners[best][1], entries, st)
}

// drawLoss draws the loss against time on a log axis.
func drawLoss(c render.Canvas, g Geometry, v View) {
	r := g.Loss
	if r.W < 60 || r.H < 50 {
		return
	}
	fs := g.FS * 0.85
	st := plot.DefaultStyle(fs)
	n := min(len(v.HistTime), len(v.HistLoss))
	xa := plot.Linear(timeAxisName(v), v.HistTime[:n])
	ya := plot.Log("", v.HistLoss[:n]).Include(v.Loss)
	// The loss falls to round-off once converged: show at most 14 decades below its top.
	if ya.Max > 0 && ya.Min < ya.Max*1e-14 {
		ya.Min = ya.Max * 1e-14
	}
	title := "loss (log scale)"
	if c.TextWidth(title, st.TitleSize) > r.W {
		title = "loss"
	}
	f := plot.NewFrame(c, r, title, xa, ya.Nice(5), st)
	f.Draw(c)
	if n == 0 {
		c.Text("no samples yet", f.Plot.CenterX(), render.Baseline(f.Plot.CenterY(), fs), fs, render.Muted, render.AlignCenter)
		return
	}
	f.Line(c, v.HistTime[:n], v.HistLoss[:n], 1.75, render.Ink)
	if x, y := f.PX(v.HistTime[n-1]), f.PY(v.HistLoss[n-1]); f.Plot.Contains(x, y) {
		dot(c, x, y, 3, render.Ink)
	}
}

// drawAlphaEff draws the effective α of each coordinate, √(w₊w₋), on a log axis against the
// coordinate's number, with the starting α as a dashed line: the flow keeps every
// coordinate on it; finite steps, SGD noise and gradient regularisation pull them below.
func drawAlphaEff(c render.Canvas, g Geometry, v View) {
	r := g.AlphaEff
	if r.W < 60 || r.H < 50 {
		return
	}
	fs := g.FS * 0.85
	st := plot.DefaultStyle(fs)
	d := len(v.AlphaEff)
	// Few coordinates: room either side so the end dots are not on the frame, and whole
	// numbers as ticks.
	xa := plot.Linear("coordinate i").Include(0, float64(d+1))
	if d >= 20 {
		xa = plot.Linear("coordinate i").Include(1, float64(d)).Nice(5)
	}
	ya := plot.Log("", v.AlphaEff).Include(v.Alpha)
	title := ""
	for _, t := range []string{"effective α per coordinate, √(w₊w₋)", "effective α per coordinate", "effective α"} {
		if c.TextWidth(t, st.TitleSize) <= r.W {
			title = t
			break
		}
	}
	f := plot.NewFrame(c, r, title, xa, ya.Nice(4), st)
	f.Draw(c)
	if positive(v.Alpha) && f.HLine(c, v.Alpha, 1.25, render.Muted, true) {
		// Above the line, or below it when the line runs along the top.
		y := f.PY(v.Alpha) - 4
		if y-fs < f.Plot.Y {
			y += fs + 6
		}
		backedText(c, "α = "+render.Num(v.Alpha, 3), f.Plot.Right()-3, y, fs, render.Muted, render.AlignRight)
	}
	if d == 0 {
		return
	}
	if d <= 60 {
		f.Points(c, oneBased(d), v.AlphaEff, 2, render.Grey)
	} else {
		f.LineFunc(c, d, func(i int) (float64, float64) { return float64(i + 1), v.AlphaEff[i] }, 1, render.Grey)
	}
	shown, _ := shownList(v)
	for k, i := range shown {
		if x, y := f.PX(float64(i+1)), f.PY(at(v.AlphaEff, i)); f.Plot.Contains(x, y) {
			dot(c, x, y, 3, render.SeriesColor(k))
		}
	}
}

// oneBased is 1, 2, ..., d.
func oneBased(d int) []float64 {
	xs := make([]float64, d)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	return xs
}
