/**
 * Where artifacts live (the TestOps home: {@code snapshots/}, {@code reports/}, {@code warroom/},
 * {@code logs/}, {@code config/}, {@code engines/}) and how they are written: to a temporary file
 * beside the target, then moved into place, so no reader ever sees half a file.
 */
package dev.testops.core.artifact;
