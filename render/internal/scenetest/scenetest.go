// Package scenetest holds the test helper that every scene package under render/ had written
// for itself: drawing a scene's representative views at several canvas sizes to PNG files,
// which people look at (set SOLVABLE_SAVE_PNG to a directory to keep them) and which catch a
// crash or a non-finite coordinate on the way. Shared so each scene's test lists only its
// views and sizes.
package scenetest

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"solvable/render"
	"solvable/render/rastercanvas"
	"solvable/render/recorder"
)

// Case is one view to draw, named for the file.
type Case[V any] struct {
	Name string
	View V
}

// Size is a canvas's width and height in CSS pixels, named WxH in the file.
type Size [2]float64

func (s Size) String() string {
	return strconv.Itoa(int(s[0])) + "x" + strconv.Itoa(int(s[1]))
}

// SaveDir is the directory SOLVABLE_SAVE_PNG names, or "" when the pictures are not kept.
func SaveDir() string { return os.Getenv("SOLVABLE_SAVE_PNG") }

// RenderPNG draws every case at every size with draw on a raster canvas and writes it as
// prefix-name-WxH.png to a temporary directory and, when SOLVABLE_SAVE_PNG is set, there too.
// It also draws every case on a recorder and reports any non-finite coordinate.
func RenderPNG[V any](t *testing.T, prefix string, cases []Case[V], sizes []Size, draw func(render.Canvas, V)) {
	t.Helper()
	dirs := []string{t.TempDir()}
	if d := SaveDir(); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, d)
	}
	for _, tc := range cases {
		for _, sz := range sizes {
			c := rastercanvas.New(sz[0], sz[1], 1)
			draw(c, tc.View)
			for _, d := range dirs {
				if err := c.SavePNG(filepath.Join(d, prefix+"-"+tc.Name+"-"+sz.String()+".png")); err != nil {
					t.Fatal(err)
				}
			}
			rec := recorder.New(sz[0], sz[1])
			draw(rec, tc.View)
			if err := rec.CheckFinite(); err != nil {
				t.Errorf("%s %s: %v", tc.Name, sz, err)
			}
		}
	}
}

// Disjoint reports, prefixed with where, every one of parts (a layout's rectangles by name)
// that is not a valid rectangle inside the w by h canvas, and every two of them that overlap.
func Disjoint(t testing.TB, where string, w, h float64, parts map[string]render.Rect) {
	t.Helper()
	for name, r := range parts {
		if !r.Valid() || r.X < 0 || r.Y < 0 || r.Right() > w+0.01 || r.Bottom() > h+0.01 {
			t.Errorf("%s: %s %+v is not inside the canvas", where, name, r)
		}
	}
	for a, ra := range parts {
		for b, rb := range parts {
			if a < b && Overlap(ra, rb) {
				t.Errorf("%s: %s %+v overlaps %s %+v", where, a, ra, b, rb)
			}
		}
	}
}

// Overlap reports whether a and b, both of positive size, overlap by more than a hundredth
// of a pixel both ways (touching edges do not count).
func Overlap(a, b render.Rect) bool {
	return a.W > 0 && a.H > 0 && b.W > 0 && b.H > 0 &&
		a.X < b.Right()-0.01 && b.X < a.Right()-0.01 && a.Y < b.Bottom()-0.01 && b.Y < a.Bottom()-0.01
}

// StaysFinite draws every one of views (by name) at every size with draw on a recorder and
// reports any non-finite coordinate, size or label, and any canvas at least 200 px wide left
// without a word on it.
func StaysFinite[V any](t testing.TB, views map[string]V, sizes []Size, draw func(render.Canvas, V)) {
	t.Helper()
	for name, v := range views {
		for _, s := range sizes {
			r := recorder.New(s[0], s[1])
			draw(r, v)
			if err := r.CheckFinite(); err != nil {
				t.Errorf("%s at %v: %v", name, [2]float64(s), err)
			}
			if s[0] >= 200 && len(r.Texts()) == 0 {
				t.Errorf("%s at %v: nothing written", name, [2]float64(s))
			}
		}
	}
}
