/** Human-readable renderings of run results, deterministic for the same input. */
package dev.testops.core.report;
