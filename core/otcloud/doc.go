// Package otcloud is entropic optimal transport between two clouds of points in the plane,
// the problem of the point-cloud simulator (sim.html?model=otcloud, clouds.html).
//
// Cloud A has na points a_i and cloud B has nb points b_j, each point carrying the same mass
// (1/na and 1/nb). The ground cost is the squared Euclidean distance C_ij = |a_i - b_j|^2, so the
// unregularised optimum W = min over couplings of <C, P> is the squared 2-Wasserstein distance
// W_2^2 between the two uniform clouds. The entropic plan for an entropy weight lambda (absolute,
// in the units of C, as in core/sinkhorn) is solved by core/sinkhorn; this package builds the
// problem from URL parameters (explicit points or generated shapes), offers named presets, and
// computes W exactly:
//
//   - na = nb = n: the optimal coupling may be taken to be a permutation (Birkhoff-von Neumann:
//     the vertices of the set of doubly stochastic matrices are permutation matrices), so W is
//     (1/n) times the cost of an optimal assignment, found by the Hungarian method in its
//     shortest-augmenting-path form (Kuhn 1955; Jonker and Volgenant 1987), O(n^3).
//   - na != nb: the masses are scaled to whole numbers (nb/g units at each point of A, na/g at
//     each point of B, g = gcd(na, nb)) and the transportation problem is solved as a min-cost
//     flow by successive shortest paths with Johnson potentials (Ahuja, Magnanti and Orlin,
//     Network Flows, 1993). Integer supplies and demands make every augmentation move whole
//     units, so the optimum is exact; the plan found is basic (at most na + nb - 1 entries).
//
// Both solvers advance one step at a time (a row, an augmenting path) so the simulator can
// spread a large problem over several frames.
package otcloud
