package render

import (
	"image/color"
	"testing"
)

func TestWithAlphaPremultiplies(t *testing.T) {
	// Half of 200 is 100 (rounded), A is 255/2 rounded up: color.RGBA is premultiplied.
	got := WithAlpha(color.RGBA{200, 100, 0, 255}, 0.5)
	want := color.RGBA{100, 50, 0, 128}
	if got != want {
		t.Errorf("WithAlpha = %v, want %v", got, want)
	}
	if WithAlpha(Ink, 2) != Ink {
		t.Error("alpha above 1 should clamp to opaque")
	}
}

func TestMix(t *testing.T) {
	if got := Mix(color.RGBA{0, 0, 0, 255}, color.RGBA{200, 100, 50, 255}, 0.5); got != (color.RGBA{100, 50, 25, 255}) {
		t.Errorf("Mix halfway = %v", got)
	}
}

// TestTextContrast checks that text colours keep WCAG's 4.5:1 contrast on white, as the
// palette's comment promises. Relative luminance and the ratio follow WCAG 2.x.
func TestTextContrast(t *testing.T) {
	lum := func(c color.RGBA) float64 {
		return 0.2126*srgbDecode(float64(c.R)/255) + 0.7152*srgbDecode(float64(c.G)/255) + 0.0722*srgbDecode(float64(c.B)/255)
	}
	for name, c := range map[string]color.RGBA{"Ink": Ink, "Muted": Muted, "WarnInk": WarnInk, "Green": Green, "Red": Red, "Blue": Blue, "Brown": Brown} {
		ratio := (1 + 0.05) / (lum(c) + 0.05)
		if ratio < 4.5 {
			t.Errorf("%s has contrast %.2f on white, want >= 4.5", name, ratio)
		}
	}
}
