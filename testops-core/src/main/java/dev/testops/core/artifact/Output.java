package dev.testops.core.artifact;

import dev.testops.core.TestOpsException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one way out of the core: every event, log line, war-room entry, artifact, report, snapshot,
 * record file and stored text of a run passes through here, through the home's {@link
 * OutputFilter}, and every file is written here: whole or not at all (a temporary file beside the
 * target, then a move), with its SHA-256. Thread-safe.
 */
public final class Output {
  /** One lock per appended file in this process; a file lock guards it from other processes. */
  private static final ConcurrentHashMap<Path, ReentrantLock> APPENDS = new ConcurrentHashMap<>();

  private final OutputFilter filter;

  Output(OutputFilter filter) {
    this.filter = filter;
  }

  /** Text on its way out (event data, log lines, stored text), as the filter leaves it. */
  public String text(Channel channel, String text) {
    return filter.apply(channel, text);
  }

  /**
   * Bytes on their way out, as the filter leaves them: for content that is encoded before it is
   * written (a SIM's records, filtered chunk by chunk, then compressed into a {@link #create}
   * file).
   */
  public byte[] bytes(Channel channel, byte[] content) {
    return filter == OutputFilter.NONE ? content : filter.apply(channel, content);
  }

  /**
   * Writes a file through the filter, whole or not at all.
   *
   * @throws TestOpsException.StorageFailure when it cannot be written
   */
  public Written write(Channel channel, Path target, byte[] content) {
    byte[] bytes = bytes(channel, content);
    AtomicFiles.write(target, bytes);
    return new Written(target, bytes.length, Sha256.hex(bytes));
  }

  /** The same for UTF-8 text. */
  public Written write(Channel channel, Path target, String text) {
    return write(channel, target, text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes a run's own file, then the same bytes under a shared name that every run rewrites (e.g.
   * {@code reports/determinism.json}): the shared file is always one run's whole file, the latest
   * to finish; the per-run file is never overwritten by another run.
   */
  public Written writeWithLatest(Channel channel, Path perRun, Path latest, byte[] content) {
    byte[] bytes = bytes(channel, content);
    AtomicFiles.write(perRun, bytes);
    AtomicFiles.write(latest, bytes);
    return new Written(perRun, bytes.length, Sha256.hex(bytes));
  }

  /**
   * Appends one line (a newline is added) through the filter. Appends to one file are serialised
   * within this process and, by a file lock, with other processes, so lines never interleave.
   *
   * @throws TestOpsException.StorageFailure when it cannot be appended
   */
  public void append(Channel channel, Path file, String line) {
    byte[] bytes = bytes(channel, (line + "\n").getBytes(StandardCharsets.UTF_8));
    Path key = file.toAbsolutePath().normalize();
    ReentrantLock lock = APPENDS.computeIfAbsent(key, k -> new ReentrantLock());
    lock.lock();
    try {
      Files.createDirectories(key.getParent());
      try (FileChannel out =
              FileChannel.open(
                  key,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  StandardOpenOption.APPEND);
          FileLock ignored = out.lock()) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
    } catch (IOException e) {
      throw new TestOpsException.StorageFailure("cannot append to " + file + ": " + e, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Opens a file to be streamed (its content already filtered, e.g. through {@link #bytes}, or made
   * of filtered files): written to a temporary file beside the target until {@link
   * PendingFile#commit}.
   *
   * @throws TestOpsException.StorageFailure when it cannot be created
   */
  public PendingFile create(Path target) {
    return new PendingFile(target);
  }

  /** A file being streamed: whole on {@link #commit}, gone on {@link #abort}. */
  public static final class PendingFile implements AutoCloseable {
    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private boolean closed;

    private PendingFile(Path target) {
      this.target = target;
      this.temp = AtomicFiles.temporaryBeside(target);
      try {
        this.out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
      } catch (IOException e) {
        AtomicFiles.deleteQuietly(temp);
        throw new TestOpsException.StorageFailure(
            "cannot write " + temp + ": " + e.getMessage(), e);
      }
    }

    /** The stream to write to; closed by {@link #close}, {@link #commit} or {@link #abort}. */
    public OutputStream stream() {
      return out;
    }

    /** The file it will become. */
    public Path target() {
      return target;
    }

    /** Closes the stream (idempotent). */
    @Override
    public void close() throws IOException {
      if (!closed) {
        closed = true;
        out.close();
      }
    }

    /**
     * Closes the stream and moves the file into place.
     *
     * @throws TestOpsException.StorageFailure when it cannot be finished (the file is removed)
     */
    public void commit() {
      try {
        close();
        AtomicFiles.moveIntoPlace(temp, target);
      } catch (IOException e) {
        abort();
        throw new TestOpsException.StorageFailure(
            "cannot write " + target + ": " + e.getMessage(), e);
      }
    }

    /** Removes the temporary file; never throws, so the failure that led here is reported. */
    public void abort() {
      try {
        close();
      } catch (IOException e) {
        // Already failing: the earlier error is the one worth reporting.
      }
      AtomicFiles.deleteQuietly(temp);
    }
  }
}
