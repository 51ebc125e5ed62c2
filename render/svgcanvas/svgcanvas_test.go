package svgcanvas

import (
	"bytes"
	"encoding/xml"
	"image/color"
	"io"
	"math"
	"strings"
	"testing"

	"solvable/render"
	"solvable/render/rastercanvas"
)

// Elements parses an SVG document and counts its elements by local name; it fails the test
// when the document is not well-formed XML.
func Elements(t testing.TB, doc []byte) map[string]int {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(doc))
	out := map[string]int{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("the SVG does not parse: %v\n%s", err, doc)
		}
		if se, ok := tok.(xml.StartElement); ok {
			out[se.Name.Local]++
		}
	}
}

func TestEveryCallIsOneElement(t *testing.T) {
	c := New(200, 100)
	c.Title, c.Desc, c.Metadata = "Solvable sinkhorn", "model=sinkhorn&lambda=0.1 <&>", "exported: 2026-11-27"
	red := color.RGBA{200, 0, 0, 255}
	c.FillRect(1, 2, 3, 4, red)
	c.StrokeRect(1, 2, 30, 40, 1.5, render.WithAlpha(red, 0.5))
	c.StrokeLine(0, 0, 10.123456, 10, 1, red)
	c.Polyline([]float64{0, 1, math.NaN(), 3, 4, 5}, []float64{0, 1, math.NaN(), 3, 4, 5}, 2, red)
	c.FillCircle(5, 5, 2, red)
	c.FillPolygon([]float64{0, 10, 5}, []float64{0, 0, 8}, render.WithAlpha(red, 0.25))
	c.Text("a < b & \"c\"", 100, 50, 12, red, render.AlignCenter)
	c.DrawImage(0, 0, 20, 20, []byte{255, 0, 0, 255, 0, 0, 255, 255, 0, 0, 0, 0, 0, 128, 0, 128}, 2, 2)
	doc := c.Bytes()
	got := Elements(t, doc)
	want := map[string]int{"svg": 1, "title": 1, "desc": 1, "metadata": 1, "rect": 3, "line": 1, "path": 1,
		"circle": 1, "polygon": 1, "text": 1, "image": 1}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%d <%s>, want %d\n%s", got[k], k, v, doc)
		}
	}
	s := string(doc)
	for _, frag := range []string{`x2="10.12"`, `d="M0 0L1 1 M3 3L4 4L5 5"`, `stroke-opacity="0.502"`,
		`fill-opacity="0.251"`, `font-family="'Go', 'Go Regular', sans-serif"`, `data:image/png;base64,`,
		`fill="#c70000" fill-opacity="0.251"`} {
		if !strings.Contains(s, frag) {
			t.Errorf("no %s in\n%s", frag, s)
		}
	}
	if strings.Contains(s, "NaN") || strings.Contains(s, "Inf") {
		t.Errorf("a non-finite number reached the SVG:\n%s", s)
	}
}

func TestNonFiniteDrawsNothing(t *testing.T) {
	c := New(10, 10)
	before := c.body.Len()
	nan, inf := math.NaN(), math.Inf(1)
	red := color.RGBA{255, 0, 0, 255}
	c.FillRect(nan, 0, 1, 1, red)
	c.StrokeRect(0, 0, -1, 1, 1, red)
	c.StrokeLine(0, 0, inf, 1, 1, red)
	c.Polyline([]float64{0, nan, 2}, []float64{0, nan, 2}, 1, red) // isolated points only
	c.FillCircle(0, 0, nan, red)
	c.FillPolygon([]float64{0, 1, nan}, []float64{0, 1, 2}, red)
	c.Text("x", nan, 0, 10, red, render.AlignLeft)
	c.Text("", 0, 0, 10, red, render.AlignLeft)
	c.DrawImage(0, 0, nan, 1, []byte{0, 0, 0, 0}, 1, 1)
	if c.body.Len() != before {
		t.Errorf("non-finite calls wrote %q", c.body.String()[before:])
	}
	Elements(t, c.Bytes())
}

func TestTextWidthMatchesRaster(t *testing.T) {
	c := New(100, 100)
	r := rastercanvas.New(100, 100, 1)
	for _, s := range []string{"marginal error", "λ = 0.05", "W₂ ≈ 1.2345e-3"} {
		for _, size := range []float64{10, 12.5, 16} {
			if a, b := c.TextWidth(s, size), r.TextWidth(s, size); a != b {
				t.Errorf("TextWidth(%q, %g) = %g here, %g in rastercanvas", s, size, a, b)
			}
		}
	}
}

func TestEscapeDropsControlCharacters(t *testing.T) {
	c := New(10, 10)
	c.Text("a\x00b\x1bc", 0, 5, 5, color.RGBA{A: 255}, render.AlignLeft)
	Elements(t, c.Bytes())
}
