package dlnview

import (
	"math"
	"strconv"

	"solvable/render"
	"solvable/render/scene"
)

// Geometry is where each part of the scene goes for one canvas size and view. Panels a
// mode does not use are zero rectangles.
type Geometry struct {
	W, H float64
	FS   float64 // base font size, CSS px
	Pad  float64
	Wide bool // side column beside the main picture (true) or everything stacked

	// Message is the whole area used for a sentence in words; when it is set nothing else is.
	Message    render.Rect
	HasMessage bool

	Header render.Rect // what is shown, in a sentence
	Note   render.Rect // View.Note (zero height without one)

	Plane    render.Rect // ModeLine: the (β₁, β₂) plane
	Coef     render.Rect // ModeCoef: β_i(t)
	Loss     render.Rect // ModeCoef: the loss on a log axis
	AlphaEff render.Rect // ModeCoef: effective α per coordinate
	L1       render.Rect // ModeSweep: |β|₁ of the limit against α
	Test     render.Rect // ModeSweep: test error against α (zero without SweepTest)
	Q        render.Rect // ModeSweep: the shape of q(z) (zero without QZ)
	Legend   render.Rect // ModeLine and ModeSweep: the key to marks and colours
	Readout  render.Rect
}

// sideWidth is the width of the side column in the wide layouts: enough for the legend and
// readout lines, and no more, so the main picture gets the rest.
func (g *Geometry) sideWidth(body render.Rect) float64 {
	return render.Clamp(body.W*0.36, math.Min(230, body.W*0.45), 30*g.FS)
}

// wideEnough says when the side column goes beside the picture rather than below it.
func wideEnough(w, h float64) bool { return w >= 560 && w >= 1.1*h }

// Layout places the scene's parts on a w x h canvas for the view v.
func Layout(w, h float64, v View) Geometry {
	sz := scene.Measure(w, h)
	w, h = sz.W, sz.H
	g := Geometry{W: w, H: h, FS: sz.FS, Pad: sz.Pad}
	full := sz.Full
	if t, _ := message(v); t != "" {
		g.HasMessage, g.Message = true, full
		return g
	}
	g.Wide = wideEnough(w, h)
	fs := g.FS
	headLines := 2.0
	if !g.Wide {
		headLines = 3 // a phone needs room to wrap the sentence
	}
	var body render.Rect
	g.Header, body = sz.Header(headLines)
	if v.Note != "" {
		// Layout has no canvas to measure text, so the wrapped height is estimated from an
		// average glyph width of about half the font size; drawNote wraps for real.
		perLine := math.Max(1, (body.W-fs)/(0.5*fs))
		lines := math.Min(4, math.Ceil(float64(len([]rune(v.Note)))/perLine))
		g.Note = render.Rect{X: body.X, Y: body.Y, W: body.W, H: lines*render.LineHeight(fs) + fs*0.4}
		body = body.Inset(0, g.Note.H+g.Pad*0.5, 0, 0)
	} else {
		g.Note = render.Rect{X: body.X, Y: body.Y, W: body.W}
	}
	readH := readoutHeight(v, fs)
	switch v.Mode {
	case ModeCoef:
		g.layoutCoef(body, readH)
	case ModeSweep:
		g.layoutSweep(body, v, readH)
	default:
		g.layoutLine(body, readH, legendHeight(len(lineLegend(v)), fs))
	}
	return g
}

// readoutHeight is the height the readout needs for its rows.
func readoutHeight(v View, fs float64) float64 {
	return (float64(len(readoutRows(v))) + 0.5) * render.LineHeight(fs*0.95)
}

// legendHeight is the height of a legend of n entries at the scene's legend size.
func legendHeight(n int, fs float64) float64 {
	if n == 0 {
		return 0
	}
	lfs := legendSize(fs)
	return float64(n)*render.LineHeight(lfs) + 2*lfs*0.3
}

// legendSize is the font size of legends.
func legendSize(fs float64) float64 { return fs * 0.9 }

func (g *Geometry) layoutLine(body render.Rect, readH, legH float64) {
	if g.Wide {
		left := body.W - g.sideWidth(body) - g.Pad*1.5
		g.Plane = render.Rect{X: body.X, Y: body.Y, W: left, H: body.H}
		side := body.Inset(left+g.Pad*1.5, 0, 0, 0)
		g.Legend = render.Rect{X: side.X, Y: side.Y + g.FS, W: side.W, H: legH}
		g.Readout = side.Inset(0, g.FS+legH+g.Pad, 0, 0)
		return
	}
	// Below the plane: legend and readout side by side when both fit, else stacked.
	need := legH + readH + g.Pad
	sideBySide := body.W >= 520
	if sideBySide {
		need = math.Max(legH, readH)
	}
	planeH := render.Clamp(body.H-need-g.Pad, body.H*0.4, body.W*1.15)
	g.Plane = render.Rect{X: body.X, Y: body.Y, W: body.W, H: planeH}
	rest := body.Inset(0, planeH+g.Pad, 0, 0)
	if sideBySide {
		g.Legend = render.Rect{X: rest.X, Y: rest.Y, W: rest.W * 0.5, H: legH}
		g.Readout = rest.Inset(rest.W*0.5+g.Pad, 0, 0, 0)
		return
	}
	g.Legend = render.Rect{X: rest.X, Y: rest.Y, W: rest.W, H: legH}
	g.Readout = rest.Inset(0, legH+g.Pad*0.5, 0, 0)
}

