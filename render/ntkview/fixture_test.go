package ntkview

import (
	"math"
	"math/rand"
)

// fixture is a plausible mid-training view: 16 training points of sin 2θ + ½ cos 3θ, a grid
// of 128, the three curves slightly off the target, three decaying loss curves and a width
// sweep falling like M^(−1/2). progress in [0, 1] moves the network towards the kernel limit.
func fixture(progress float64) View {
	target := func(t float64) float64 { return math.Sin(2*t) + 0.5*math.Cos(3*t) }
	const grid, n = 128, 16
	v := View{Method: "gd", Width: 512, Depth: 3, Eta: 1, Rho: 1e-3}
	rng := rand.New(rand.NewSource(3))
	for i := range n {
		t := 2 * math.Pi * (float64(i) + 0.3*rng.Float64()) / n
		v.TrainTheta = append(v.TrainTheta, t)
		v.TrainY = append(v.TrainY, target(t))
	}
	for i := range grid {
		t := 2 * math.Pi * float64(i) / grid
		f := target(t)
		// Kernel regression interpolates the data but smooths between points.
		k := f - 0.12*math.Sin(8*t+0.4)*math.Sin(8*t)
		f0 := 0.3 * math.Cos(t+1) // the network at initialisation
		lin := f0 + (k-f0)*progress
		net := lin + 0.03*(1-progress)*math.Sin(5*t)
		v.Theta = append(v.Theta, t)
		v.Target = append(v.Target, f)
		v.Kernel = append(v.Kernel, k)
		v.Linear = append(v.Linear, lin)
		v.Net = append(v.Net, net)
	}
	steps := int(200 * progress)
	v.Step = steps
	for j, m := range []string{"gd", "ngd", "kfac"} {
		rate := []float64{0.03, 0.5, 0.45}[j]
		lc := LossCurve{Name: m}
		for s := 0; s <= steps; s++ {
			lc.Steps = append(lc.Steps, float64(s))
			lc.Loss = append(lc.Loss, 0.6*math.Exp(-rate*float64(s))+1e-9)
		}
		v.Losses = append(v.Losses, lc)
	}
	if len(v.Losses[0].Loss) > 0 {
		v.Loss = v.Losses[0].Loss[len(v.Losses[0].Loss)-1]
	}
	for _, m := range []float64{64, 128, 256, 512, 1024} {
		v.Widths = append(v.Widths, m)
		v.WeightChange = append(v.WeightChange, 0.9/math.Sqrt(m)*(1+0.05*rng.NormFloat64()))
		v.KernelDrift = append(v.KernelDrift, 2.4/math.Sqrt(m)*(1+0.05*rng.NormFloat64()))
	}
	v.WeightChangeNow = v.WeightChange[3]
	v.KernelDriftNow = v.KernelDrift[3]
	return v
}
