package sinkhorn

import "strings"

// Preset is a named problem worth looking at, as a URL query over the defaults.
type Preset struct {
	Name  string
	Title string
	Blurb string
	Query string
}

// Presets lists the named problems in the order a page offers them.
func Presets() []Preset {
	return []Preset{
		{"bumps", "One bump to two bumps", "A 40-point grid: p is one bump, q two bumps, λ = 0.01.",
			"n=40&pshape=bump&qshape=twobumps&lambda=0.01"},
		{"spec", "Six-bin worked example", "The worked example whose plan, costs and iteration counts the tests pin down: λ = 0.1, exact W₂² = 0.18.",
			"x=0,0.2,0.4,0.6,0.8,1&p=0.3,0.25,0.2,0.1,0.1,0.05&q=0.05,0.1,0.1,0.15,0.25,0.35&lambda=0.1"},
		{"sharp", "Sharp: λ = 0.0005", "exp(−C/λ) underflows, so the solver takes the log-stabilised path; the plan is nearly the unregularised one.",
			"n=40&pshape=bump&qshape=twobumps&lambda=0.0005"},
		{"blurry", "Blurry: λ = 1", "Entropy dominates: the plan is close to the independent coupling p qᵀ.",
			"n=40&pshape=bump&qshape=twobumps&lambda=1"},
		{"random", "Random weights", "Random p and q on 30 points, drawn from the seed.",
			"n=30&pshape=random&qshape=random&seed=7&lambda=0.005"},
	}
}

// PresetByName finds a preset.
func PresetByName(name string) (Preset, bool) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}

func presetNames() string {
	var names []string
	for _, p := range Presets() {
		names = append(names, p.Name)
	}
	return strings.Join(names, ", ")
}
