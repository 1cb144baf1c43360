/**
 * The history store port: runs, phases, events, artifacts, idempotency keys and API tokens.
 * Implementations are sub-packages ({@code store.sqlite}; {@code store.postgres} for HA) and pass
 * the same contract test.
 */
package dev.testops.core.store;
