package dev.testops.bench;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Sha256;
import dev.testops.core.config.SimConfigLoader;
import dev.testops.core.dataset.SimProfile;
import dev.testops.core.engines.EngineRegistry;
import dev.testops.core.sim.Chunk;
import dev.testops.core.sim.RecordsWriter;
import dev.testops.core.sim.SimMetrics;
import dev.testops.core.sim.SimProgress;
import dev.testops.core.sim.SimSpec;
import dev.testops.core.sim.Simulation;
import dev.testops.core.snapshot.RecordsCodec;
import dev.testops.core.snapshot.RecordsReader;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineOptions;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Compares records codecs on the records of one SIM batch (10,000 users × 5 turns by default): for
 * each, the file size, the CPU time to write the file chunk by chunk (encoding, as the SIM's
 * workers do, plus what the sink does beside it: the records' SHA-256, the metrics merged) and to
 * read it back with its hash, on one thread. The reference, measured in the same run on the same
 * thread, is the bare engine loop over the same users: a codec's write time over that of no codec,
 * divided by the bare loop's, is what the codec adds to the SIM's CPU overhead. TestOps' own codecs
 * go through {@link RecordsWriter} and {@link RecordsReader}; zstd (zstd-jni, levels 1 and 3) is
 * measured beside them as a candidate.
 *
 * <pre>bench/records-codec [--users 10000] [--rounds 5] [--seed N]</pre>
 */
public final class CodecBench {
  private CodecBench() {}

  /** A codec under test: encodes the chunks into a file and reads it back. */
  private interface Candidate {
    String name();

    void write(List<Chunk> chunks, Path file) throws IOException;

    /** Reads the file back; returns the lowercase hex SHA-256 of the records read. */
    String read(Path file) throws IOException;
  }

  /** Runs the comparison; prints a table and a final JSON line. */
  public static void main(String[] args) throws IOException {
    int users = 10_000;
    int rounds = 5;
    long seed = 20_261_125L;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--users" -> users = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--seed" -> seed = Long.parseLong(args[i + 1]);
        default -> {
          System.err.println("records-codec: unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    SimProfile profile = SimConfigLoader.builtIn().profile(Optional.of("offline"));
    EngineRegistry engines = EngineRegistry.discover(Path.of("engines"));
    List<Chunk> chunks = new ArrayList<>();
    var spec =
        new SimSpec(
            "codec-bench",
            users,
            seed,
            "flag",
            profile,
            "bench",
            EngineRegistry.DEFAULT_ENGINE,
            EngineOptions.NONE);
    try (Engine engine = engines.open(EngineRegistry.DEFAULT_ENGINE, EngineOptions.NONE)) {
      Simulation.run(spec, engine, 2, chunks::add, SimProgress.NONE);
    }
    long rawBytes = chunks.stream().mapToLong(c -> c.records().length).sum();
    MessageDigest all = Sha256.newDigest();
    chunks.forEach(c -> all.update(c.records()));
    String rawSha = HexFormat.of().formatHex(all.digest());
    List<Candidate> candidates = new ArrayList<>();
    for (RecordsCodec codec : List.of(RecordsCodec.NONE, RecordsCodec.ZSTD, RecordsCodec.GZIP)) {
      candidates.add(ours(codec));
    }
    candidates.add(zstd(3));
    candidates.add(lz4("lz4-java", LZ4Factory.safeInstance()));
    candidates.add(lz4("lz4-jni", LZ4Factory.nativeInstance()));

    Path dir = Files.createTempDirectory("testops-codec-bench-");
    System.out.printf(
        Locale.ROOT,
        "records codecs: %d users x %d turns, %d records, %.1f MiB of JSON lines, %d chunks, %d"
            + " rounds (1 warm-up), one thread, process CPU time, Java %s%n",
        users,
        profile.turnsPerUser(),
        users * (long) profile.turnsPerUser(),
        rawBytes / 1048576.0,
        chunks.size(),
        rounds,
        Runtime.version());
    long[] bare = new long[rounds];
    long[][] encode = new long[candidates.size()][rounds];
    long[][] decode = new long[candidates.size()][rounds];
    long[] sizes = new long[candidates.size()];
    try (Engine engine = engines.open(EngineRegistry.DEFAULT_ENGINE, EngineOptions.NONE)) {
      for (int round = -1; round < rounds; round++) {
        long start = cpu();
        BareLoop.run(engine, profile, seed, users, 1);
        long bareNanos = cpu() - start;
        for (int c = 0; c < candidates.size(); c++) {
          Candidate candidate = candidates.get(c);
          Path file = dir.resolve(candidate.name());
          start = cpu();
          candidate.write(chunks, file);
          long encodeNanos = cpu() - start;
          start = cpu();
          String read = candidate.read(file);
          long decodeNanos = cpu() - start;
          if (!read.equals(rawSha)) {
            throw new IllegalStateException(candidate.name() + " read back other records");
          }
          sizes[c] = Files.size(file);
          Files.delete(file);
          if (round >= 0) {
            encode[c][round] = encodeNanos;
            decode[c][round] = decodeNanos;
          }
        }
        if (round >= 0) {
          bare[round] = bareNanos;
        }
      }
    } finally {
      Files.deleteIfExists(dir);
    }
    double bareMs = median(bare) / 1e6;
    System.out.printf(
        Locale.ROOT, "bare engine loop, same users, one thread: %.0f ms CPU (reference)%n", bareMs);
    System.out.printf(
        Locale.ROOT,
        "%n%-10s %10s %7s %12s %10s %12s %16s%n",
        "codec",
        "file MiB",
        "ratio",
        "encode ms",
        "MB/s",
        "read ms",
        "over none / bare");
    var json = new StringBuilder("{\"bare_cpu_ms\":").append(fmt("%.1f", bareMs));
    double noneMs = median(encode[0]) / 1e6;
    for (int c = 0; c < candidates.size(); c++) {
      double encodeMs = median(encode[c]) / 1e6;
      double decodeMs = median(decode[c]) / 1e6;
      String name = candidates.get(c).name();
      System.out.printf(
          Locale.ROOT,
          "%-10s %10.2f %7.2f %12.1f %10.0f %12.1f %15.1f %%%n",
          name,
          sizes[c] / 1048576.0,
          (double) rawBytes / sizes[c],
          encodeMs,
          rawBytes / (encodeMs * 1000),
          decodeMs,
          (encodeMs - noneMs) / bareMs * 100);
      json.append(",\"")
          .append(name)
          .append("\":{\"bytes\":")
          .append(sizes[c])
          .append(",\"encode_cpu_ms\":")
          .append(fmt("%.1f", encodeMs))
          .append(",\"read_cpu_ms\":")
          .append(fmt("%.1f", decodeMs))
          .append(",\"codec_over_bare_percent\":")
          .append(fmt("%.2f", (encodeMs - noneMs) / bareMs * 100))
          .append('}');
    }
    System.out.println();
    System.out.println(json.append(",\"raw_bytes\":").append(rawBytes).append('}'));
  }

  /** One of TestOps' codecs, written and read exactly as a SIM and a replay do. */
  private static Candidate ours(RecordsCodec codec) {
    return new Candidate() {
      @Override
      public String name() {
        return codec.name().toLowerCase(Locale.ROOT);
      }

      @Override
      public void write(List<Chunk> chunks, Path file) {
        var writer = new RecordsWriter(new ArtifactHome(file.getParent()).output(), file, codec);
        for (Chunk chunk : chunks) {
          byte[] piece = writer.encodeRecords(chunk.records());
          // As the SIM hands it over, less the dataset (its hash is no codec's cost).
          writer.accept(
              new Chunk(
                  chunk.index(),
                  chunk.firstUser(),
                  chunk.users(),
                  chunk.records(),
                  chunk.recordCount(),
                  new byte[0],
                  chunk.metrics(),
                  piece));
        }
        writer.finish();
        writer.commit();
      }

      @Override
      public String read(Path file) {
        try (var reader = new RecordsReader(file)) {
          return reader.drainAndHash();
        }
      }
    };
  }

  /** One LZ4 frame, written by lz4-java's stream with the given implementation. */
  private static Candidate lz4(String name, LZ4Factory factory) {
    return new Candidate() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void write(List<Chunk> chunks, Path file) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        var metrics = new SimMetrics();
        try (OutputStream out =
            new LZ4FrameOutputStream(
                new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                LZ4FrameOutputStream.BLOCKSIZE.SIZE_4MB,
                -1L,
                factory.fastCompressor(),
                XXHashFactory.fastestInstance().hash32(),
                LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                LZ4FrameOutputStream.FLG.Bits.CONTENT_CHECKSUM)) {
          for (Chunk chunk : chunks) {
            out.write(chunk.records());
            digest.update(chunk.records());
            metrics.merge(chunk.metrics());
          }
        }
      }

      @Override
      public String read(Path file) throws IOException {
        return hashOf(new LZ4FrameInputStream(Files.newInputStream(file)));
      }
    };
  }

  /** zstd at a level, one frame per chunk (zstd frames concatenate), for comparison only. */
  private static Candidate zstd(int level) {
    return new Candidate() {
      @Override
      public String name() {
        return "zstd-" + level;
      }

      @Override
      public void write(List<Chunk> chunks, Path file) throws IOException {
        // As RecordsWriter does beside its codec: the records' SHA-256 and the metrics merged.
        MessageDigest digest = Sha256.newDigest();
        var metrics = new SimMetrics();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          for (Chunk chunk : chunks) {
            out.write(Zstd.compress(chunk.records(), level));
            digest.update(chunk.records());
            metrics.merge(chunk.metrics());
          }
        }
      }

      @Override
      public String read(Path file) throws IOException {
        return hashOf(new ZstdInputStream(Files.newInputStream(file)));
      }
    };
  }

  /** Decodes and hashes a stream as RecordsReader does, lines aside; closes it. */
  private static String hashOf(InputStream decoded) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = decoded) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Process CPU time: the bare loop runs on a pool thread, the codecs on this one. */
  private static long cpu() {
    return JvmGauges.processCpuNanos();
  }

  private static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
