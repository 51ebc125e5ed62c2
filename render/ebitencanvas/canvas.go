//go:build js && wasm

package ebitencanvas

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"solvable/render"
	"solvable/render/internal/glyphs"
)

// Canvas draws on the image given to Reset. Make one with New and keep it for the life of
// the game: it caches glyphs, textures and vertex buffers between frames.
type Canvas struct {
	dst   *ebiten.Image
	scale float64
	w, h  float64

	white *ebiten.Image // 1x1 white source for filled triangles

	vs []ebiten.Vertex
	is []uint16

	faces  glyphs.Faces
	glyphs map[glyphKey]*glyph

	blocks    []*block // DrawImage textures, reused in call order every frame
	nextBlock int
}

var (
	_ render.Canvas      = (*Canvas)(nil)
	_ render.ImageDrawer = (*Canvas)(nil)
)

// New returns a canvas with nothing to draw on yet; call Reset at the start of each Draw.
func New() *Canvas {
	// A 3x3 white image, sampled only at its centre pixel, so linear filtering at triangle
	// edges never reaches a transparent border (the trick ebiten/v2/vector uses too).
	base := ebiten.NewImage(3, 3)
	pix := make([]byte, 4*9)
	for i := range pix {
		pix[i] = 0xff
	}
	base.WritePixels(pix)
	return &Canvas{
		white:  base.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image),
		glyphs: map[glyphKey]*glyph{},
	}
}

// Reset points the canvas at dst for this frame (and recycles last frame's textures). scale is device pixels per CSS pixel
// (ebiten.Monitor().DeviceScaleFactor() when the game's Layout returns the outside size
// times that factor); the canvas's Size is dst's size divided by it. A scale that is not
// positive and finite means 1.
func (c *Canvas) Reset(dst *ebiten.Image, scale float64) {
	if !(scale > 0) || math.IsInf(scale, 0) {
		scale = 1
	}
	c.dst, c.scale = dst, scale
	b := dst.Bounds()
	c.w, c.h = float64(b.Dx())/scale, float64(b.Dy())/scale
	c.nextBlock = 0
}

// Scale is the device scale factor given to Reset; divide pointer positions in device
// pixels by it before handing them to a scene's hit test.
func (c *Canvas) Scale() float64 { return c.scale }

// Size implements render.Canvas.
func (c *Canvas) Size() (w, h float64) { return c.w, c.h }

// ok reports whether there is a target and every number is finite.
func (c *Canvas) ok(vals ...float64) bool {
	if c.dst == nil {
		return false
	}
	for _, v := range vals {
		if !render.Finite(v) {
			return false
		}
	}
	return true
}

// rgba converts a premultiplied colour to the vertex colour components Ebiten expects
// with ColorScaleModePremultipliedAlpha.
func rgba(col color.RGBA) (r, g, b, a float32) {
	return float32(col.R) / 255, float32(col.G) / 255, float32(col.B) / 255, float32(col.A) / 255
}

// fillDevice fills a rectangle given in device pixels, without anti-aliasing: edges land on
// pixel boundaries by the GPU's pixel-centre rule, so adjacent rectangles tile exactly.
func (c *Canvas) fillDevice(x0, y0, x1, y1 float64, col color.RGBA) {
	if col.A == 0 || x1 <= x0 || y1 <= y0 {
		return
	}
	r, g, b, a := rgba(col)
	v := func(x, y float64) ebiten.Vertex {
		return ebiten.Vertex{DstX: float32(x), DstY: float32(y), SrcX: 1, SrcY: 1, ColorR: r, ColorG: g, ColorB: b, ColorA: a}
	}
	c.vs = append(c.vs[:0], v(x0, y0), v(x1, y0), v(x1, y1), v(x0, y1))
	c.is = append(c.is[:0], 0, 1, 2, 0, 2, 3)
	op := &ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha}
	c.dst.DrawTriangles(c.vs, c.is, c.white, op)
}

// FillRect implements render.Canvas. A rectangle thinner than a device pixel is widened to
// one so that thin bars and cells do not vanish.
func (c *Canvas) FillRect(x, y, w, h float64, col color.RGBA) {
	if !c.ok(x, y, w, h) || w <= 0 || h <= 0 {
		return
	}
	s := c.scale
	x0, x1 := math.Round(x*s), math.Round((x+w)*s)
	y0, y1 := math.Round(y*s), math.Round((y+h)*s)
	if x1 == x0 {
		x1 = x0 + 1
	}
	if y1 == y0 {
		y1 = y0 + 1
	}
	c.fillDevice(x0, y0, x1, y1, col)
}

// rule is the device width of a stroke of CSS width w, at least one pixel.
func (c *Canvas) rule(w float64) float64 { return math.Max(math.Round(w*c.scale), 1) }

// crisp is the device coordinate of the low edge of a rule of device width wd centred on
// CSS coordinate v, on a pixel boundary.
func (c *Canvas) crisp(v, wd float64) float64 { return math.Round(v*c.scale - wd/2) }

