package recorder

import (
	"math"
	"strings"
	"testing"

	"solvable/render"
)

func TestRecorderFlagsNonFinite(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cases := []struct {
		name string
		draw func(c *Canvas)
		want string // a fragment of the problem report
	}{
		{"rect x", func(c *Canvas) { c.FillRect(nan, 0, 1, 1, render.Ink) }, "x = NaN"},
		{"rect size", func(c *Canvas) { c.StrokeRect(0, 0, -1, 1, 1, render.Ink) }, "negative size"},
		{"line width", func(c *Canvas) { c.StrokeLine(0, 0, 1, 1, inf, render.Ink) }, "width = +Inf"},
		{"circle", func(c *Canvas) { c.FillCircle(0, 0, nan, render.Ink) }, "r = NaN"},
		{"text position", func(c *Canvas) { c.Text("a", 0, inf, 10, render.Ink, render.AlignLeft) }, "y = +Inf"},
		{"text content", func(c *Canvas) { c.Text("error NaN", 0, 0, 10, render.Ink, render.AlignLeft) }, "non-finite number"},
		{"polyline inf", func(c *Canvas) { c.Polyline([]float64{0, inf}, []float64{0, 1}, 1, render.Ink) }, "point 1"},
		{"polyline half NaN", func(c *Canvas) { c.Polyline([]float64{0, nan}, []float64{0, 1}, 1, render.Ink) }, "point 1"},
		{"image", func(c *Canvas) { c.DrawImage(0, 0, nan, 1, make([]byte, 4), 1, 1) }, "w = NaN"},
	}
	for _, tc := range cases {
		c := New(10, 10)
		tc.draw(c)
		err := c.CheckFinite()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one mentioning %q", tc.name, err, tc.want)
		}
	}
}

func TestRecorderAcceptsGaps(t *testing.T) {
	c := New(10, 10)
	nan := math.NaN()
	c.Polyline([]float64{0, nan, 2}, []float64{0, nan, 2}, 1, render.Ink) // a gap is allowed
	c.Text("1e-9", 1, 1, 10, render.Ink, render.AlignLeft)
	if err := c.CheckFinite(); err != nil {
		t.Error(err)
	}
	if c.Count(Polyline) != 1 || c.AllText() != "1e-9" {
		t.Errorf("recorded %v", c.Ops)
	}
}

func TestWithoutImages(t *testing.T) {
	c := NewWithoutImages(10, 10)
	if _, ok := c.(render.ImageDrawer); ok {
		t.Error("NewWithoutImages must hide DrawImage")
	}
	c.FillRect(0, 0, 1, 1, render.Ink)
	if Unwrap(c).Count(FillRect) != 1 {
		t.Error("operations are not recorded through the wrapper")
	}
}

func TestHasText(t *testing.T) {
	c := New(100, 100)
	c.Text("lambda must be", 0, 10, 10, render.Ink, render.AlignLeft)
	c.Text("positive.", 0, 20, 10, render.Ink, render.AlignLeft)
	if !c.HasText("lambda must  be positive.") {
		t.Error("a sentence wrapped over two lines was not found")
	}
	if c.HasText("lambda must be negative.") {
		t.Error("found a sentence that was not drawn")
	}
}
