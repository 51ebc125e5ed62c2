package render

import "image/color"

// The palette: colours chosen for a white or off-white page. Text colours keep a contrast
// ratio of at least 4.5:1 on White; the series colours differ in lightness as well as hue so
// that neighbouring lines stay apart for readers with colour-vision deficiencies.
var (
	White      = color.RGBA{0xff, 0xff, 0xff, 0xff}
	Background = color.RGBA{0xfc, 0xfb, 0xf8, 0xff} // page-like off-white behind a scene
	Panel      = color.RGBA{0xff, 0xff, 0xff, 0xff} // plot areas, slightly lifted from Background
	Ink        = color.RGBA{0x1d, 0x22, 0x2a, 0xff} // body text and axis lines
	Muted      = color.RGBA{0x58, 0x60, 0x6b, 0xff} // secondary text, tick labels
	Frame      = color.RGBA{0x9a, 0xa1, 0xab, 0xff} // plot borders and tick marks
	Grid       = color.RGBA{0xe6, 0xe8, 0xec, 0xff} // grid lines
	Highlight  = color.RGBA{0xff, 0xf0, 0xc2, 0xff} // pale amber wash behind what just changed
	WarnInk    = color.RGBA{0x9b, 0x26, 0x1c, 0xff} // error sentences
	WarnWash   = color.RGBA{0xfd, 0xec, 0xe8, 0xff} // behind error sentences
	NaNCell    = color.RGBA{0xc8, 0xc8, 0xc8, 0xff} // a heatmap cell with no finite value

	Blue   = color.RGBA{0x2b, 0x63, 0xb0, 0xff}
	Orange = color.RGBA{0xd2, 0x75, 0x1f, 0xff}
	Green  = color.RGBA{0x27, 0x7a, 0x43, 0xff}
	Red    = color.RGBA{0xc0, 0x39, 0x2b, 0xff}
	Purple = color.RGBA{0x75, 0x4f, 0xad, 0xff}
	Teal   = color.RGBA{0x1b, 0x8a, 0x8c, 0xff}
	Brown  = color.RGBA{0x86, 0x5e, 0x3c, 0xff}
	Grey   = color.RGBA{0x6d, 0x74, 0x7e, 0xff}
)

// Series lists the line colours in the order a multi-line plot should use them.
var Series = []color.RGBA{Blue, Orange, Green, Red, Purple, Teal, Brown, Grey}

// SeriesColor returns the i-th series colour, cycling.
func SeriesColor(i int) color.RGBA {
	if i < 0 {
		i = -i
	}
	return Series[i%len(Series)]
}

// WithAlpha returns c (taken as opaque) at opacity a in [0, 1], premultiplied as color.RGBA
// requires; backends composite it with "over".
func WithAlpha(c color.RGBA, a float64) color.RGBA {
	a = Clamp(a, 0, 1)
	return color.RGBA{
		R: uint8(float64(c.R)*a + 0.5),
		G: uint8(float64(c.G)*a + 0.5),
		B: uint8(float64(c.B)*a + 0.5),
		A: uint8(255*a + 0.5),
	}
}

// Mix blends two opaque colours: t = 0 gives a, t = 1 gives b. Used for tints (a colour mixed
// towards white) that stay opaque, so overlapping shapes do not darken.
func Mix(a, b color.RGBA, t float64) color.RGBA {
	t = Clamp(t, 0, 1)
	l := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), l(a.A, b.A)}
}
