// Package glyphs holds the one typeface the backends use (Go Regular, embedded by
// golang.org/x/image/font/gofont) and caches its faces by pixel size, so the raster canvas
// and the browser canvas measure and shape text identically.
package glyphs

import (
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

var (
	parseOnce sync.Once
	parsed    *opentype.Font
	parseErr  error
)

// regular parses the embedded font once per program.
func regular() (*opentype.Font, error) {
	parseOnce.Do(func() { parsed, parseErr = opentype.Parse(goregular.TTF) })
	return parsed, parseErr
}

// Faces caches faces of Go Regular by size. It is not safe for concurrent use (faces
// share scratch buffers); each canvas owns one.
type Faces struct {
	faces map[int]font.Face
}

// maxFaces bounds the cache: a scene uses a handful of sizes, but a caller animating the
// size would otherwise grow it without end.
const maxFaces = 24

// sizeKey quantises a pixel size to quarter pixels.
func sizeKey(px float64) int {
	if !(px > 0) || math.IsInf(px, 0) {
		return 4
	}
	return max(1, min(int(math.Round(px*4)), 4*512))
}

// Face returns the face for a size in device pixels, or nil if the font cannot be loaded
// (which cannot happen with the embedded font, but callers then draw no text rather than
// crash).
func (f *Faces) Face(px float64) font.Face {
	k := sizeKey(px)
	if face, ok := f.faces[k]; ok {
		return face
	}
	fnt, err := regular()
	if err != nil {
		return nil
	}
	face, err := opentype.NewFace(fnt, &opentype.FaceOptions{Size: float64(k) / 4, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		return nil
	}
	if f.faces == nil || len(f.faces) >= maxFaces {
		f.faces = map[int]font.Face{}
	}
	f.faces[k] = face
	return face
}

// Width is the advance of s in device pixels at the given size, kerning included.
func (f *Faces) Width(s string, px float64) float64 {
	face := f.Face(px)
	if face == nil {
		return 0
	}
	return Fixed(font.MeasureString(face, s))
}

// Fixed converts a 26.6 fixed-point length to a float.
func Fixed(v fixed.Int26_6) float64 { return float64(v) / 64 }
