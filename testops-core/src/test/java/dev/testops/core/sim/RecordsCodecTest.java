package dev.testops.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import dev.testops.core.Sims;
import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.ArtifactHome;
import dev.testops.core.artifact.Sha256;
import dev.testops.core.snapshot.RecordsCodec;
import dev.testops.core.snapshot.RecordsReader;
import dev.testops.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records files are encoded in pieces on the worker threads and joined by the writer: whatever the
 * codec, the file must decode (with the format's own reference reader) to exactly the records, the
 * same records must give the same bytes, and a compressed file cut short anywhere must be refused
 * as corrupt.
 */
class RecordsCodecTest {
  private static final int USERS = 250;

  @TempDir Path temp;
  private byte[] records;

  @BeforeEach
  void simulateTheRecords() {
    var spec = Sims.spec("codec", USERS, 3);
    var plain = new ByteArrayOutputStream();
    try (Engine engine = Sims.registry().open(spec.engineId(), spec.engineOptions())) {
      Simulation.run(spec, engine, 1, chunk -> plain.writeBytes(chunk.records()), SimProgress.NONE);
    }
    records = plain.toByteArray();
  }

  @Test
  void zstdFile_isOneFrameWithAChecksum_holdingExactlyTheRecords() throws IOException {
    Path file = write(RecordsCodec.ZSTD, 3);

    byte[] bytes = Files.readAllBytes(file);
    assertThat(Arrays.copyOf(bytes, 4)).containsExactly(0x28, 0xb5, 0x2f, 0xfd);
    // Frame header descriptor: bit 2 is the content checksum flag (RFC 8878, 3.1.1.1.1).
    assertThat(bytes[4] & 0x04).isEqualTo(0x04);
    try (var in = new ZstdInputStream(Files.newInputStream(file))) {
      assertThat(in.readAllBytes()).isEqualTo(records);
    }
    // JSON records shrink to under a fifth (gzip: about a quarter).
    assertThat(bytes.length).isLessThan(records.length / 5);
  }

  @Test
  void gzipFile_isOneGzipMember_holdingExactlyTheRecords() throws IOException, DataFormatException {
    Path file = write(RecordsCodec.GZIP, 3);

    byte[] gz = Files.readAllBytes(file);
    try (var in = new GZIPInputStream(Files.newInputStream(file))) {
      assertThat(in.readAllBytes()).isEqualTo(records);
    }
    // One member: its deflate stream ends 8 bytes (the trailer) before the end of the file.
    var inflater = new Inflater(true);
    inflater.setInput(gz, 10, gz.length - 10);
    byte[] out = new byte[records.length + 1];
    int length = inflater.inflate(out);
    assertThat(inflater.finished()).isTrue();
    assertThat(inflater.getRemaining()).isEqualTo(8);
    assertThat(Arrays.copyOf(out, length)).isEqualTo(records);
  }

  @ParameterizedTest
  @EnumSource(RecordsCodec.class)
  void sameRecords_giveTheSameBytes_whateverTheThreadCount(RecordsCodec codec) throws IOException {
    byte[] oneThread = Files.readAllBytes(write(codec, 1));
    byte[] threeThreads = Files.readAllBytes(write(codec, 3));

    assertThat(threeThreads).isEqualTo(oneThread);
  }

  @ParameterizedTest
  @EnumSource(RecordsCodec.class)
  void readerReadsEveryLine_andHashesWhatItRead(RecordsCodec codec) {
    Path file = write(codec, 3);

    try (var reader = new RecordsReader(file)) {
      assertThat(reader.drainAndHash()).isEqualTo(sha256(records));
      assertThat(reader.lines()).isEqualTo(USERS * 5L);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = RecordsCodec.class,
      names = {"ZSTD", "GZIP"})
  void compressedFileCutShortAnywhere_isRefusedAsCorrupt(RecordsCodec codec) throws IOException {
    byte[] whole = Files.readAllBytes(write(codec, 3));
    var cuts = new TreeSet<Integer>();
    for (int i = 1; i < 40; i++) {
      cuts.add(i);
      cuts.add(whole.length - i);
    }
    for (int i = 1; i < 200; i++) {
      cuts.add((int) ((long) whole.length * i / 200));
    }
    Path cut = temp.resolve("cut");
    for (int length : cuts) {
      Files.write(cut, Arrays.copyOf(whole, length));

      assertThatThrownBy(() -> drain(cut))
          .as("%s file cut to %d of %d bytes", codec, length, whole.length)
          .isInstanceOf(TestOpsException.CorruptArtifact.class)
          .hasMessageContaining("damaged or truncated");
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = RecordsCodec.class,
      names = {"ZSTD", "GZIP"})
  void compressedFileWithAFlippedByte_isRefusedAsCorrupt(RecordsCodec codec) throws IOException {
    byte[] bytes = Files.readAllBytes(write(codec, 3));
    bytes[bytes.length / 2] ^= 0x01;
    Path damaged = temp.resolve("damaged");
    Files.write(damaged, bytes);

    assertThatThrownBy(() -> drain(damaged))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessageContaining("damaged or truncated");
  }

  @Test
  void fileInNoKnownCodec_isRefusedAsCorrupt() throws IOException {
    Path other = temp.resolve("other");
    Files.write(other, new byte[] {'P', 'K', 3, 4, 0, 0});

    assertThatThrownBy(() -> drain(other))
        .isInstanceOf(TestOpsException.CorruptArtifact.class)
        .hasMessageContaining("not gzip, zstd or JSON lines");
  }

  @ParameterizedTest
  @EnumSource(RecordsCodec.class)
  void chunkWithoutEncodedRecords_isEncodedByTheWriterItself(RecordsCodec codec) {
    byte[] lines = "{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8);
    Path other = temp.resolve("other." + codec.fileSuffix());
    var writer = new RecordsWriter(new ArtifactHome(temp).output(), other, codec);
    writer.accept(new Chunk(0, 0, 1, lines, 2, new byte[0], new ChunkMetrics(0), null));
    writer.finish();
    writer.commit();

    try (var reader = new RecordsReader(other)) {
      assertThat(reader.next()).isEqualTo("{\"a\":1}");
      assertThat(reader.next()).isEqualTo("{\"a\":2}");
      assertThat(reader.next()).isNull();
    }
    assertThat(writer.recordCount()).isEqualTo(2);
  }

  @Test
  void codecs_areNamedByNameOrSnapshotFormat() {
    assertThat(RecordsCodec.of("zstd")).isEqualTo(RecordsCodec.ZSTD);
    assertThat(RecordsCodec.of("jsonl+gzip")).isEqualTo(RecordsCodec.GZIP);
    assertThatThrownBy(() -> RecordsCodec.of("zip"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("known: [zstd, gzip, none]");
  }

  /** Simulates the users again into a records file of the codec; returns the file. */
  private Path write(RecordsCodec codec, int threads) {
    Path file = temp.resolve(codec + "-" + threads + "." + codec.fileSuffix());
    var spec = Sims.spec("codec", USERS, 3);
    var writer = new RecordsWriter(new ArtifactHome(temp).output(), file, codec);
    try (Engine engine = Sims.registry().open(spec.engineId(), spec.engineOptions())) {
      Simulation.run(spec, engine, threads, writer, SimProgress.NONE);
    }
    assertThat(writer.finish()).isEqualTo(sha256(records));
    writer.commit();
    return file;
  }

  private static void drain(Path file) {
    try (var reader = new RecordsReader(file)) {
      reader.drainAndHash();
    }
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(Sha256.newDigest().digest(bytes));
  }
}
