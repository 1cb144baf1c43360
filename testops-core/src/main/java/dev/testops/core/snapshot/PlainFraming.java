package dev.testops.core.snapshot;

import java.io.IOException;
import java.io.OutputStream;

/** No container: the file is the records themselves. */
final class PlainFraming implements RecordsFraming {
  private OutputStream file;

  @Override
  public byte[] encode(byte[] records) {
    return records;
  }

  @Override
  public void start(OutputStream file) {
    this.file = file;
  }

  @Override
  public void write(byte[] records, byte[] piece) throws IOException {
    file.write(records);
  }

  @Override
  public void end() {
    // Nothing follows the records.
  }
}
