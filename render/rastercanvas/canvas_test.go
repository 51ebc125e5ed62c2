package rastercanvas

import (
	"bytes"
	"image/color"
	"image/png"
	"math"
	"testing"

	"solvable/render"
)

var (
	red   = color.RGBA{255, 0, 0, 255}
	white = color.RGBA{255, 255, 255, 255}
)

func newWhite(w, h, scale float64) *Canvas {
	c := New(w, h, scale)
	c.Clear(white)
	return c
}

func at(c *Canvas, x, y int) color.RGBA { return c.img.RGBAAt(x, y) }

func TestNewSizes(t *testing.T) {
	c := New(100.5, 40, 2)
	if b := c.Image().Bounds(); b.Dx() != 201 || b.Dy() != 80 {
		t.Errorf("image is %v, want 201x80 (ceil of CSS size x scale)", b)
	}
	if w, h := c.Size(); w != 100.5 || h != 40 {
		t.Errorf("Size = %v, %v", w, h)
	}
	if c := New(10, 10, math.NaN()); c.Scale() != 1 {
		t.Error("a NaN scale should mean 1")
	}
}

func TestFillRectSnapsToPixels(t *testing.T) {
	c := newWhite(50, 50, 2)
	c.FillRect(10, 10, 5, 5, red) // device pixels 20..29
	for _, p := range [][2]int{{20, 20}, {29, 29}, {25, 22}} {
		if got := at(c, p[0], p[1]); got != red {
			t.Errorf("pixel %v = %v, want solid red", p, got)
		}
	}
	for _, p := range [][2]int{{19, 20}, {30, 25}, {25, 30}} {
		if got := at(c, p[0], p[1]); got != white {
			t.Errorf("pixel %v = %v, want untouched", p, got)
		}
	}
}

func TestThinRectStillShows(t *testing.T) {
	c := newWhite(20, 20, 1)
	c.FillRect(5, 5, 0.3, 10, red) // under a pixel wide: drawn with partial coverage
	got := at(c, 5, 10)
	if got == white || got == red {
		t.Errorf("pixel = %v, want a partial tint", got)
	}
}

// TestHorizontalLineIsCrisp: a 1 px rule at y = 10 must fill exactly one device row.
func TestHorizontalLineIsCrisp(t *testing.T) {
	c := newWhite(40, 20, 1)
	c.StrokeLine(5, 10, 35, 10, 1, red)
	rows := 0
	for y := 0; y < 20; y++ {
		if got := at(c, 20, y); got != white {
			if got != red {
				t.Errorf("row %d = %v, want solid red or untouched", y, got)
			}
			rows++
		}
	}
	if rows != 1 {
		t.Errorf("line covers %d rows, want 1", rows)
	}
}

func TestPolylineGap(t *testing.T) {
	c := newWhite(100, 20, 1)
	nan := math.NaN()
	c.Polyline([]float64{5, 30, nan, 60, 95}, []float64{10, 10, nan, 10, 10}, 2, red)
	if at(c, 20, 10) != red || at(c, 80, 10) != red {
		t.Error("the two pieces are missing")
	}
	if at(c, 45, 10) != white {
		t.Error("the gap at NaN was drawn over")
	}
}

func TestPolylineJoinIsSolid(t *testing.T) {
	// A right-angle turn: the corner pixel must be covered once (not cancelled by opposite
	// windings, not left as a notch).
	c := newWhite(40, 40, 1)
	c.Polyline([]float64{5, 20, 20}, []float64{20, 20, 35}, 4, red)
	if got := at(c, 20, 20); got != red {
		t.Errorf("corner = %v, want red", got)
	}
}

func TestFillCircle(t *testing.T) {
	c := newWhite(40, 40, 1)
	c.FillCircle(20, 20, 8, red)
	if at(c, 20, 20) != red || at(c, 20, 14) != red {
		t.Error("inside not filled")
	}
	if at(c, 20, 30) != white || at(c, 27, 27) != white { // 7*sqrt2 = 9.9 > 8
		t.Error("outside touched")
	}
}

func TestFillPolygon(t *testing.T) {
	// A right triangle with legs 30 along the top and left edges: the hypotenuse is x + y = 35.
	c := newWhite(40, 40, 1)
	c.FillPolygon([]float64{5, 35, 5}, []float64{5, 5, 35}, red)
	if at(c, 10, 10) != red || at(c, 25, 7) != red || at(c, 7, 25) != red {
		t.Error("inside not filled")
	}
	if at(c, 25, 25) != white || at(c, 2, 2) != white {
		t.Error("outside touched")
	}
	// Clockwise and counter-clockwise orders fill the same pixels.
	d := newWhite(40, 40, 1)
	d.FillPolygon([]float64{5, 5, 35}, []float64{5, 35, 5}, red)
	for y := range 40 {
		for x := range 40 {
			if at(c, x, y) != at(d, x, y) {
				t.Fatalf("winding changes pixel %d,%d", x, y)
			}
		}
	}
}

