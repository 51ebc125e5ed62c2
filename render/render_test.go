package render_test

import (
	"math"
	"strings"
	"testing"

	"solvable/render"
	"solvable/render/recorder"
)

func TestDrawPixelsUsesImageDrawer(t *testing.T) {
	r := recorder.New(100, 100)
	pix := make([]byte, 4*6*6)
	render.DrawPixels(r, 10, 10, 60, 60, pix, 6, 6)
	if r.Count(recorder.Image) != 1 || r.Count(recorder.FillRect) != 0 {
		t.Fatalf("want one image op, got %v", r.Ops)
	}
	if op := r.Ops[0]; op.PW != 6 || op.PH != 6 {
		t.Errorf("image is %dx%d, want 6x6", op.PW, op.PH)
	}
}

// TestDrawPixelsFallback checks the rectangle fallback: one rectangle per cell when all
// colours differ, merged runs when a row is uniform, and exact tiling either way.
func TestDrawPixelsFallback(t *testing.T) {
	const n = 6
	distinct := make([]byte, 4*n*n)
	for k := range n * n {
		distinct[4*k], distinct[4*k+1], distinct[4*k+2], distinct[4*k+3] = byte(k), byte(2*k), 7, 255
	}
	c := recorder.NewWithoutImages(100, 100)
	if _, ok := c.(render.ImageDrawer); ok {
		t.Fatal("NewWithoutImages must not offer DrawImage")
	}
	render.DrawPixels(c, 10, 20, 60, 30, distinct, n, n)
	r := recorder.Unwrap(c)
	if got := r.Count(recorder.FillRect); got != n*n {
		t.Errorf("distinct colours: %d rects, want %d", got, n*n)
	}
	if a := area(r); math.Abs(a-60*30) > 1e-9 {
		t.Errorf("rects cover %v px², want 1800", a)
	}

	uniform := make([]byte, 4*n*n)
	for k := range uniform {
		uniform[k] = 200
	}
	r.Reset()
	render.DrawPixels(c, 0, 0, 60, 60, uniform, n, n)
	if got := r.Count(recorder.FillRect); got != n {
		t.Errorf("uniform rows: %d rects, want one per row (%d)", got, n)
	}
	if a := area(r); math.Abs(a-3600) > 1e-9 {
		t.Errorf("rects cover %v px², want 3600", a)
	}
}

func area(r *recorder.Canvas) float64 {
	a := 0.0
	for _, o := range r.Ops {
		if o.Kind == recorder.FillRect {
			a += o.Args[2] * o.Args[3]
		}
	}
	return a
}

func TestDrawPixelsRejectsBadInput(t *testing.T) {
	r := recorder.New(10, 10)
	render.DrawPixels(r, math.NaN(), 0, 10, 10, make([]byte, 4), 1, 1)
	render.DrawPixels(r, 0, 0, 10, 10, make([]byte, 3), 1, 1) // too short
	render.DrawPixels(r, 0, 0, 10, 10, nil, 0, 0)
	if len(r.Ops) != 0 {
		t.Errorf("bad input drew %v", r.Ops)
	}
}

// TestWrap uses the recorder's fixed advance of 0.55 em, so at size 10 every rune is 5.5 px.
func TestWrap(t *testing.T) {
	r := recorder.New(100, 100)
	cases := []struct {
		s     string
		width float64
		want  []string
	}{
		{"aaa bbb ccc", 40, []string{"aaa bbb", "ccc"}},                    // 7 runes = 38.5 fits, 11 do not
		{"abcdefghij", 22, []string{"abcd", "efgh", "ij"}},                 // 4 runes = 22 px per line
		{"one\ntwo three", 1000, []string{"one", "two three"}},             // newlines kept
		{"x", 1, []string{"x"}},                                            // one rune always goes somewhere
		{"λλλλ αβ", 11, []string{"λλ", "λλ", "αβ"}},                        // runes, not bytes
		{"", 50, []string{""}},                                             // empty in, one empty line out
		{"  spaced   out  ", 1000, []string{"spaced out"}},                 // runs of spaces collapse
		{"a bb ccc dddd", 22, []string{"a bb", "ccc", "dddd"}},             // greedy filling
		{"supercalifragilistic", 55, []string{"supercalif", "ragilistic"}}, // 10 runes per line
	}
	for _, c := range cases {
		got := render.Wrap(r, c.s, 10, c.width)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Wrap(%q, %v) = %q, want %q", c.s, c.width, got, c.want)
		}
	}
}

