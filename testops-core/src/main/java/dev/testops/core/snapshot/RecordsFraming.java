package dev.testops.core.snapshot;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The container of one records file. A codec may encode each chunk's records on the simulation's
 * worker threads ({@link #encode}, in any order, into pieces that join by concatenation); the
 * writer's single thread then hands every chunk over in file order ({@link #write}), between {@link
 * #start} and {@link #end}.
 */
public interface RecordsFraming {

  /**
   * Encodes one chunk's records into a piece of the file, or returns them as they are when the
   * codec does its work in {@link #write}. Thread-safe; the output depends on {@code records}
   * alone.
   */
  byte[] encode(byte[] records);

  /** Starts the file: writes its header, if any, to {@code file}. */
  void start(OutputStream file) throws IOException;

  /** Writes one chunk, given as its records and their piece from {@link #encode}, in file order. */
  void write(byte[] records, byte[] piece) throws IOException;

  /** Ends the file (trailer, checksums), leaving {@code file} open for its owner to close. */
  void end() throws IOException;
}
