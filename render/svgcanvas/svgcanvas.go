// Package svgcanvas is a render.Canvas that writes SVG, so a scene can be exported as a vector
// picture drawn by the same code that draws it on screen. Coordinates are CSS pixels, written
// as they are (rounded to 0.01 px); each Canvas call that draws something becomes one element
// (a rect, line, path, circle, polygon, text or image), in call order.
//
// Text is measured with the font the raster and screen backends use (Go Regular, from
// render/internal/glyphs), so a layout made on this canvas is the layout of the PNG export and
// of the screen. The file names that font first with a generic sans-serif fallback, and gives
// every text element its measured width (textLength), so a viewer that lacks Go Regular
// still keeps each label in the box the layout gave it.
//
// Colours are color.RGBA, alpha-premultiplied: a translucent colour is written as its
// straight colour with fill-opacity or stroke-opacity. As in the other backends, a shape
// with a non-finite coordinate draws nothing, and a polyline breaks at NaN points.
package svgcanvas

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"

	"solvable/render"
	"solvable/render/internal/glyphs"
)

// FontFamily is the font-family of every text element.
const FontFamily = `'Go', 'Go Regular', sans-serif`

// Canvas accumulates the SVG body. The zero value is not usable; use New.
type Canvas struct {
	w, h  float64
	body  bytes.Buffer
	faces glyphs.Faces
	num   []byte // scratch for number formatting
	// Title and Desc, when not empty, are written as the <title> and <desc> of the document
	// (the export puts the model, the permalink query and the date there).
	Title, Desc string
	// Metadata, when not empty, is written inside <metadata> as text (escaped).
	Metadata string
}

var (
	_ render.Canvas      = (*Canvas)(nil)
	_ render.ImageDrawer = (*Canvas)(nil)
)

// New returns a w x h CSS-pixel canvas with its background filled with render.Background.
func New(w, h float64) *Canvas {
	w, h = math.Max(render.Clamp(w, 0, 1<<14), 0), math.Max(render.Clamp(h, 0, 1<<14), 0)
	c := &Canvas{w: w, h: h}
	c.FillRect(0, 0, w, h, render.Background)
	return c
}

// Size implements render.Canvas.
func (c *Canvas) Size() (w, h float64) { return c.w, c.h }

// TextWidth implements render.Canvas with the raster backend's metrics at scale 1.
func (c *Canvas) TextWidth(s string, size float64) float64 {
	if !(size > 0) {
		return 0
	}
	return c.faces.Width(s, size)
}

// n appends a coordinate rounded to 0.01 with no trailing zeros.
func (c *Canvas) n(v float64) {
	v = math.Round(v*100) / 100
	if v == 0 {
		v = 0 // no "-0"
	}
	c.num = strconv.AppendFloat(c.num[:0], v, 'f', -1, 64)
	c.body.Write(c.num)
}

// attr writes ` name="v"` with v a rounded number.
func (c *Canvas) attr(name string, v float64) {
	c.body.WriteByte(' ')
	c.body.WriteString(name)
	c.body.WriteString(`="`)
	c.n(v)
	c.body.WriteByte('"')
}

// paint writes a fill or stroke colour (straight, as #rrggbb) and its opacity when it is
// not opaque. kind is "fill" or "stroke".
func (c *Canvas) paint(kind string, col color.RGBA) {
	r, g, b, a := straight(col)
	fmt.Fprintf(&c.body, ` %s="#%02x%02x%02x"`, kind, r, g, b)
	if a < 255 {
		c.body.WriteByte(' ')
		c.body.WriteString(kind)
		c.body.WriteString(`-opacity="`)
		c.num = strconv.AppendFloat(c.num[:0], math.Round(float64(a)/255*1000)/1000, 'f', -1, 64)
		c.body.Write(c.num)
		c.body.WriteByte('"')
	}
}

