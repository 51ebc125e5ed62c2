package otcloud

import "solvable/core/param"

// Presets lists the named problems in the order a page offers them. Each sets the view one
// paragraph of clouds.html talks about.
func Presets() []param.Preset {
	return []param.Preset{
		{Name: "ring", Title: "Blob to ring", Blurb: "30 points from a Gaussian sent onto 30 points on a ring, λ = 0.01: dark lines where a point has one clear partner, grey fans where two are almost equally far.",
			Query: "shapea=gaussian&shapeb=ring&na=30&nb=30&seed=1&lambda=0.01"},
		{Name: "gaussians", Title: "Two Gaussians", Blurb: "Two Gaussian clouds of 40 points; the matching is close to a shift to the right.",
			Query: "shapea=gaussian&shapeb=gaussian&na=40&nb=40&seed=2&lambda=0.01"},
		{Name: "sharp", Title: "Small λ: sharp lines", Blurb: "λ = 0.002 (λ / max C about 7e-4): nearly the exact matching, one dark line per point. About 1000 iterations: speed max skips the wait.",
			Query: "shapea=gaussian&shapeb=ring&na=30&nb=30&seed=1&lambda=0.002"},
		{Name: "blurry", Title: "Large λ: blurry", Blurb: "λ = 0.3 (about a tenth of max C): every point spreads its mass over many partners.",
			Query: "shapea=gaussian&shapeb=ring&na=30&nb=30&seed=1&lambda=0.3"},
		{Name: "uneven", Title: "Uneven counts: 20 to 30", Blurb: "20 points send their mass to 30: each point of A splits its mass between partners even as λ → 0.",
			Query: "shapea=blobs&shapeb=square&na=20&nb=30&seed=3&lambda=0.005"},
		{Name: "moons", Title: "Two moons", Blurb: "Two half-moons of 40 points, one upside down.",
			Query: "shapea=moons&shapeb=moons&na=40&nb=40&seed=4&lambda=0.003"},
		{Name: "shift", Title: "A shifted copy", Blurb: "16 points and a copy moved by (1, 0.2): the exact matching is the shift itself, and W = 1² + 0.2² = 1.04.",
			Query: "a=-0.36,0.07;-0.62,0.1;-0.51,-0.15;-0.61,-0.14;-0.4,0.07;-0.44,-0.03;-0.26,-0.02;-0.8,0.08;-0.34,0.18;-0.62,-0.06;-0.9,0;-0.28,0.02;-0.67,0.17;-0.75,0.02;-0.58,0.14;-0.44,0.14&b=0.64,0.27;0.38,0.3;0.49,0.05;0.39,0.06;0.6,0.27;0.56,0.17;0.74,0.18;0.2,0.28;0.66,0.38;0.38,0.14;0.1,0.2;0.72,0.22;0.33,0.37;0.25,0.22;0.42,0.34;0.56,0.34&lambda=0.01"},
	}
}

// PresetByName finds a preset.
func PresetByName(name string) (param.Preset, bool) { return param.Find(Presets(), name) }
