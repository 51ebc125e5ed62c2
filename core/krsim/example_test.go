package krsim_test

import (
	"fmt"

	"solvable/core/krsim"
	"solvable/core/spectrum"
)

// A two-task point as the continual-learning page runs it: the ReLU NTK with three weight
// layers on S^9, N_A = N_B = 30, the target of task B at similarity rho to task A's, stepped
// chunk by chunk until all seeds are in.
func Example() {
	k, err := spectrum.ReLUNTK(3)
	if err != nil {
		panic(err)
	}
	sim, err := krsim.New(krsim.Config{
		Kind: krsim.Transfer, D: 10, Kernel: k,
		Sizes: []int{30, 30}, Rhos: []float64{0, 0.5, 1},
		Test: 100, Seeds: 8, Seed: 1,
	})
	if err != nil {
		panic(err)
	}
	for !sim.Done() {
		sim.StepChunk() // a bounded piece of work; the page calls it while its frame budget lasts
	}
	r := sim.Result()
	fmt.Printf("%d seeds, E_A = %.2f ± %.2f\n", r.Seeds, r.EA.Mean, r.EA.StdErr)
	for i, rho := range r.Rhos {
		fmt.Printf("rho %.1f: forward %.2f ± %.2f, backward %.2f ± %.2f\n", rho,
			r.Forward[i].Mean, r.Forward[i].StdErr, r.BackwardCV[i].Mean, r.BackwardCV[i].StdErr)
	}
	// Output:
	// 8 seeds, E_A = 2.68 ± 0.10
	// rho 0.0: forward 3.05 ± 0.26, backward 8.91 ± 0.60
	// rho 0.5: forward 2.89 ± 0.17, backward 5.49 ± 0.45
	// rho 1.0: forward 2.45 ± 0.13, backward 2.45 ± 0.13
}
