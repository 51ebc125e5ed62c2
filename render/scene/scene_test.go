package scene

import (
	"math"
	"strings"
	"testing"

	"solvable/render"
	"solvable/render/recorder"
)

func TestBegin(t *testing.T) {
	for _, sz := range [][2]float64{{0, 0}, {math.NaN(), 100}, {100, -1}} {
		r := recorder.New(sz[0], sz[1])
		if _, _, ok := Begin(r); ok || len(r.Ops) != 0 {
			t.Errorf("%v: ok = %v, %d ops; want nothing drawn", sz, ok, len(r.Ops))
		}
	}
	r := recorder.New(300, 200)
	w, h, ok := Begin(r)
	if !ok || w != 300 || h != 200 || r.Count(recorder.FillRect) != 1 {
		t.Errorf("got %v x %v, ok %v, %d fills; want 300 x 200, the background", w, h, ok, r.Count(recorder.FillRect))
	}
}

func TestMeasure(t *testing.T) {
	if s := Measure(math.NaN(), 100); s.W != 0 || s.H != 0 || !s.Full.Valid() {
		t.Errorf("NaN canvas: %+v", s)
	}
	for _, sz := range [][2]float64{{320, 568}, {800, 600}, {1920, 1080}} {
		s := Measure(sz[0], sz[1])
		if s.FS < 10 || s.FS > 13 || s.Pad < 4 || s.Pad > 14 {
			t.Errorf("%v: FS %v, Pad %v out of range", sz, s.FS, s.Pad)
		}
		if f := s.Full; !near(f.X, s.Pad) || !near(f.Y, s.Pad) || !near(f.Right(), sz[0]-s.Pad) || !near(f.Bottom(), sz[1]-s.Pad) {
			t.Errorf("%v: Full %+v", sz, s.Full)
		}
		head, body := s.Header(2)
		if head.Y != s.Full.Y || !near(body.Y, head.Bottom()+s.Pad*0.5) || !near(body.Bottom(), s.Full.Bottom()) {
			t.Errorf("%v: header %+v, body %+v", sz, head, body)
		}
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMessage(t *testing.T) {
	r := recorder.New(800, 600)
	Message(r, render.Rect{X: 10, Y: 10, W: 780, H: 580}, 12, "This cannot be shown", "lambda must be positive.")
	if !r.HasText("This cannot be shown") || !r.HasText("lambda must be positive.") {
		t.Errorf("texts %q", r.Texts())
	}
	if err := r.CheckFinite(); err != nil {
		t.Fatal(err)
	}
	r = recorder.New(120, 200)
	Message(r, render.Rect{X: 4, Y: 4, W: 112, H: 192}, 10, "A title much wider than the panel", "x")
	if title := r.Texts()[0]; !strings.HasSuffix(title, "…") {
		t.Errorf("narrow panel: title %q, want it shortened", title)
	}
	r = recorder.New(20, 20)
	Message(r, render.Rect{W: 20, H: 20}, 10, "title", "s")
	if len(r.Ops) != 0 {
		t.Errorf("no room: %d ops", len(r.Ops))
	}
}

func TestNoteAndHeadline(t *testing.T) {
	r := recorder.New(400, 300)
	Note(r, render.Rect{W: 400, H: 40}, 12, "")
	if len(r.Ops) != 0 {
		t.Errorf("empty note drew %d ops", len(r.Ops))
	}
	Note(r, render.Rect{W: 400, H: 40}, 12, "GD diverged.")
	if !r.HasText("GD diverged.") {
		t.Errorf("note: texts %q", r.Texts())
	}
	r.Reset()
	head := render.Rect{W: 400, H: 3 * render.LineHeight(12*1.05)}
	y, room := Headline(r, head, 12, "One short line.", render.Ink)
	if room != 2 || y <= 0 || !r.HasText("One short line.") {
		t.Errorf("headline: y %v, room %d, texts %q", y, room, r.Texts())
	}
	if !Subline(r, head, y, 12, strings.Repeat("x", 100), "fits") || !r.HasText("fits") {
		t.Errorf("subline: texts %q", r.Texts())
	}
	if Subline(r, head, y, 12, strings.Repeat("x", 100)) {
		t.Error("a subline wider than the strip was drawn")
	}
}
