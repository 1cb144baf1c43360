/**
 * Canonical JSON: sorted keys, fixed decimal format, {@code \n} line ends, so the same content has
 * the same bytes on every machine, JVM and thread count.
 */
package dev.testops.core.canonical;
