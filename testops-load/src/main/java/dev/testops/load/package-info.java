/**
 * The Load Test phase's default driver: an event-loop HTTP load generator for engines served over
 * the engine protocol ({@code engine-api/PROTOCOL.md}).
 *
 * <p>{@link dev.testops.load.Scenario} describes a run in k6's vocabulary (open model: {@code
 * constant-arrival-rate}, {@code ramping-arrival-rate}, the default; closed model: {@code
 * constant-vus}, {@code ramping-vus}) with k6-syntax {@link dev.testops.load.Threshold}s; {@link
 * dev.testops.load.ScenarioLoader} reads them from {@code load/mock_scenarios.yaml}. {@link
 * dev.testops.load.LoadGenerator} runs one on Netty event loops (no thread per VU, one keep-alive
 * connection per VU, each VU a SIM user), measuring latency from the <em>intended</em> send time
 * (coordinated omission corrected) into an HdrHistogram recorder per event loop, merged each
 * second. {@link dev.testops.load.LoadResult} renders the outcome in the shape of k6's legacy
 * {@code --summary-export} JSON plus TestOps' own fields.
 */
package dev.testops.load;
