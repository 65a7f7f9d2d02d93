/**
 * fleet-sim: simulated Kubernetes API servers used as test equipment by Flotilla's tests, demo and
 * benchmarks. Entry points are {@link io.flotilla.fleetsim.FleetSim} (library) and {@link
 * io.flotilla.fleetsim.Main} (process).
 *
 * <p>It must never shape production code: anything here that a real API server would do differently
 * is listed in the module README, and the code under test may not detect that it talks to
 * fleet-sim.
 */
package io.flotilla.fleetsim;
