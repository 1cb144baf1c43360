package dev.testops.core.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.Sims;
import dev.testops.core.TestOpsException;
import dev.testops.core.artifact.Sha256;
import dev.testops.core.snapshot.RecordsReader;
import dev.testops.core.snapshot.RecordsWriter;
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

/**
 * The records file is deflated in pieces on the worker threads and joined by the writer: it must
 * still be one plain gzip member holding exactly the records, and a file cut short anywhere must be
 * refused as corrupt.
 */
class RecordsCompressionTest {
  private static final int USERS = 250;

  @TempDir Path temp;
  private Path file;
  private byte[] records;
  private String recordsSha;

  @BeforeEach
  void writeRecords() {
    var spec = Sims.spec("gz", USERS, 3);
    var plain = new ByteArrayOutputStream();
    file = temp.resolve("records.jsonl.gz");
    var writer = new RecordsWriter(file);
    try (Engine engine = Sims.registry().open(spec.engineId(), spec.engineOptions())) {
      Simulation.run(spec, engine, 3, writer, SimProgress.NONE);
      // Again without an encoding sink: the records as they are, for comparison.
      Simulation.run(spec, engine, 1, chunk -> plain.writeBytes(chunk.records()), SimProgress.NONE);
    }
    recordsSha = writer.finish();
    writer.commit();
    records = plain.toByteArray();
  }

  @Test
  void file_isOneGzipMember_holdingExactlyTheRecords() throws IOException, DataFormatException {
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
    assertThat(recordsSha).isEqualTo(sha256(records));
  }

  @Test
  void readerReadsEveryLine_andHashesWhatItRead() {
    try (var reader = new RecordsReader(file)) {
      assertThat(reader.drainAndHash()).isEqualTo(recordsSha);
      assertThat(reader.lines()).isEqualTo(USERS * 5L);
    }
  }

  @Test
  void fileCutShortAnywhere_isRefusedAsCorrupt() throws IOException {
    byte[] gz = Files.readAllBytes(file);
    var cuts = new TreeSet<Integer>();
    for (int i = 0; i < 40; i++) {
      cuts.add(i);
      cuts.add(gz.length - 1 - i);
    }
    for (int i = 1; i < 200; i++) {
      cuts.add((int) ((long) gz.length * i / 200));
    }
    Path cut = temp.resolve("cut.jsonl.gz");
    for (int length : cuts) {
      Files.write(cut, Arrays.copyOf(gz, length));

      assertThatThrownBy(
              () -> {
                try (var reader = new RecordsReader(cut)) {
                  reader.drainAndHash();
                }
              })
          .as("file cut to %d of %d bytes", length, gz.length)
          .isInstanceOf(TestOpsException.CorruptArtifact.class)
          .hasMessageContaining("damaged or truncated");
    }
  }

  @Test
  void chunkWithoutEncodedRecords_isDeflatedByTheWriterItself() throws IOException {
    byte[] lines = "{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8);
    Path other = temp.resolve("other.jsonl.gz");
    var writer = new RecordsWriter(other);
    writer.accept(new Chunk(0, 0, 1, lines, 2, new byte[0], new ChunkMetrics(0), null));
    writer.finish();
    writer.commit();

    try (var in = new GZIPInputStream(Files.newInputStream(other))) {
      assertThat(in.readAllBytes()).isEqualTo(lines);
    }
    assertThat(writer.recordCount()).isEqualTo(2);
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(Sha256.newDigest().digest(bytes));
  }
}
