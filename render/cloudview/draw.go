package cloudview

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"solvable/render"
	"solvable/render/scene"
)

// Colours: A blue, B orange (the palette's colour-blind-safe pair), lines in ink blended
// towards the plot background by hand, so the picture is the same on backends without alpha
// and crossing lines do not darken each other.
var (
	ColorA    = render.Blue
	ColorB    = render.Orange
	lineInk   = render.Ink
	exactInk  = render.Green
	dragColor = render.Highlight
)

// LineThreshold is the smallest P_ij / max P drawn: entries below 1% of the largest would be
// lighter than the grid and only cost time (a 200 x 200 plan has 40 000 of them).
const LineThreshold = 0.01

// MaxLines caps the lines drawn per frame: the strongest MaxLines entries above the threshold.
// A blurry plan on two clouds of 200 points has tens of thousands above 1%, which would make
// each frame slow while adding nothing but grey; the key says when the cap applies.
const MaxLines = 2500

// Draw paints the scene for v over the whole canvas; a view with an error gets the sentence.
func Draw(c render.Canvas, v View) {
	w, h, ok := scene.Begin(c)
	if !ok {
		return
	}
	g := Layout(w, h, v)
	if g.HasMessage {
		scene.Message(c, g.Message, g.FS, "This problem cannot be shown", message(v))
		return
	}
	drawHeader(c, g, v)
	g.Plane.Draw(c)
	drawLines(c, g, v)
	drawPoints(c, g, v)
	drawLegend(c, g, v)
	drawToggle(c, g, v)
	drawReadout(c, g, v)
	_, _, capped := Segments(v)
	drawKey(c, g, capped)
}

// drawKey explains line darkness: sample lines at a few values of P_ij / max P.
func drawKey(c render.Canvas, g Geometry, capped bool) {
	r := g.Key
	if r.W <= 0 || r.H <= 0 {
		return
	}
	fs := g.FS * 0.9
	lh := render.LineHeight(fs)
	y := r.Y + fs
	c.Text("Line darkness = P_ij / max P", r.X, y, fs, render.Ink, render.AlignLeft)
	y += lh * 0.7
	ts := []float64{0.01, 0.1, 0.25, 0.5, 1}
	step := (r.W - fs) / float64(len(ts))
	for k, t := range ts {
		x := r.X + float64(k)*step
		c.StrokeLine(x+2, y+lh*1.4, x+step-fs*0.6, y+lh*0.2, 0.7+1.6*t, LineColor(t))
		c.Text(render.Num(100*t, 2)+"%", x+2, y+lh*2.4, fs, render.Muted, render.AlignLeft)
	}
	y += lh * 3.6
	note := "Lines under 1% of the largest entry are not drawn."
	if capped {
		note = fmt.Sprintf("Only the %d strongest lines are drawn; lines under 1%% of the largest entry never are.", MaxLines)
	}
	for _, s := range render.Wrap(c, note, fs, r.W) {
		if y > r.Bottom() {
			break
		}
		c.Text(s, r.X, y, fs, render.Muted, render.AlignLeft)
		y += lh
	}
}

// Segments lists the plan entries drawn, lightest first, as flat indices i*len(B)+j with
// t = P_ij / max P: drawing in this order puts the strong lines on top. capped reports that
// entries above the threshold were left out to stay within MaxLines.
func Segments(v View) (idx []int, t []float64, capped bool) {
	na, nb := len(v.A), len(v.B)
	if len(v.Plan) != na*nb || na == 0 || nb == 0 {
		return nil, nil, false
	}
	mx := 0.0
	for _, p := range v.Plan {
		if render.Finite(p) && p > mx {
			mx = p
		}
	}
	if !(mx > 0) {
		return nil, nil, false
	}
	for k, p := range v.Plan {
		if render.Finite(p) && p/mx >= LineThreshold {
			idx = append(idx, k)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return v.Plan[idx[a]] < v.Plan[idx[b]] })
	if len(idx) > MaxLines {
		idx, capped = idx[len(idx)-MaxLines:], true
	}
	t = make([]float64, len(idx))
	for k, i := range idx {
		t[k] = v.Plan[i] / mx
	}
	return idx, t, capped
}

// LineColor is the colour of a line carrying t = P_ij / max P: the background at t = 0, full
// ink at t = 1, linear in between (opacity t, composited by hand).
func LineColor(t float64) color.RGBA { return render.Mix(render.Panel, lineInk, t) }

func drawLines(c render.Canvas, g Geometry, v View) {
	nb := len(v.B)
	p := g.Plane.Plot
	idx, ts, _ := Segments(v)
	for k, e := range idx {
		i, j := e/nb, e%nb
		x0, y0, x1, y1 := g.PX(v.A[i][0]), g.PY(v.A[i][1]), g.PX(v.B[j][0]), g.PY(v.B[j][1])
		if x0, y0, x1, y1, ok := clip(x0, y0, x1, y1, p); ok {
			c.StrokeLine(x0, y0, x1, y1, 0.7+1.6*ts[k], LineColor(ts[k]))
		}
	}
	if v.ShowExact {
		for _, l := range v.Exact {
			if l.I < 0 || l.I >= len(v.A) || l.J < 0 || l.J >= nb {
				continue
			}
			x0, y0, x1, y1 := g.PX(v.A[l.I][0]), g.PY(v.A[l.I][1]), g.PX(v.B[l.J][0]), g.PY(v.B[l.J][1])
			if x0, y0, x1, y1, ok := clip(x0, y0, x1, y1, p); ok {
				render.DashedLine(c, x0, y0, x1, y1, 1.6, 5, 3, exactInk)
			}
		}
	}
}

