package glyphs

import (
	"math"
	"testing"
)

func TestWidth(t *testing.T) {
	var f Faces
	w := f.Width("0123456789", 10)
	// Go Regular's digits are tabular, a little over half an em each: 10 digits at 10 px
	// lie between 50 and 65 px.
	if w < 50 || w > 65 {
		t.Errorf("ten digits at 10 px are %v px wide", w)
	}
	if f.Width("", 10) != 0 {
		t.Error("empty string has width")
	}
	if d := f.Width("ab", 20) - 2*f.Width("ab", 10); math.Abs(d) > 0.5 {
		t.Errorf("width does not scale with size (off by %v)", d)
	}
}

func TestCacheIsBounded(t *testing.T) {
	var f Faces
	for i := range 100 {
		f.Face(8 + float64(i)*0.5)
	}
	if len(f.faces) > maxFaces {
		t.Errorf("%d faces cached, limit %d", len(f.faces), maxFaces)
	}
	for _, px := range []float64{math.NaN(), -3, 0, math.Inf(1), 1e9} {
		if f.Face(px) == nil {
			t.Errorf("no face for size %v", px)
		}
	}
}
