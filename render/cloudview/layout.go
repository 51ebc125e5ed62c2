package cloudview

import (
	"image/color"
	"math"

	"solvable/render"
	"solvable/render/plot"
	"solvable/render/scene"
)

// Geometry is where each part of the scene goes for one canvas size and view.
type Geometry struct {
	W, H float64
	FS   float64
	Pad  float64
	Wide bool

	Message    render.Rect
	HasMessage bool

	Header  render.Rect
	Plane   *plot.Frame // the equal-aspect plot of the plane
	Legend  render.Rect // one line under the plane
	Toggle  render.Rect // "click adds to" and the two buttons
	ButtonA render.Rect
	ButtonB render.Rect
	Readout render.Rect
	// ToggleStacked: the "click adds to" label sits above the buttons.
	ToggleStacked bool
	Key           render.Rect // what line darkness means (wide layout only; zero otherwise)
	R             float64     // point radius, px
}

// charW is the advance of an average character as a fraction of the font size (Go Regular
// digits are 0.57 em), used where Layout must size text without a canvas.
const charW = 0.6

// estimator is a canvas that only measures, by charW: Layout uses it so that the simulator's
// hit tests see the very frame that Draw draws.
type estimator struct{ w, h float64 }

func (e estimator) Size() (float64, float64)                                   { return e.w, e.h }
func (estimator) FillRect(_, _, _, _ float64, _ color.RGBA)                    {}
func (estimator) StrokeRect(_, _, _, _, _ float64, _ color.RGBA)               {}
func (estimator) StrokeLine(_, _, _, _, _ float64, _ color.RGBA)               {}
func (estimator) Polyline(_, _ []float64, _ float64, _ color.RGBA)             {}
func (estimator) FillCircle(_, _, _ float64, _ color.RGBA)                     {}
func (estimator) FillPolygon(_, _ []float64, _ color.RGBA)                     {}
func (estimator) Text(_ string, _, _, _ float64, _ color.RGBA, _ render.Align) {}
func (estimator) TextWidth(s string, size float64) float64 {
	return float64(len([]rune(s))) * charW * size
}

// measure sizes text for Layout.
var measure estimator

// wideEnough: the readout goes beside the plane rather than below it.
func wideEnough(w, h float64) bool { return w >= 600 && w >= 1.15*h }

// Layout places the scene's parts on a w x h canvas.
func Layout(w, h float64, v View) Geometry {
	sz := scene.Measure(w, h)
	w, h = sz.W, sz.H
	g := Geometry{W: w, H: h, FS: sz.FS, Pad: sz.Pad}
	full := sz.Full
	if message(v) != "" {
		g.HasMessage, g.Message = true, full
		return g
	}
	fs := g.FS
	g.Wide = wideEnough(w, h)
	headLines := 2.0
	if !g.Wide {
		headLines = 3
	}
	var body render.Rect
	g.Header, body = sz.Header(headLines)
	toggleH := render.LineHeight(fs) * 1.9
	legendH := render.LineHeight(fs)
	var plane render.Rect
	if g.Wide {
		right := math.Max(body.W*0.3, 230)
		plane = render.Rect{X: body.X, Y: body.Y, W: body.W - right - g.Pad*1.5, H: body.H - legendH}
		col := body.Inset(body.W-right, 0, 0, 0)
		g.Toggle = render.Rect{X: col.X, Y: col.Y, W: col.W, H: toggleH}
		g.Readout = col.Inset(0, toggleH+g.Pad, 0, 0)
		used := float64(len(readoutRows(v))+1) * render.LineHeight(fs*0.95)
		keyH := 7 * render.LineHeight(fs*0.9)
		if g.Readout.H >= used+g.Pad+keyH {
			g.Key = render.Rect{X: col.X, Y: g.Readout.Y + used + g.Pad, W: col.W, H: keyH}
			g.Readout.H = used
		}
	} else {
		readoutH := float64(len(readoutRows(v))+1) * render.LineHeight(fs*0.95)
		planeH := render.Clamp(body.H-legendH-toggleH-readoutH-g.Pad*1.5, body.H*0.4, body.W*1.05)
		plane = render.Rect{X: body.X, Y: body.Y, W: body.W, H: planeH}
		g.Toggle = render.Rect{X: body.X, Y: plane.Bottom() + legendH + g.Pad*0.5, W: body.W, H: toggleH}
		g.Readout = body.Inset(0, g.Toggle.Bottom()-body.Y+g.Pad*0.5, 0, 0)
	}
	g.Legend = render.Rect{X: plane.X, Y: plane.Bottom(), W: plane.W, H: legendH}
	box := boxOf(v)
	st := plot.DefaultStyle(fs * 0.9)
	st.MinorTicks = false
	g.Plane = plot.NewFrameEqual(estimator{w, h}, plane, planeTitle(plane.W, fs), plot.Axis{Min: box[0], Max: box[1]}, plot.Axis{Min: box[2], Max: box[3]}, st)
	g.R = render.Clamp(math.Min(g.Plane.Plot.W, g.Plane.Plot.H)/90, 3.5, 5.5)
	// The toggle: a label, then two buttons of equal width; the label goes above the buttons
	// when a row is too narrow for both.
	lw := measure.TextWidth(toggleLabel, fs) + fs*0.6
	bh := render.LineHeight(fs) * 1.5
	bw := math.Min((g.Toggle.W-lw-fs*0.6)/2, 9*fs)
	bx, by := g.Toggle.X+lw, g.Toggle.Y+(g.Toggle.H-bh)/2
	if bw < 7*fs {
		g.Toggle.H += render.LineHeight(fs)
		bw = math.Min((g.Toggle.W-fs*0.6)/2, 9*fs)
		bx, by = g.Toggle.X, g.Toggle.Y+render.LineHeight(fs)*1.1
		g.ToggleStacked = true
		if g.Wide {
			g.Readout = g.Readout.Inset(0, render.LineHeight(fs), 0, 0)
			if g.Key.W > 0 {
				g.Key.Y += render.LineHeight(fs)
			}
		}
	}
	g.ButtonA = render.Rect{X: bx, Y: by, W: bw, H: bh}
	g.ButtonB = render.Rect{X: g.ButtonA.Right() + fs*0.6, Y: by, W: bw, H: bh}
	return g
}

