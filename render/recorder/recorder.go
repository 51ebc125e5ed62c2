// Package recorder provides a Canvas that records drawing operations instead of drawing, so
// tests can assert on what a scene drew (how many cells, which sentences) and that no
// coordinate, size or width was NaN or infinite.
package recorder

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"solvable/render"
)

// Kind names a Canvas operation.
type Kind string

const (
	FillRect    Kind = "FillRect"
	StrokeRect  Kind = "StrokeRect"
	StrokeLine  Kind = "StrokeLine"
	Polyline    Kind = "Polyline"
	FillCircle  Kind = "FillCircle"
	FillPolygon Kind = "FillPolygon"
	Text        Kind = "Text"
	Image       Kind = "Image"
)

// Op is one recorded call. Args holds the numeric arguments in the order of the Canvas
// method (for Polyline: width only; the points are in Xs, Ys).
type Op struct {
	Kind   Kind
	Args   []float64
	Xs, Ys []float64
	Color  color.RGBA
	Text   string
	Align  render.Align
	// For Image: the pixel size and a copy of the pixels.
	PW, PH int
	Pix    []byte
}

// Canvas records operations. The zero value is not usable; use New.
type Canvas struct {
	W, H float64
	Ops  []Op
	// Problems lists every operation that had a non-finite number or a negative size, in
	// the words of a test failure.
	Problems []string
}

// New returns a recorder of the given size that also records DrawImage calls.
func New(w, h float64) *Canvas { return &Canvas{W: w, H: h} }

// NewWithoutImages returns a recorder that does not implement render.ImageDrawer, for
// testing the rectangle fallback.
func NewWithoutImages(w, h float64) render.Canvas { return rectOnly{&Canvas{W: w, H: h}} }

// Unwrap returns the recorder behind a canvas made by NewWithoutImages (or c itself).
func Unwrap(c render.Canvas) *Canvas {
	switch r := c.(type) {
	case *Canvas:
		return r
	case rectOnly:
		return r.Canvas
	}
	return nil
}

// rectOnly embeds the recorder but not its DrawImage method.
type rectOnly struct{ *Canvas }

// DrawImage shadows the embedded method so rectOnly does not satisfy render.ImageDrawer.
func (rectOnly) DrawImage() {}

func (c *Canvas) check(k Kind, names string, vals ...float64) {
	ns := strings.Split(names, ",")
	for i, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			c.Problems = append(c.Problems, fmt.Sprintf("op %d %s: %s = %v", len(c.Ops), k, ns[i], v))
		}
	}
}

func (c *Canvas) checkSize(k Kind, w, h float64) {
	if w < 0 || h < 0 {
		c.Problems = append(c.Problems, fmt.Sprintf("op %d %s: negative size %v x %v", len(c.Ops), k, w, h))
	}
}

// Size implements render.Canvas.
func (c *Canvas) Size() (w, h float64) { return c.W, c.H }

// FillRect implements render.Canvas.
func (c *Canvas) FillRect(x, y, w, h float64, col color.RGBA) {
	c.check(FillRect, "x,y,w,h", x, y, w, h)
	c.checkSize(FillRect, w, h)
	c.Ops = append(c.Ops, Op{Kind: FillRect, Args: []float64{x, y, w, h}, Color: col})
}

// StrokeRect implements render.Canvas.
func (c *Canvas) StrokeRect(x, y, w, h, width float64, col color.RGBA) {
	c.check(StrokeRect, "x,y,w,h,width", x, y, w, h, width)
	c.checkSize(StrokeRect, w, h)
	c.Ops = append(c.Ops, Op{Kind: StrokeRect, Args: []float64{x, y, w, h, width}, Color: col})
}

// StrokeLine implements render.Canvas.
func (c *Canvas) StrokeLine(x0, y0, x1, y1, width float64, col color.RGBA) {
	c.check(StrokeLine, "x0,y0,x1,y1,width", x0, y0, x1, y1, width)
	c.Ops = append(c.Ops, Op{Kind: StrokeLine, Args: []float64{x0, y0, x1, y1, width}, Color: col})
}

