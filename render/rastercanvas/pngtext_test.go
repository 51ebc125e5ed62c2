package rastercanvas

import (
	"bytes"
	"image/color"
	"image/png"
	"testing"
)

func TestWritePNGTextRoundTrip(t *testing.T) {
	c := New(30, 20, 2)
	c.FillRect(5, 5, 10, 5, color.RGBA{200, 0, 0, 255})
	text := "sinkhorn model=sinkhorn&lambda=0.05 exported 2026-11-27 · λ"
	var buf bytes.Buffer
	if err := c.WritePNGText(&buf, "Solvable", text); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("the PNG does not decode: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 60 || b.Dy() != 40 {
		t.Errorf("image is %v, want 60x40 (30x20 CSS px at scale 2)", b)
	}
	got, err := PNGText(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	// "·" is Latin-1 and survives; "λ" is not and becomes "?".
	if want := "sinkhorn model=sinkhorn&lambda=0.05 exported 2026-11-27 · ?"; got["Solvable"] != want {
		t.Errorf("tEXt Solvable = %q, want %q", got["Solvable"], want)
	}
	// The chunk sits right after IHDR.
	if typ := string(buf.Bytes()[33+4 : 33+8]); typ != "tEXt" {
		t.Errorf("the chunk after IHDR is %q, want tEXt", typ)
	}
}

func TestWritePNGTextRejectsBadKeyword(t *testing.T) {
	c := New(2, 2, 1)
	for _, k := range []string{"", " lead", "trail ", "two  spaces", "tab\tkey", string(make([]byte, 80))} {
		if err := c.WritePNGText(&bytes.Buffer{}, k, "x"); err == nil {
			t.Errorf("keyword %q accepted", k)
		}
	}
}

func TestPNGTextFindsBadCRC(t *testing.T) {
	c := New(2, 2, 1)
	var buf bytes.Buffer
	if err := c.WritePNGText(&buf, "Comment", "hello"); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	b[33+8] ^= 1 // a byte of the tEXt data
	if _, err := PNGText(b); err == nil {
		t.Error("a corrupted tEXt chunk passed the CRC check")
	}
}
