package render

import "math"

// OKLab is Björn Ottosson's perceptual colour space (2020): Euclidean distance in (L, a, b)
// approximates perceived colour difference, which is what a sequential colour map needs to be
// uniform. The constants below are the published conversion matrices between linear sRGB,
// an LMS-like cone space, and OKLab.

// oklabToLinearSRGB converts OKLab to linear-light sRGB; components may fall outside [0, 1]
// when the colour is outside the sRGB gamut.
func oklabToLinearSRGB(L, a, b float64) (r, g, bl float64) {
	l := L + 0.3963377774*a + 0.2158037573*b
	m := L - 0.1055613458*a - 0.0638541728*b
	s := L - 0.0894841775*a - 1.2914855480*b
	l, m, s = l*l*l, m*m*m, s*s*s
	r = 4.0767416621*l - 3.3077115913*m + 0.2309699292*s
	g = -1.2684380046*l + 2.6097574011*m - 0.3413193965*s
	bl = -0.0041960863*l - 0.7034186147*m + 1.7076147010*s
	return r, g, bl
}

// linearSRGBToOKLab is the inverse of oklabToLinearSRGB.
func linearSRGBToOKLab(r, g, b float64) (L, A, B float64) {
	l := math.Cbrt(0.4122214708*r + 0.5363325363*g + 0.0514459929*b)
	m := math.Cbrt(0.2119034982*r + 0.6806995451*g + 0.1073969566*b)
	s := math.Cbrt(0.0883024619*r + 0.2817188376*g + 0.6299787005*b)
	L = 0.2104542553*l + 0.7936177850*m - 0.0040720468*s
	A = 1.9779984951*l - 2.4285922050*m + 0.4505937099*s
	B = 0.0259040371*l + 0.7827717662*m - 0.8086757660*s
	return L, A, B
}

// srgbEncode applies the sRGB transfer curve to a linear component in [0, 1].
func srgbEncode(x float64) float64 {
	if x <= 0.0031308 {
		return 12.92 * x
	}
	return 1.055*math.Pow(x, 1/2.4) - 0.055
}

// srgbDecode is the inverse of srgbEncode.
func srgbDecode(x float64) float64 {
	if x <= 0.04045 {
		return x / 12.92
	}
	return math.Pow((x+0.055)/1.055, 2.4)
}

// inGamut reports whether a linear sRGB triple is displayable, with a little slack for
// rounding in the matrices.
func inGamut(r, g, b float64) bool {
	const eps = 1e-7
	return r >= -eps && r <= 1+eps && g >= -eps && g <= 1+eps && b >= -eps && b <= 1+eps
}
