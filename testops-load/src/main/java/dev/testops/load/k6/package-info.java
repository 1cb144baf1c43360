/**
 * The k6 load driver: runs {@code k6} (when one is installed) for a scenario and maps its summary
 * into TestOps' load summary shape, which is k6's own legacy {@code --summary-export} shape.
 *
 * <p>Entry points: {@link dev.testops.load.k6.K6Driver} runs a {@link
 * dev.testops.load.k6.K6ScenarioSpec}; {@link dev.testops.load.k6.K6Script} renders the script
 * alone; {@link dev.testops.load.k6.K6Summary} reads either summary shape k6 writes (the legacy
 * export and the {@code handleSummary(data)} object).
 *
 * <p>Two facts from k6 that the code relies on, each checked against k6's sources:
 *
 * <ul>
 *   <li>In the legacy export a threshold's boolean is {@code true} when the threshold
 *       <em>failed</em> ({@code internal/js/summary-wrapper.js} writes {@code !threshold.ok}; k6
 *       issue #1498 and k6-docs issue #30 keep it that way for compatibility). The {@code
 *       handleSummary} object says {@code {"ok": true}} when it passed.
 *   <li>Exit code 99 ({@code ThresholdsHaveFailed} in {@code errext/exitcodes}) means the run
 *       completed and at least one threshold failed.
 * </ul>
 */
package dev.testops.load.k6;