// straight undoes the premultiplication of a color.RGBA.
func straight(col color.RGBA) (r, g, b, a uint8) {
	if col.A == 0 {
		return 0, 0, 0, 0
	}
	if col.A == 255 {
		return col.R, col.G, col.B, 255
	}
	un := func(v uint8) uint8 { return uint8(math.Min(float64(v)*255/float64(col.A)+0.5, 255)) }
	return un(col.R), un(col.G), un(col.B), col.A
}

// FillRect implements render.Canvas.
func (c *Canvas) FillRect(x, y, w, h float64, col color.RGBA) {
	if !(render.Rect{X: x, Y: y, W: w, H: h}).Valid() {
		return
	}
	c.body.WriteString("<rect")
	c.attr("x", x)
	c.attr("y", y)
	c.attr("width", w)
	c.attr("height", h)
	c.paint("fill", col)
	if w >= 1 && h >= 1 {
		// Like the raster backend's pixel snapping: adjacent bars and cells tile without the
		// faint seams anti-aliasing leaves between them. Thinner rectangles keep their
		// partial coverage instead of vanishing.
		c.body.WriteString(` shape-rendering="crispEdges"`)
	}
	c.body.WriteString("/>\n")
}

// StrokeRect implements render.Canvas: the stroke is centred on the rectangle's edges.
func (c *Canvas) StrokeRect(x, y, w, h, width float64, col color.RGBA) {
	if !(render.Rect{X: x, Y: y, W: w, H: h}).Valid() || !render.Finite(width) || width <= 0 {
		return
	}
	c.body.WriteString("<rect")
	c.attr("x", x)
	c.attr("y", y)
	c.attr("width", w)
	c.attr("height", h)
	c.body.WriteString(` fill="none"`)
	c.paint("stroke", col)
	c.attr("stroke-width", width)
	c.body.WriteString("/>\n")
}

// StrokeLine implements render.Canvas (butt ends).
func (c *Canvas) StrokeLine(x0, y0, x1, y1, width float64, col color.RGBA) {
	if !render.Finite(x0) || !render.Finite(y0) || !render.Finite(x1) || !render.Finite(y1) || !render.Finite(width) || !(width > 0) {
		return
	}
	c.body.WriteString("<line")
	c.attr("x1", x0)
	c.attr("y1", y0)
	c.attr("x2", x1)
	c.attr("y2", y1)
	c.paint("stroke", col)
	c.attr("stroke-width", width)
	c.body.WriteString("/>\n")
}

// Polyline implements render.Canvas: one path whose subpaths are the runs of finite points
// (a NaN point is a gap; a run of one point draws nothing), butt ends and round joins like the
// raster backend.
func (c *Canvas) Polyline(xs, ys []float64, width float64, col color.RGBA) {
	if !render.Finite(width) || width <= 0 {
		return
	}
	n := min(len(xs), len(ys))
	ok := func(i int) bool { return i >= 0 && i < n && render.Finite(xs[i]) && render.Finite(ys[i]) }
	start := c.body.Len()
	c.body.WriteString(`<path d="`)
	drew := false
	for i := 0; i < n; i++ {
		if !ok(i) {
			continue
		}
		switch {
		case ok(i - 1):
			c.body.WriteByte('L')
		case ok(i + 1):
			if drew {
				c.body.WriteByte(' ')
			}
			c.body.WriteByte('M')
			drew = true
		default:
			continue // an isolated point
		}
		c.n(xs[i])
		c.body.WriteByte(' ')
		c.n(ys[i])
	}
	if !drew {
		c.body.Truncate(start)
		return
	}
	c.body.WriteString(`" fill="none"`)
	c.paint("stroke", col)
	c.attr("stroke-width", width)
	c.body.WriteString(` stroke-linejoin="round"/>` + "\n")
}

// FillCircle implements render.Canvas.
func (c *Canvas) FillCircle(cx, cy, r float64, col color.RGBA) {
	if !render.Finite(cx) || !render.Finite(cy) || !render.Finite(r) || r <= 0 {
		return
	}
	c.body.WriteString("<circle")
	c.attr("cx", cx)
	c.attr("cy", cy)
	c.attr("r", r)
	c.paint("fill", col)
	c.body.WriteString("/>\n")
}

