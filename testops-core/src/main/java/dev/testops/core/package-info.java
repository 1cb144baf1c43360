/**
 * The TestOps core: plain Java, no web or CLI framework. The server and the CLI are thin edges over
 * it, so every path through TestOps runs the same code.
 */
package dev.testops.core;
