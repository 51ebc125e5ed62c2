package sinkhornview

import (
	"math"

	"solvable/render"
	"solvable/render/scene"
)

// Geometry is where each part of the scene goes for one canvas size and problem shape.
// Draw uses it, and the simulator uses Hit to turn pointer positions into bar edits.
type Geometry struct {
	W, H float64
	FS   float64 // base font size, CSS px
	Pad  float64
	Wide bool // error plot beside the plan (true) or below it

	// Message is the whole area used for an error sentence; when it is set nothing else is.
	Message    render.Rect
	HasMessage bool

	Header  render.Rect // the status sentence
	Plan    render.Rect // the block holding bars, heatmap, labels and colour bar
	Heat    render.Rect // the heatmap; row i is Heat.Y + i*CellH, column j is Heat.X + j*CellW
	PBars   render.Rect // the p bars: base on the right edge (next to Heat), growing leftwards
	QBars   render.Rect // the q bars: base on the bottom edge (next to Heat), growing upwards
	Corner  render.Rect // left of the q bars and above the p bars: the side labels
	XLabels render.Rect // row tick labels (support points x), left of the p bars
	YLabels render.Rect // column tick labels (support points y) and the axis name, below Heat
	Legend  render.Rect // one line explaining bar fill and outline
	Colour  render.Rect // the colour bar, right of Heat
	ErrPlot render.Rect
	Readout render.Rect

	N, M         int
	CellW, CellH float64
	// BarScale is the weight drawn at full bar length: View.BarScale when usable, otherwise
	// a little above the largest weight or sum shown.
	BarScale float64
}

// charW is the advance of an average character as a fraction of the font size. Layout has
// no canvas to measure with (Hit must work without one), so label room is estimated with it;
// Go Regular digits are 0.57 em wide.
const charW = 0.6

// wideEnough says when the error plot and readout go beside the plan rather than below it.
func wideEnough(w, h float64) bool { return w >= 560 && w >= 1.1*h }

// Layout places the scene's parts on a w x h canvas for the view v.
func Layout(w, h float64, v View) Geometry {
	sz := scene.Measure(w, h)
	w, h = sz.W, sz.H
	g := Geometry{W: w, H: h, FS: sz.FS, Pad: sz.Pad, N: v.N, M: v.M}
	g.BarScale = barScale(v)
	full := sz.Full
	if message(v) != "" {
		g.HasMessage, g.Message = true, full
		return g
	}
	g.Wide = wideEnough(w, h)
	fs := g.FS
	headLines := 2.0
	if !g.Wide {
		headLines = 3 // a phone needs room to wrap the status sentence
	}
	var body render.Rect
	g.Header, body = sz.Header(headLines)
	if g.Wide {
		left := (body.W - g.Pad*1.5) * 0.62
		g.Plan = render.Rect{X: body.X, Y: body.Y, W: left, H: body.H}
		right := body.Inset(left+g.Pad*1.5, 0, 0, 0)
		g.ErrPlot = render.Rect{X: right.X, Y: right.Y, W: right.W, H: right.H * 0.52}
		g.Readout = right.Inset(0, right.H*0.52+g.Pad, 0, 0)
	} else {
		// The plan gets what the error plot and the readout below it leave: the readout needs
		// its lines, the plot about ten text lines to show a trend.
		sideBySide := body.W >= 520
		readoutH := float64(len(readoutRows(v))+1) * render.LineHeight(fs*0.95)
		plotH := 10 * fs
		need := readoutH + plotH + g.Pad
		if sideBySide {
			need = math.Max(readoutH, plotH*1.3)
		}
		planH := render.Clamp(body.H-need-g.Pad*0.5, body.H*0.4, body.W)
		g.Plan = render.Rect{X: body.X, Y: body.Y, W: body.W, H: planH}
		rest := body.Inset(0, planH+g.Pad*0.5, 0, 0)
		if sideBySide {
			g.ErrPlot = render.Rect{X: rest.X, Y: rest.Y, W: rest.W * 0.55, H: rest.H}
			g.Readout = rest.Inset(rest.W*0.55+g.Pad, 0, 0, 0)
		} else {
			eh := math.Max(rest.H*0.45, math.Min(rest.H, 7*fs))
			g.ErrPlot = render.Rect{X: rest.X, Y: rest.Y, W: rest.W, H: eh}
			g.Readout = rest.Inset(0, eh+g.Pad*0.5, 0, 0)
		}
	}
	g.layoutPlan()
	return g
}

