/**
 * The SIM benchmark: times a SIM batch end to end, a bare loop over the engine, a small batch and a
 * replay in one process, and reports the figures against their goals as ratios, because absolute
 * timings vary from machine to machine. Run it with {@code bench/sim-bench}; it is not a test and
 * never runs during the build.
 *
 * <p>Unlike the core, this package reads the wall clock ({@link java.lang.System#nanoTime}) and
 * writes to {@link java.lang.System#out}: measuring and printing is all it does.
 */
package dev.testops.bench;