func TestEllipsize(t *testing.T) {
	r := recorder.New(100, 100)
	if got := render.Ellipsize(r, "abcdef", 10, 33); got != "abcdef" { // 6 x 5.5 = 33 fits
		t.Errorf("fits: got %q", got)
	}
	if got := render.Ellipsize(r, "abcdef", 10, 22); got != "abc…" { // 4 runes = 22
		t.Errorf("shortened: got %q", got)
	}
}

func TestDashedLine(t *testing.T) {
	r := recorder.New(200, 10)
	// 100 px with 5 on, 5 off: dashes start at 0, 10, ..., 90.
	render.DashedLine(r, 0, 5, 100, 5, 1, 5, 5, render.Ink)
	if got := r.Count(recorder.StrokeLine); got != 10 {
		t.Errorf("%d dashes, want 10", got)
	}
	r.Reset()
	render.DashedLine(r, 0, 5, 1e9, 5, 1, 1, 1, render.Ink)
	if got := r.Count(recorder.StrokeLine); got > 401 {
		t.Errorf("a huge line issued %d dashes; the pattern should widen to keep it near 400", got)
	}
	r.Reset()
	render.DashedLine(r, 0, math.NaN(), 100, 5, 1, 5, 5, render.Ink)
	render.DashedLine(r, 0, 0, 0, 0, 1, 5, 5, render.Ink)
	if len(r.Ops) != 0 || r.CheckFinite() != nil {
		t.Errorf("degenerate dashes drew %v (%v)", r.Ops, r.CheckFinite())
	}
}

func TestRectInset(t *testing.T) {
	r := render.Rect{X: 10, Y: 10, W: 20, H: 20}
	if got := r.Inset(1, 2, 3, 4); got != (render.Rect{X: 11, Y: 12, W: 16, H: 14}) {
		t.Errorf("Inset = %v", got)
	}
	if got := r.Inset(15, 0, 15, 0); got.W != 0 || got.X != 20 || !got.Valid() {
		t.Errorf("over-inset should collapse to the middle, got %v", got)
	}
}

func TestTruncate(t *testing.T) {
	r := recorder.New(100, 100)
	// The recorder measures 0.55 em a rune: at size 10 a width of 33 holds six runes.
	lines := []string{"one", "two", "three"}
	if got := render.Truncate(r, append([]string(nil), lines...), 3, 10, 33); len(got) != 3 || got[2] != "three" {
		t.Errorf("fits: got %q", got)
	}
	if got := render.Truncate(r, append([]string(nil), lines...), 2, 10, 33); len(got) != 2 || got[1] != "two…" {
		t.Errorf("two of three: got %q", got)
	}
	if got := render.Truncate(r, append([]string(nil), lines...), 0, 10, 33); len(got) != 0 {
		t.Errorf("no room: got %q", got)
	}
}

func TestPick(t *testing.T) {
	r := recorder.New(100, 100)
	// At size 10 a rune is 5.5 px wide on the recorder.
	if got := render.Pick(r, 33, 10, "abcdefgh", "abcdef", "ab"); got != "abcdef" {
		t.Errorf("first that fits: got %q", got)
	}
	if got := render.Pick(r, 22, 10, "abcdefgh", "abcdef"); got != "abc…" {
		t.Errorf("none fits: got %q, want the last shortened", got)
	}
}
