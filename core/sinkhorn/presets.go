package sinkhorn

import "solvable/core/param"

// Preset is a named problem worth looking at, as a URL query over the defaults.
type Preset = param.Preset

// Presets lists the named problems in the order a page offers them.
func Presets() []Preset {
	return []Preset{
		{Name: "bumps", Title: "One bump to two bumps", Blurb: "A 40-point grid: p is one bump, q two bumps, λ = 0.01.",
			Query: "n=40&pshape=bump&qshape=twobumps&lambda=0.01"},
		{Name: "spec", Title: "Six-bin worked example", Blurb: "The worked example whose plan, costs and iteration counts the tests pin down: λ = 0.1, exact W₂² = 0.18.",
			Query: "x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0.05,0.1,0.1,0.15,0.25,0.35&lambda=0.1"},
		{Name: "sharp", Title: "Sharp: λ = 0.0005", Blurb: "exp(−C/λ) underflows, so the solver takes the log-stabilised path; the plan is nearly the unregularised one.",
			Query: "n=40&pshape=bump&qshape=twobumps&lambda=0.0005"},
		{Name: "blurry", Title: "Blurry: λ = 1", Blurb: "Entropy dominates: the plan is close to the independent coupling p qᵀ.",
			Query: "n=40&pshape=bump&qshape=twobumps&lambda=1"},
		{Name: "random", Title: "Random weights", Blurb: "Random p and q on 30 points, drawn from the seed.",
			Query: "n=30&pshape=random&qshape=random&seed=7&lambda=0.005"},
	}
}

// PresetByName finds a preset.
func PresetByName(name string) (Preset, bool) { return param.Find(Presets(), name) }
