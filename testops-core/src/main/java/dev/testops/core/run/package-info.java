/**
 * Runs: a suite of phases executed in order against one engine, with states, progress and a
 * persisted, sequenced event stream. The server and the CLI both start runs through {@link
 * dev.testops.core.run.RunService}, so a run started anywhere takes the same path.
 */
package dev.testops.core.run;