// FillPolygon implements render.Canvas (non-zero winding, the SVG default).
func (c *Canvas) FillPolygon(xs, ys []float64, col color.RGBA) {
	n := min(len(xs), len(ys))
	if n < 3 {
		return
	}
	for i := range n {
		if !render.Finite(xs[i]) || !render.Finite(ys[i]) {
			return
		}
	}
	c.body.WriteString(`<polygon points="`)
	for i := range n {
		if i > 0 {
			c.body.WriteByte(' ')
		}
		c.n(xs[i])
		c.body.WriteByte(',')
		c.n(ys[i])
	}
	c.body.WriteByte('"')
	c.paint("fill", col)
	c.body.WriteString("/>\n")
}

// Text implements render.Canvas: the anchor is placed like the raster backend's (the start is
// computed from the measured width, so no text-anchor is needed), and textLength holds the
// measured width.
func (c *Canvas) Text(s string, x, y, size float64, col color.RGBA, align render.Align) {
	if s == "" || !render.Finite(x) || !render.Finite(y) || !(size > 0) || !render.Finite(size) {
		return
	}
	w := c.TextWidth(s, size)
	c.body.WriteString("<text")
	c.attr("x", render.AlignedStart(x, w, align))
	c.attr("y", y)
	c.attr("font-size", size)
	if w > 0 {
		c.attr("textLength", w)
	}
	c.paint("fill", col)
	c.body.WriteByte('>')
	escape(&c.body, s)
	c.body.WriteString("</text>\n")
}

// DrawImage implements render.ImageDrawer: the pixels are embedded as a PNG data URL, drawn
// without smoothing (image-rendering="optimizeSpeed", an attribute rather than a style, so a
// page whose CSP forbids inline styles still shows it) so enlarged cells keep hard edges.
func (c *Canvas) DrawImage(x, y, w, h float64, pix []byte, pw, ph int) {
	if pw <= 0 || ph <= 0 || len(pix) < 4*pw*ph || !(render.Rect{X: x, Y: y, W: w, H: h}).Valid() {
		return
	}
	img := &image.RGBA{Pix: pix[:4*pw*ph], Stride: 4 * pw, Rect: image.Rect(0, 0, pw, ph)}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		return
	}
	c.body.WriteString("<image")
	c.attr("x", x)
	c.attr("y", y)
	c.attr("width", w)
	c.attr("height", h)
	c.body.WriteString(` preserveAspectRatio="none" image-rendering="optimizeSpeed" href="data:image/png;base64,`)
	c.body.WriteString(base64.StdEncoding.EncodeToString(buf.Bytes()))
	c.body.WriteString(`"/>` + "\n")
}

// WriteTo writes the whole SVG document.
func (c *Canvas) WriteTo(w io.Writer) (int64, error) {
	var head bytes.Buffer
	head.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&head, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s">`+"\n",
		fnum(c.w), fnum(c.h), fnum(c.w), fnum(c.h), FontFamily)
	if c.Title != "" {
		head.WriteString("<title>")
		escape(&head, c.Title)
		head.WriteString("</title>\n")
	}
	if c.Desc != "" {
		head.WriteString("<desc>")
		escape(&head, c.Desc)
		head.WriteString("</desc>\n")
	}
	if c.Metadata != "" {
		head.WriteString("<metadata>")
		escape(&head, c.Metadata)
		head.WriteString("</metadata>\n")
	}
	var total int64
	for _, b := range [][]byte{head.Bytes(), c.body.Bytes(), []byte("</svg>\n")} {
		k, err := w.Write(b)
		total += int64(k)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// Bytes is the whole SVG document.
func (c *Canvas) Bytes() []byte {
	var b bytes.Buffer
	c.WriteTo(&b) // a bytes.Buffer does not fail
	return b.Bytes()
}

func fnum(v float64) string {
	return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64)
}

// escape writes s as XML character data, dropping characters XML 1.0 cannot hold.
func escape(b *bytes.Buffer, s string) {
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteRune(r)
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			// not allowed in XML 1.0
		default:
			b.WriteRune(r)
		}
	}
}
