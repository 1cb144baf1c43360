/**
 * Typed configuration read from {@code config/*.yaml} under the TestOps home, falling back to the
 * defaults built into TestOps. Every loader reports all violations at once, each naming its field
 * and bound.
 */
package dev.testops.core.config;
