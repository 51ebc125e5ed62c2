package render

import "image/color"

// Align says where a text anchor sits relative to the string.
type Align int

const (
	AlignLeft Align = iota
	AlignCenter
	AlignRight
)

// Canvas is everything a scene may do to a picture. Coordinates are CSS pixels with the
// origin at the top left; a backend maps them to device pixels (the Ebiten backend multiplies
// by the device scale factor, an SVG backend writes them as they are). Keeping scenes on this
// small interface lets the same drawing code go to the screen, to a recorder in tests and to
// vector export.
type Canvas interface {
	// Size is the drawable area in CSS pixels.
	Size() (w, h float64)
	FillRect(x, y, w, h float64, c color.RGBA)
	StrokeRect(x, y, w, h, width float64, c color.RGBA)
	StrokeLine(x0, y0, x1, y1, width float64, c color.RGBA)
	// Polyline strokes the open path through (xs[i], ys[i]). Points with a NaN coordinate
	// break the path (a gap), so a series with missing values needs no special casing.
	Polyline(xs, ys []float64, width float64, c color.RGBA)
	FillCircle(cx, cy, r float64, c color.RGBA)
	// FillPolygon fills the closed polygon through (xs[i], ys[i]) (non-zero winding), so a
	// scene can draw faces and planes; a translucent colour shows what lies behind. A
	// polygon with a non-finite point or fewer than three points draws nothing.
	FillPolygon(xs, ys []float64, c color.RGBA)
	// Text draws s with its baseline at y; x is the left edge, centre or right edge per align.
	Text(s string, x, y, size float64, c color.RGBA, align Align)
	// TextWidth is the advance of s at the given size, for layout.
	TextWidth(s string, size float64) float64
}