const toggleLabel = "Click adds to:"

// planeTitle is the one line over the plane that says how to read the lines.
func planeTitle(w, fs float64) string {
	for _, s := range []string{
		"Each line carries mass from a point of A to one of B: the darker, the more",
		"Lines carry mass from A to B: darker = more",
		"Darker line = more mass",
	} {
		if measure.TextWidth(s, fs*0.99) <= w {
			return s
		}
	}
	return ""
}

// boxOf is the view's box, or one around the points (and at least the square [-1, 1] x
// [-0.75, 0.75] in which the generated clouds sit), with a margin for the markers.
func boxOf(v View) [4]float64 {
	b := v.Box
	if b[1] > b[0] && b[3] > b[2] && render.Finite(b[0]) && render.Finite(b[1]) && render.Finite(b[2]) && render.Finite(b[3]) {
		return b
	}
	return BoxAround(v.A, v.B)
}

// BoxAround is the default box for two clouds: their bounds, at least 0.8 units each way,
// padded by 12% of the larger side so there is room to add points around them.
func BoxAround(a, b []Point) [4]float64 {
	x0, x1, y0, y1 := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, s := range [][]Point{a, b} {
		for _, p := range s {
			if render.Finite(p[0]) && render.Finite(p[1]) {
				x0, x1 = math.Min(x0, p[0]), math.Max(x1, p[0])
				y0, y1 = math.Min(y0, p[1]), math.Max(y1, p[1])
			}
		}
	}
	if x0 > x1 {
		x0, x1, y0, y1 = -1, 1, -1, 1
	}
	grow := func(lo, hi float64) (float64, float64) {
		if d := 0.8 - (hi - lo); d > 0 {
			return lo - d/2, hi + d/2
		}
		return lo, hi
	}
	x0, x1 = grow(x0, x1)
	y0, y1 = grow(y0, y1)
	m := 0.12 * math.Max(x1-x0, y1-y0)
	return [4]float64{x0 - m, x1 + m, y0 - m, y1 + m}
}

// message is the sentence shown instead of the scene, or "".
func message(v View) string {
	if v.Error != "" {
		return v.Error
	}
	if len(v.A) == 0 || len(v.B) == 0 {
		return "There is nothing to draw yet: each cloud needs at least one point."
	}
	return ""
}

// PX and PY map data to canvas coordinates; DataAt maps back.
func (g Geometry) PX(x float64) float64 { return g.Plane.PX(x) }
func (g Geometry) PY(y float64) float64 { return g.Plane.PY(y) }

// DataAt is the point of the plane under canvas position (x, y).
func (g Geometry) DataAt(x, y float64) Point {
	p := g.Plane.Plot
	fx, fy := g.Plane.X, g.Plane.Y
	return Point{fx.Min + (x-p.X)/p.W*(fx.Max-fx.Min), fy.Min + (p.Bottom()-y)/p.H*(fy.Max-fy.Min)}
}

// InPlane reports whether (x, y) is inside the plot of the plane.
func (g Geometry) InPlane(x, y float64) bool {
	return !g.HasMessage && g.Plane != nil && g.Plane.Plot.Contains(x, y)
}

// HitRadius is how close (px) a press must be to a point to grab it: a little more than the
// marker, and at least 12 px so a finger can catch it.
func (g Geometry) HitRadius() float64 { return math.Max(g.R+6, 12) }

// Hit is the point nearest to (x, y) within HitRadius; B is drawn on top, so on a tie B wins.
func (g Geometry) Hit(x, y float64, v View) (Side, int, bool) {
	if g.HasMessage || g.Plane == nil || !render.Finite(x) || !render.Finite(y) {
		return SideNone, 0, false
	}
	best, side, idx := g.HitRadius(), SideNone, 0
	for _, s := range []struct {
		side Side
		pts  []Point
	}{{SideA, v.A}, {SideB, v.B}} {
		for i, p := range s.pts {
			d := math.Hypot(g.PX(p[0])-x, g.PY(p[1])-y)
			if d <= best {
				best, side, idx = d, s.side, i
			}
		}
	}
	return side, idx, side != SideNone
}

// ToggleAt reports which "add to" button is under (x, y).
func (g Geometry) ToggleAt(x, y float64) (Side, bool) {
	if g.HasMessage {
		return SideNone, false
	}
	switch {
	case g.ButtonA.Contains(x, y):
		return SideA, true
	case g.ButtonB.Contains(x, y):
		return SideB, true
	}
	return SideNone, false
}
