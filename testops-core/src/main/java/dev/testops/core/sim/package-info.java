/**
 * The SIM batch: run synthetic users through an engine offline, sharded across cores, and aggregate
 * the metrics. Results never depend on thread count or scheduling: users are cut into fixed-size
 * chunks, each computed independently and consumed strictly in chunk order, and every metric is an
 * integer sum, a maximum or an HdrHistogram count.
 */
package dev.testops.core.sim;