func (g *Geometry) layoutCoef(body render.Rect, readH float64) {
	if g.Wide {
		left := body.W - g.sideWidth(body) - g.Pad*1.5
		g.Coef = render.Rect{X: body.X, Y: body.Y, W: left, H: body.H}
		side := body.Inset(left+g.Pad*1.5, 0, 0, 0)
		panels := math.Max(side.H-readH-g.Pad, side.H*0.5)
		g.Loss = render.Rect{X: side.X, Y: side.Y, W: side.W, H: panels * 0.55}
		g.AlphaEff = render.Rect{X: side.X, Y: g.Loss.Bottom() + g.Pad*0.5, W: side.W, H: panels*0.45 - g.Pad*0.5}
		g.Readout = side.Inset(0, panels+g.Pad, 0, 0)
		return
	}
	twoCols := body.W >= 520
	if twoCols {
		readH = readH/2 + render.LineHeight(g.FS)
	}
	smallH := render.Clamp(body.H*0.24, 7*g.FS, 15*g.FS)
	coefH := math.Max(body.H-readH-smallH-2*g.Pad, body.H*0.35)
	g.Coef = render.Rect{X: body.X, Y: body.Y, W: body.W, H: coefH}
	row := render.Rect{X: body.X, Y: g.Coef.Bottom() + g.Pad, W: body.W, H: smallH}
	half := (row.W - g.Pad) / 2
	g.Loss = render.Rect{X: row.X, Y: row.Y, W: half, H: row.H}
	g.AlphaEff = render.Rect{X: row.X + half + g.Pad, Y: row.Y, W: half, H: row.H}
	g.Readout = body.Inset(0, coefH+smallH+2*g.Pad, 0, 0)
}

func (g *Geometry) layoutSweep(body render.Rect, v View, readH float64) {
	legH := legendHeight(len(sweepLegend(v)), g.FS)
	hasTest := len(v.SweepTest) > 0 || len(v.SimTest) > 0
	hasQ := len(v.QZ) > 0 && len(v.QVal) > 0
	split := func(r render.Rect) {
		if !hasTest {
			g.L1 = r
			return
		}
		h := (r.H - g.Pad) * 0.52
		g.L1 = render.Rect{X: r.X, Y: r.Y, W: r.W, H: h}
		g.Test = render.Rect{X: r.X, Y: r.Y + h + g.Pad, W: r.W, H: r.H - h - g.Pad}
	}
	if g.Wide {
		left := body.W - g.sideWidth(body) - g.Pad*1.5
		split(render.Rect{X: body.X, Y: body.Y, W: left, H: body.H})
		side := body.Inset(left+g.Pad*1.5, 0, 0, 0)
		y := side.Y
		if hasQ {
			qh := render.Clamp(side.H-legH-readH-2*g.Pad, math.Min(side.H*0.3, 9*g.FS), side.H*0.45)
			g.Q = render.Rect{X: side.X, Y: y, W: side.W, H: qh}
			y += qh + g.Pad
		}
		g.Legend = render.Rect{X: side.X, Y: y, W: side.W, H: legH}
		g.Readout = render.Rect{X: side.X, Y: y + legH + g.Pad*0.5, W: side.W, H: side.Bottom() - y - legH - g.Pad*0.5}
		return
	}
	// Stacked: the α plots on top; q(z) beside the legend and readout at the bottom.
	bottomH := math.Max(legH+readH+g.Pad*0.5, 9*g.FS)
	plots := math.Max(body.H-bottomH-g.Pad, body.H*0.45)
	split(render.Rect{X: body.X, Y: body.Y, W: body.W, H: plots})
	rest := body.Inset(0, plots+g.Pad, 0, 0)
	textX := rest.X
	if hasQ {
		qw := rest.W * 0.44
		g.Q = render.Rect{X: rest.X, Y: rest.Y, W: qw, H: rest.H}
		textX = rest.X + qw + g.Pad
	}
	text := render.Rect{X: textX, Y: rest.Y, W: rest.Right() - textX, H: rest.H}
	g.Legend = render.Rect{X: text.X, Y: text.Y, W: text.W, H: legH}
	g.Readout = text.Inset(0, legH+g.Pad*0.5, 0, 0)
}

func itoa(i int) string { return strconv.Itoa(i) }