// clip keeps the part of a segment inside r (Liang-Barsky).
func clip(x0, y0, x1, y1 float64, r render.Rect) (float64, float64, float64, float64, bool) {
	if !render.Finite(x0) || !render.Finite(y0) || !render.Finite(x1) || !render.Finite(y1) {
		return 0, 0, 0, 0, false
	}
	t0, t1 := 0.0, 1.0
	dx, dy := x1-x0, y1-y0
	for _, e := range [][2]float64{{-dx, x0 - r.X}, {dx, r.Right() - x0}, {-dy, y0 - r.Y}, {dy, r.Bottom() - y0}} {
		pp, q := e[0], e[1]
		if pp == 0 {
			if q < 0 {
				return 0, 0, 0, 0, false
			}
			continue
		}
		s := q / pp
		if pp < 0 {
			t0 = math.Max(t0, s)
		} else {
			t1 = math.Min(t1, s)
		}
	}
	if t0 > t1 {
		return 0, 0, 0, 0, false
	}
	return x0 + t0*dx, y0 + t0*dy, x0 + t1*dx, y0 + t1*dy, true
}

// marker draws one point: a filled disc with a light rim for A, a ring for B.
func marker(c render.Canvas, side Side, x, y, r float64) {
	switch side {
	case SideA:
		c.FillCircle(x, y, r+1.2, render.Panel)
		c.FillCircle(x, y, r, ColorA)
	case SideB:
		c.FillCircle(x, y, r+1.2, render.Panel)
		c.FillCircle(x, y, r+0.6, ColorB)
		c.FillCircle(x, y, math.Max(r-1.8, 1), render.Panel)
	}
}

func drawPoints(c render.Canvas, g Geometry, v View) {
	p := g.Plane.Plot
	for _, s := range []struct {
		side Side
		pts  []Point
	}{{SideA, v.A}, {SideB, v.B}} {
		for i, q := range s.pts {
			x, y := g.PX(q[0]), g.PY(q[1])
			if !render.Finite(x) || !render.Finite(y) || !p.Inset(-g.R, -g.R, -g.R, -g.R).Contains(x, y) {
				continue
			}
			r := g.R
			if v.DragSide == s.side && v.DragIndex == i {
				c.FillCircle(x, y, r*2.6, dragColor)
				r *= 1.35
			}
			marker(c, s.side, x, y, r)
		}
	}
}

// drawLegend is one line under the plane: the two markers with their counts, and the exact
// plan's dashes when shown.
func drawLegend(c render.Canvas, g Geometry, v View) {
	fs := g.FS * 0.95
	r := g.Legend
	y := render.Baseline(r.CenterY()+2, fs)
	x := g.Plane.Plot.X
	item := func(side Side, text string) {
		marker(c, side, x+g.R, r.CenterY()+2, g.R)
		c.Text(text, x+2*g.R+fs*0.4, y, fs, render.Ink, render.AlignLeft)
		x += 2*g.R + fs*0.4 + c.TextWidth(text, fs) + fs*1.2
	}
	item(SideA, fmt.Sprintf("A: %d points", len(v.A)))
	item(SideB, fmt.Sprintf("B: %d points", len(v.B)))
	if v.ShowExact && len(v.Exact) > 0 {
		text := "exact plan (λ = 0)"
		if x+fs*2.4+c.TextWidth(text, fs) <= r.Right() {
			render.DashedLine(c, x, r.CenterY()+2, x+fs*1.8, r.CenterY()+2, 1.6, 5, 3, exactInk)
			c.Text(text, x+fs*2.2, y, fs, render.Ink, render.AlignLeft)
		}
	}
}

func drawToggle(c render.Canvas, g Geometry, v View) {
	fs := g.FS
	full := v.MaxPoints > 0
	ly := render.Baseline(g.ButtonA.CenterY(), fs)
	if g.ToggleStacked {
		ly = g.Toggle.Y + fs
	}
	c.Text(toggleLabel, g.Toggle.X, ly, fs, render.Muted, render.AlignLeft)
	for _, b := range []struct {
		side  Side
		r     render.Rect
		label string
		n     int
	}{{SideA, g.ButtonA, "cloud A", len(v.A)}, {SideB, g.ButtonB, "cloud B", len(v.B)}} {
		on := v.AddTo == b.side
		back, edge, ink := render.Panel, render.Frame, render.Muted
		if on {
			back, edge, ink = render.Mix(render.White, colorOf(b.side), 0.14), colorOf(b.side), render.Ink
		}
		c.FillRect(b.r.X, b.r.Y, b.r.W, b.r.H, back)
		width := 1.0
		if on {
			width = 2
		}
		c.StrokeRect(b.r.X, b.r.Y, b.r.W, b.r.H, width, edge)
		marker(c, b.side, b.r.X+fs*0.5+g.R, b.r.CenterY(), g.R)
		label := b.label
		if full && b.n >= v.MaxPoints {
			label += " (full)"
		}
		label = render.Ellipsize(c, label, fs, b.r.W-fs*1.2-2*g.R)
		c.Text(label, b.r.X+fs*0.9+2*g.R, render.Baseline(b.r.CenterY(), fs), fs, ink, render.AlignLeft)
	}
}

func colorOf(s Side) color.RGBA {
	if s == SideB {
		return ColorB
	}
	return ColorA
}
