/**
 * Finding engines by id (class path and plugin jars) and checking that one works: the Engine Check
 * phase.
 */
package dev.testops.core.engines;