// layoutPlan places bars, heatmap, labels and colour bar inside g.Plan.
func (g *Geometry) layoutPlan() {
	fs, b := g.FS, g.Plan
	n, m := max(g.N, 1), max(g.M, 1)
	xLabW := 5*charW*fs + 4                    // "0.375"-sized row labels
	cbW := fs * 0.9                            // colour bar
	cbReserve := 8 + cbW + 5*charW*fs + 8      // gap, bar, tick labels
	legendH := render.LineHeight(fs)           // one legend line
	yLabH := 2*render.LineHeight(fs) + legendH // column labels, axis name, legend
	pBarW := render.Clamp(b.W*0.2, 34, 130)
	qBarH := render.Clamp(b.H*0.22, 30, 130)
	const gap = 3.0
	availW := b.W - xLabW - pBarW - gap - cbReserve
	availH := b.H - qBarH - gap - yLabH
	availW, availH = math.Max(availW, 1), math.Max(availH, 1)
	// Square cells read best; allow a quarter of stretch so a long thin matrix still fills
	// some of the room it has.
	s := math.Min(availW/float64(m), availH/float64(n))
	g.CellW = math.Min(availW/float64(m), 1.25*s)
	g.CellH = math.Min(availH/float64(n), 1.25*s)
	hw, hh := g.CellW*float64(m), g.CellH*float64(n)
	// Centre the assembly horizontally in the block; keep it at the top.
	assemblyW := xLabW + pBarW + gap + hw + cbReserve
	x0 := b.X + math.Max((b.W-assemblyW)/2, 0)
	g.Heat = render.Rect{X: x0 + xLabW + pBarW + gap, Y: b.Y + qBarH + gap, W: hw, H: hh}
	g.PBars = render.Rect{X: g.Heat.X - gap - pBarW, Y: g.Heat.Y, W: pBarW, H: hh}
	g.QBars = render.Rect{X: g.Heat.X, Y: g.Heat.Y - gap - qBarH, W: hw, H: qBarH}
	g.Corner = render.Rect{X: x0, Y: g.QBars.Y, W: xLabW + pBarW, H: qBarH}
	g.XLabels = render.Rect{X: x0, Y: g.Heat.Y, W: xLabW, H: hh}
	g.YLabels = render.Rect{X: g.Heat.X, Y: g.Heat.Bottom(), W: hw, H: 2 * render.LineHeight(fs)}
	g.Legend = render.Rect{X: x0, Y: g.YLabels.Bottom(), W: assemblyW, H: legendH}
	g.Colour = render.Rect{X: g.Heat.Right() + 8, Y: g.Heat.Y, W: cbW, H: hh}
}

// barLen is the drawn length of a weight w on a bar of full length full.
func (g Geometry) barLen(w, full float64) float64 {
	if !render.Finite(w) || w <= 0 {
		return 0
	}
	return math.Min(w/g.BarScale, 1) * full
}

// pFull and qFull are the bar lengths for BarScale, short of the region by room for the
// overflow mark, so the longest bar never touches the labels.
func (g Geometry) pFull() float64 { return math.Max(g.PBars.W-overflowRoom, 1) }
func (g Geometry) qFull() float64 { return math.Max(g.QBars.H-overflowRoom, 1) }

// overflowRoom is the space kept beyond full bar length for the overflow mark.
const overflowRoom = 8.0

// Hit maps a pointer position to the bar under it: side SideP with row index or SideQ with
// column index, and the weight the pointer's distance from the bar's base means, from 0 at
// the base to g.BarScale at full length (clamped to that range). Anywhere in a bar's band
// counts, so thin bars are easy to catch; ok is false elsewhere and in the error view.
func (g Geometry) Hit(x, y float64) (side Side, index int, weight float64, ok bool) {
	if g.HasMessage || g.N <= 0 || g.M <= 0 || !render.Finite(x) || !render.Finite(y) {
		return SideNone, 0, 0, false
	}
	const slack = 3 // px of forgiveness around a region
	pr := g.PBars
	if x >= pr.X-slack && x < g.Heat.X && y >= pr.Y && y < pr.Bottom() {
		i := int(render.Clamp(math.Floor((y-pr.Y)/g.CellH), 0, float64(g.N-1)))
		return SideP, i, g.WeightAt(SideP, x, y), true
	}
	qr := g.QBars
	if y >= qr.Y-slack && y < g.Heat.Y && x >= qr.X && x < qr.Right() {
		j := int(render.Clamp(math.Floor((x-qr.X)/g.CellW), 0, float64(g.M-1)))
		return SideQ, j, g.WeightAt(SideQ, x, y), true
	}
	return SideNone, 0, 0, false
}

// WeightAt is the weight a pointer at (x, y) means for a bar on the given side, wherever
// the pointer is: once a drag has started on a bar, the simulator keeps the side and index
// from Hit and follows the pointer with this, so leaving the bar's band mid-drag is harmless.
// The result is clamped to [0, BarScale]; SideNone, the error view or a non-finite position
// give 0.
func (g Geometry) WeightAt(side Side, x, y float64) float64 {
	if g.HasMessage || !render.Finite(x) || !render.Finite(y) {
		return 0
	}
	switch side {
	case SideP:
		return render.Clamp((g.PBars.Right()-x)/g.pFull(), 0, 1) * g.BarScale
	case SideQ:
		return render.Clamp((g.QBars.Bottom()-y)/g.qFull(), 0, 1) * g.BarScale
	}
	return 0
}

// barScale is View.BarScale when it is a usable number, otherwise 1.25 times the largest
// finite target weight (1 if there is none). Targets, not current sums, set the scale: the
// first kernel's sums can be far larger, and they are what the projections bring down to
// the targets; sums past full length are drawn clipped with an overflow mark.
func barScale(v View) float64 {
	if render.Finite(v.BarScale) && v.BarScale > 0 {
		return v.BarScale
	}
	m := 0.0
	for _, s := range [][]float64{v.P, v.Q} {
		for _, x := range s {
			if render.Finite(x) && x > m {
				m = x
			}
		}
	}
	if m <= 0 || !render.Finite(m*1.25) {
		return 1
	}
	return m * 1.25
}

// message is the sentence the scene shows instead of the plot, or "" when there is a
// problem to draw.
func message(v View) string {
	if v.Error != "" {
		return v.Error
	}
	if v.N <= 0 || v.M <= 0 {
		return "There is nothing to draw yet: the problem has no source or no target points."
	}
	return ""
}