func TestStrokeRect(t *testing.T) {
	c := newWhite(40, 40, 1)
	c.StrokeRect(10, 10, 20, 20, 1, red)
	if at(c, 20, 10) != red || at(c, 10, 20) != red || at(c, 30, 20) != red || at(c, 20, 30) != red {
		t.Error("edges missing")
	}
	if at(c, 20, 20) != white {
		t.Error("inside filled")
	}
}

func TestTranslucentFillComposites(t *testing.T) {
	c := newWhite(10, 10, 1)
	c.FillRect(0, 0, 10, 10, render.WithAlpha(color.RGBA{0, 0, 0, 255}, 0.5))
	if got := at(c, 5, 5); got.R < 126 || got.R > 129 {
		t.Errorf("half black over white = %v, want mid grey", got)
	}
}

func TestDrawImage(t *testing.T) {
	// 2x2 image into 20x20: each quadrant one colour (nearest neighbour, hard edges).
	pix := []byte{
		255, 0, 0, 255, 0, 255, 0, 255,
		0, 0, 255, 255, 0, 0, 0, 255,
	}
	c := newWhite(30, 30, 1)
	c.DrawImage(5, 5, 20, 20, pix, 2, 2)
	checks := map[[2]int]color.RGBA{
		{5, 5}: red, {14, 14}: red, {15, 5}: {0, 255, 0, 255}, {5, 15}: {0, 0, 255, 255}, {24, 24}: {0, 0, 0, 255}, {4, 4}: white,
	}
	for p, want := range checks {
		if got := at(c, p[0], p[1]); got != want {
			t.Errorf("pixel %v = %v, want %v", p, got, want)
		}
	}
	// A 4x4 black-and-white checkerboard shrunk to 2x2 pixels averages to grey.
	var board []byte
	for j := range 4 {
		for i := range 4 {
			v := byte(255 * ((i + j) % 2))
			board = append(board, v, v, v, 255)
		}
	}
	c = newWhite(2, 2, 1)
	c.DrawImage(0, 0, 2, 2, board, 4, 4)
	if got := at(c, 0, 0); got.R < 126 || got.R > 129 {
		t.Errorf("shrunk checkerboard = %v, want mid grey", got)
	}
}

func TestText(t *testing.T) {
	c := newWhite(120, 30, 1)
	w := c.TextWidth("hello", 12)
	// Go Regular's lowercase averages a bit over half an em: five letters at 12 px is 25-35 px.
	if w < 20 || w > 40 {
		t.Errorf("TextWidth = %v", w)
	}
	if c2 := New(10, 10, 2); math.Abs(c2.TextWidth("hello", 12)-w) > 0.5 {
		t.Error("text width in CSS px must not depend on the scale")
	}
	c.Text("hello", 60, 20, 12, red, render.AlignCenter)
	minX, maxX := 1000, -1
	for y := 0; y < 30; y++ {
		for x := 0; x < 120; x++ {
			if at(c, x, y) != white {
				minX, maxX = min(minX, x), max(maxX, x)
			}
		}
	}
	if maxX < 0 {
		t.Fatal("no text drawn")
	}
	if mid := float64(minX+maxX) / 2; math.Abs(mid-60) > 3 {
		t.Errorf("centred text spans %d..%d, centre %v, want about 60", minX, maxX, mid)
	}
}

func TestNonFiniteDrawsNothing(t *testing.T) {
	c := newWhite(20, 20, 1)
	nan, inf := math.NaN(), math.Inf(1)
	c.FillRect(nan, 0, 5, 5, red)
	c.StrokeRect(0, 0, inf, 5, 1, red)
	c.StrokeLine(0, 0, nan, 5, 1, red)
	c.Polyline([]float64{0, inf}, []float64{0, 5}, 1, red)
	c.FillCircle(5, 5, nan, red)
	c.FillPolygon([]float64{0, 10, nan}, []float64{0, 0, 10}, red)
	c.Text("x", nan, 5, 10, red, render.AlignLeft)
	c.DrawImage(0, 0, inf, 1, []byte{1, 2, 3, 255}, 1, 1)
	for y := range 20 {
		for x := range 20 {
			if at(c, x, y) != white {
				t.Fatalf("pixel %d,%d touched", x, y)
			}
		}
	}
}

func TestWritePNG(t *testing.T) {
	c := New(8, 8, 1)
	var b bytes.Buffer
	if err := c.WritePNG(&b); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil || img.Bounds().Dx() != 8 {
		t.Fatalf("decode: %v %v", err, img)
	}
}
