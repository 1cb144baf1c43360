package dev.testops.core.artifact;

import java.nio.file.Path;

/**
 * A file as it was written: where, how many bytes and their SHA-256 (lowercase hex).
 *
 * @param path the file
 * @param sizeBytes its length in bytes
 * @param sha256 the lowercase hex SHA-256 of its content
 */
public record Written(Path path, long sizeBytes, String sha256) {}
