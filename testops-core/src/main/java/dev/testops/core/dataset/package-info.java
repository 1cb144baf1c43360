/**
 * Synthetic users and their conversations, generated from (profile, seed, user index) alone so that
 * any shard of a dataset can be produced independently, in any order, on any thread.
 */
package dev.testops.core.dataset;
