/**
 * The engine contract: what TestOps needs from a reasoning engine.
 *
 * <p>An engine is a pure function of (request, engine version, seed): {@link
 * dev.testops.engine.Engine#process} must not read the wall clock, a shared random source or
 * hash-iteration order, and must use {@link java.lang.StrictMath} for transcendental maths, so that
 * a replay on any machine or JVM produces the same bytes. {@link dev.testops.engine.SplitMix64} is
 * provided for seeded randomness.
 *
 * <p>Engines are found by id through {@link java.util.ServiceLoader} of {@link
 * dev.testops.engine.EngineProvider}, on the class path or in plugin jars.
 */
package dev.testops.engine;
