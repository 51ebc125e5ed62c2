package plot

import (
	"image/color"

	"solvable/render"
)

// Style holds the sizes and colours a chart is drawn with.
type Style struct {
	FontSize   float64 // tick labels and axis labels, CSS px
	TitleSize  float64
	TickLen    float64 // major tick length; minor ticks are half as long
	LineWidth  float64 // frame and tick strokes
	Ink        color.RGBA
	Muted      color.RGBA
	Frame      color.RGBA
	Grid       color.RGBA
	Back       color.RGBA // plot area fill; transparent (A = 0) leaves it unfilled
	GridLines  bool
	MinorTicks bool
}

// DefaultStyle is the palette's chart style at the given tick-label size.
func DefaultStyle(fontSize float64) Style {
	return Style{
		FontSize:   fontSize,
		TitleSize:  fontSize * 1.1,
		TickLen:    4,
		LineWidth:  1,
		Ink:        render.Ink,
		Muted:      render.Muted,
		Frame:      render.Frame,
		Grid:       render.Grid,
		Back:       render.Panel,
		GridLines:  true,
		MinorTicks: true,
	}
}