// StrokeRect implements render.Canvas as four pixel-snapped bands centred on the edges.
func (c *Canvas) StrokeRect(x, y, w, h, width float64, col color.RGBA) {
	if !c.ok(x, y, w, h, width) || w < 0 || h < 0 || width <= 0 {
		return
	}
	wd := c.rule(width)
	l, r := c.crisp(x, wd), c.crisp(x+w, wd)
	t, b := c.crisp(y, wd), c.crisp(y+h, wd)
	c.fillDevice(l, t, r+wd, t+wd, col) // top
	c.fillDevice(l, b, r+wd, b+wd, col) // bottom
	c.fillDevice(l, t+wd, l+wd, b, col) // left
	c.fillDevice(r, t+wd, r+wd, b, col) // right
}

// StrokeLine implements render.Canvas. Horizontal and vertical lines become pixel-snapped
// rectangles (sharp rules and ticks); others are anti-aliased strokes.
func (c *Canvas) StrokeLine(x0, y0, x1, y1, width float64, col color.RGBA) {
	if !c.ok(x0, y0, x1, y1, width) || width <= 0 {
		return
	}
	s := c.scale
	switch {
	case y0 == y1:
		wd := c.rule(width)
		t := c.crisp(y0, wd)
		c.fillDevice(math.Round(math.Min(x0, x1)*s), t, math.Round(math.Max(x0, x1)*s), t+wd, col)
		return
	case x0 == x1:
		wd := c.rule(width)
		l := c.crisp(x0, wd)
		c.fillDevice(l, math.Round(math.Min(y0, y1)*s), l+wd, math.Round(math.Max(y0, y1)*s), col)
		return
	}
	var p vector.Path
	p.MoveTo(float32(x0*s), float32(y0*s))
	p.LineTo(float32(x1*s), float32(y1*s))
	c.strokePath(&p, width, col)
}

// maxRun bounds the points stroked in one call: Ebiten indexes vertices with uint16, and a
// stroke makes several vertices per point.
const maxRun = 1000

// Polyline implements render.Canvas: anti-aliased, round joins, NaN points as gaps.
func (c *Canvas) Polyline(xs, ys []float64, width float64, col color.RGBA) {
	if !c.ok(width) || width <= 0 {
		return
	}
	s := c.scale
	n := min(len(xs), len(ys))
	var p vector.Path
	count, open := 0, false
	flush := func() {
		if count >= 2 {
			c.strokePath(&p, width, col)
		}
		p, count, open = vector.Path{}, 0, false
	}
	for i := range n {
		if !render.Finite(xs[i]) || !render.Finite(ys[i]) {
			// A gap starts a new subpath of the same path, so every piece goes to the GPU in
			// one anti-aliased draw: a dashed curve is hundreds of pieces, and each separate
			// anti-aliased draw costs Ebiten an offscreen pass.
			open = false
			continue
		}
		x, y := float32(xs[i]*s), float32(ys[i]*s)
		if !open {
			p.MoveTo(x, y)
			open = true
		} else {
			p.LineTo(x, y)
		}
		count++
		if count >= maxRun && open {
			flush()
			p.MoveTo(x, y) // continue from the same point so the line has no gap
			open, count = true, 1
		}
	}
	flush()
}

func (c *Canvas) strokePath(p *vector.Path, width float64, col color.RGBA) {
	if col.A == 0 {
		return
	}
	op := &vector.StrokeOptions{Width: float32(math.Max(width*c.scale, 1)), LineJoin: vector.LineJoinRound}
	c.vs, c.is = p.AppendVerticesAndIndicesForStroke(c.vs[:0], c.is[:0], op)
	c.drawVertices(col, true)
}

// FillCircle implements render.Canvas.
// FillPolygon implements render.Canvas.
func (c *Canvas) FillPolygon(xs, ys []float64, col color.RGBA) {
	n := min(len(xs), len(ys))
	if n < 3 || col.A == 0 || c.dst == nil {
		return
	}
	if !c.ok(xs[:n]...) || !c.ok(ys[:n]...) {
		return
	}
	s := c.scale
	var p vector.Path
	p.MoveTo(float32(xs[0]*s), float32(ys[0]*s))
	for i := 1; i < n; i++ {
		p.LineTo(float32(xs[i]*s), float32(ys[i]*s))
	}
	p.Close()
	c.vs, c.is = p.AppendVerticesAndIndicesForFilling(c.vs[:0], c.is[:0])
	c.drawVertices(col, true)
}

func (c *Canvas) FillCircle(cx, cy, r float64, col color.RGBA) {
	if !c.ok(cx, cy, r) || r <= 0 || col.A == 0 {
		return
	}
	s := c.scale
	var p vector.Path
	p.Arc(float32(cx*s), float32(cy*s), float32(r*s), 0, 2*math.Pi, vector.Clockwise)
	p.Close()
	c.vs, c.is = p.AppendVerticesAndIndicesForFilling(c.vs[:0], c.is[:0])
	c.drawVertices(col, true)
}

// drawVertices colours c.vs and draws them from the white pixel.
func (c *Canvas) drawVertices(col color.RGBA, antialias bool) {
	r, g, b, a := rgba(col)
	for i := range c.vs {
		v := &c.vs[i]
		v.SrcX, v.SrcY = 1, 1
		v.ColorR, v.ColorG, v.ColorB, v.ColorA = r, g, b, a
	}
	// The default fill rule (every triangle) is right for both uses here: stroke outlines
	// are sets of triangles, and the only filled path is a circle, whose fan is convex.
	op := &ebiten.DrawTrianglesOptions{ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha, AntiAlias: antialias}
	c.dst.DrawTriangles(c.vs, c.is, c.white, op)
}
