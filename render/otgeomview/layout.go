package otgeomview

import (
	"math"

	"solvable/core/otgeom"
	"solvable/render"
	"solvable/render/scene"
)

// Geometry is where each part of the scene goes on one canvas size.
type Geometry struct {
	W, H float64
	FS   float64 // base font size, CSS px
	Pad  float64
	Wide bool // legend and numbers beside the 3-D view (true) or below it

	Message    render.Rect
	HasMessage bool

	Header  render.Rect
	Scene   render.Rect // the 3-D view
	Legend  render.Rect
	Readout render.Rect
	Cells   render.Rect // the current plan as four cells (may be empty)

	// The 3-D view maps drawing units to pixels: centre (CX, CY), Scale px per unit.
	CX, CY, Scale float64
}

// radius is the circumradius of the tetrahedron (|(1,1,1)| = sqrt 3): every point of it
// projects within this distance of the centre whatever the camera, so the scale never jumps
// while the view turns.
var radius = math.Sqrt(3)

func wideEnough(w, h float64) bool { return w >= 600 && w >= 1.15*h }

// Layout places the parts on a w x h canvas.
func Layout(w, h float64, v View) Geometry {
	sz := scene.Measure(w, h)
	w, h = sz.W, sz.H
	g := Geometry{W: w, H: h, FS: sz.FS, Pad: sz.Pad}
	full := sz.Full
	if v.Error != "" {
		g.HasMessage, g.Message = true, full
		return g
	}
	g.Wide = wideEnough(w, h)
	fs := g.FS
	headLines := 2.0
	if !g.Wide {
		headLines = 3
	}
	var body render.Rect
	g.Header, body = sz.Header(headLines)
	legendLines := float64(len(legendEntries(v)))
	if g.Wide {
		side := render.Clamp(body.W*0.36, 230, 340)
		g.Scene = render.Rect{X: body.X, Y: body.Y, W: body.W - side - g.Pad, H: body.H}
		right := render.Rect{X: g.Scene.Right() + g.Pad, Y: body.Y, W: side, H: body.H}
		lh := render.LineHeight(fs * 0.95)
		g.Legend = render.Rect{X: right.X, Y: right.Y, W: right.W, H: legendLines*lh + fs}
		rest := right.Inset(0, g.Legend.H+g.Pad, 0, 0)
		ro := float64(len(readoutRows(v))+1) * render.LineHeight(fs*0.95)
		g.Readout = render.Rect{X: rest.X, Y: rest.Y, W: rest.W, H: math.Min(ro, rest.H)}
		g.Cells = rest.Inset(0, g.Readout.H+g.Pad, 0, 0)
	} else {
		lh := render.LineHeight(fs * 0.9)
		legendH := math.Ceil(legendLines/2)*lh + fs*0.6
		nr := len(readoutRowsFor(v, false))
		ro := float64((nr+1)/2+1) * render.LineHeight(fs*0.9)
		if body.W < 320 {
			ro = float64(nr+1) * render.LineHeight(fs*0.9)
		}
		sceneH := render.Clamp(body.H-legendH-ro-2*g.Pad, math.Min(body.H*0.4, body.W), body.W*1.05)
		g.Scene = render.Rect{X: body.X, Y: body.Y, W: body.W, H: sceneH}
		g.Legend = render.Rect{X: body.X, Y: g.Scene.Bottom() + g.Pad*0.5, W: body.W, H: legendH}
		g.Readout = body.Inset(0, g.Legend.Bottom()-body.Y+g.Pad*0.5, 0, 0)
	}
	s := g.Scene
	// Room for the vertex labels round the tetrahedron and the drag hint below it.
	g.Scale = math.Max(math.Min(s.W/2-2.2*fs, s.H/2-2.2*fs)/radius, 1)
	g.CX, g.CY = s.CenterX(), s.CenterY()-0.3*fs
	return g
}

// ToScreen projects a point with the view's camera: pixel position and depth (larger is
// nearer the viewer).
func (g Geometry) ToScreen(cam otgeom.Camera, p otgeom.Vec3) (x, y, depth float64) {
	sx, sy, d := cam.Project(p)
	return g.CX + g.Scale*sx, g.CY - g.Scale*sy, d
}
