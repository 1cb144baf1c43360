/**
 * The built-in phases: Engine Check, SIM Batch and Replay. Each is a {@link
 * dev.testops.core.run.Phase} over the feature it runs; {@link
 * dev.testops.core.phases.BuiltInPhases} lists them.
 */
package dev.testops.core.phases;
