/**
 * Toron v2.5H+, the reference engine: a deterministic simulator of the real reasoning engine.
 *
 * <p>Each request is tokenised, scored for complexity and ambiguity, routed to a tier, checked for
 * claims that contradict the session's earlier claims, given a confidence, possibly escalated to
 * Opus, and given a modelled latency. Everything is a pure function of (request, engine version,
 * seed): the only randomness is a {@link dev.testops.engine.SplitMix64} seeded from the request,
 * and all transcendental maths uses {@link java.lang.StrictMath}.
 *
 * <p>The one deliberate exception is the {@code nondeterministic} fault (see {@link
 * dev.testops.toron.ToronFaults}), which exists so that replay and gates can be shown to catch a
 * nondeterministic engine.
 *
 * <p>Only {@link dev.testops.toron.ToronEngineProvider} (the {@link java.util.ServiceLoader} entry)
 * and {@link dev.testops.toron.ToronFaults} are public.
 */
package dev.testops.toron;