// Polyline implements render.Canvas. NaN points are allowed (they are gaps); infinities are
// not, and a point with exactly one NaN coordinate is reported because it is almost always
// a bug in the caller's mapping.
func (c *Canvas) Polyline(xs, ys []float64, width float64, col color.RGBA) {
	c.check(Polyline, "width", width)
	if len(xs) != len(ys) {
		c.Problems = append(c.Problems, fmt.Sprintf("op %d Polyline: %d xs but %d ys", len(c.Ops), len(xs), len(ys)))
	}
	for i := range min(len(xs), len(ys)) {
		if math.IsInf(xs[i], 0) || math.IsInf(ys[i], 0) || math.IsNaN(xs[i]) != math.IsNaN(ys[i]) {
			c.Problems = append(c.Problems, fmt.Sprintf("op %d Polyline: point %d = (%v, %v)", len(c.Ops), i, xs[i], ys[i]))
		}
	}
	c.Ops = append(c.Ops, Op{Kind: Polyline, Args: []float64{width}, Xs: append([]float64(nil), xs...),
		Ys: append([]float64(nil), ys...), Color: col})
}

// FillPolygon implements render.Canvas.
func (c *Canvas) FillPolygon(xs, ys []float64, col color.RGBA) {
	for i := range xs {
		c.check(FillPolygon, "x", xs[i])
	}
	for i := range ys {
		c.check(FillPolygon, "y", ys[i])
	}
	c.Ops = append(c.Ops, Op{Kind: FillPolygon, Xs: append([]float64(nil), xs...),
		Ys: append([]float64(nil), ys...), Color: col})
}

// FillCircle implements render.Canvas.
func (c *Canvas) FillCircle(cx, cy, r float64, col color.RGBA) {
	c.check(FillCircle, "cx,cy,r", cx, cy, r)
	c.Ops = append(c.Ops, Op{Kind: FillCircle, Args: []float64{cx, cy, r}, Color: col})
}

// Text implements render.Canvas. Strings mentioning NaN or Inf are reported too: a number
// that reached a label unformatted is as bad as one that reached a coordinate.
func (c *Canvas) Text(s string, x, y, size float64, col color.RGBA, align render.Align) {
	c.check(Text, "x,y,size", x, y, size)
	if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
		c.Problems = append(c.Problems, fmt.Sprintf("op %d Text: %q shows a non-finite number", len(c.Ops), s))
	}
	c.Ops = append(c.Ops, Op{Kind: Text, Args: []float64{x, y, size}, Color: col, Text: s, Align: align})
}

// TextWidth implements render.Canvas with a fixed advance of 0.55 em per rune, a typical
// average for sans text, so layouts in tests do not depend on a font.
func (c *Canvas) TextWidth(s string, size float64) float64 {
	return 0.55 * size * float64(len([]rune(s)))
}

// DrawImage implements render.ImageDrawer.
func (c *Canvas) DrawImage(x, y, w, h float64, pix []byte, pw, ph int) {
	c.check(Image, "x,y,w,h", x, y, w, h)
	c.checkSize(Image, w, h)
	if len(pix) < 4*pw*ph {
		c.Problems = append(c.Problems, fmt.Sprintf("op %d Image: %d bytes for %dx%d", len(c.Ops), len(pix), pw, ph))
	}
	c.Ops = append(c.Ops, Op{Kind: Image, Args: []float64{x, y, w, h}, PW: pw, PH: ph, Pix: append([]byte(nil), pix...)})
}

// Count returns how many operations of kind k were recorded.
func (c *Canvas) Count(k Kind) int {
	n := 0
	for _, o := range c.Ops {
		if o.Kind == k {
			n++
		}
	}
	return n
}

// Texts returns every string drawn, in order.
func (c *Canvas) Texts() []string {
	var t []string
	for _, o := range c.Ops {
		if o.Kind == Text {
			t = append(t, o.Text)
		}
	}
	return t
}

// AllText is every drawn string joined by newlines, for "contains" assertions.
func (c *Canvas) AllText() string { return strings.Join(c.Texts(), "\n") }

// HasText reports whether s was drawn, possibly word-wrapped over several Text calls: its
// words must appear consecutively in the drawn strings taken together.
func (c *Canvas) HasText(s string) bool {
	want := strings.Join(strings.Fields(s), " ")
	if want == "" {
		return true
	}
	got := strings.Join(strings.Fields(strings.Join(c.Texts(), " ")), " ")
	return strings.Contains(got, want)
}

// CheckFinite returns the problems as one error, or nil when every operation had finite
// numbers, non-negative sizes and no "NaN" or "Inf" in its text.
func (c *Canvas) CheckFinite() error {
	if len(c.Problems) == 0 {
		return nil
	}
	if len(c.Problems) > 10 {
		return fmt.Errorf("%d problems, first ten:\n%s", len(c.Problems), strings.Join(c.Problems[:10], "\n"))
	}
	return fmt.Errorf("%s", strings.Join(c.Problems, "\n"))
}

// Reset forgets everything recorded, keeping the size.
func (c *Canvas) Reset() { c.Ops, c.Problems = c.Ops[:0], c.Problems[:0] }
