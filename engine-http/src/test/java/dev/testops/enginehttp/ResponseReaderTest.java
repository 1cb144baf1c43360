package dev.testops.enginehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseReaderTest {
  private static final ByteBufAllocator ALLOC = ByteBufAllocator.DEFAULT;

  /** What a response came to: its status and body, or null when it is not complete. */
  private record Read(int status, String body) {}

  /** Feeds the text split after each of the given offsets, keeping unread bytes as the VU does. */
  private static List<Read> feed(String text, int... splits) throws ResponseReader.Malformed {
    return feedWithLimit(1 << 20, text, splits);
  }

  private static List<Read> feedWithLimit(int limit, String text, int... splits)
      throws ResponseReader.Malformed {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    var reader = new ResponseReader();
    List<Read> reads = new ArrayList<>();
    ByteBuf kept = Unpooled.buffer();
    int from = 0;
    for (int i = 0; i <= splits.length; i++) {
      int to = i < splits.length ? splits[i] : bytes.length;
      kept.writeBytes(bytes, from, to - from);
      from = to;
      while (kept.isReadable() && reader.read(kept, ALLOC, limit)) {
        int status = reader.status();
        ByteBuf body = reader.takeBody(ALLOC);
        reads.add(new Read(status, body.toString(StandardCharsets.ISO_8859_1)));
        body.release();
      }
      kept.discardReadBytes();
    }
    return reads;
  }

  @Test
  void readsLengthDelimitedAnswersSplitAnywhere() throws Exception {
    String response =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nCONTENT-LENGTH: 5\r\n\r\nhello";
    for (int split = 0; split <= response.length(); split++) {
      assertThat(feed(response, split))
          .as("split at " + split)
          .containsExactly(new Read(200, "hello"));
    }
  }

  @Test
  void readsChunkedAnswersAndSkipsInterimOnes() throws Exception {
    String response =
        "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3;x=y\r\nhel\r\n2\r\nlo\r\n0\r\nTrailer: t\r\n\r\n";
    for (int split = 0; split <= response.length(); split += 3) {
      assertThat(feed(response, split))
          .as("split at " + split)
          .containsExactly(new Read(200, "hello"));
    }
  }

  @Test
  void skipsTheBodiesOfOtherStatusesAndKnowsBodilessOnes() throws Exception {
    assertThat(
            feed(
                "HTTP/1.1 500 Internal Server Error\r\ncontent-length: 4\r\n\r\noops"
                    + "HTTP/1.1 204 No Content\r\n\r\n"))
        .containsExactly(new Read(500, ""), new Read(204, ""));
  }

  @Test
  void aBodyWithoutLengthEndsAtClose() throws Exception {
    var reader = new ResponseReader();
    ByteBuf in = Unpooled.copiedBuffer("HTTP/1.0 200 OK\r\n\r\nabc", StandardCharsets.ISO_8859_1);
    assertThat(reader.read(in, ALLOC, 1 << 20)).isFalse();
    assertThat(reader.endsAtClose()).isTrue();
    ByteBuf body = reader.takeBody(ALLOC);
    assertThat(body.toString(StandardCharsets.ISO_8859_1)).isEqualTo("abc");
    body.release();
  }

  @Test
  void rejectsWhatIsNotHttp() {
    for (String bad :
        List.of(
            "SSH-2.0-OpenSSH\r\n\r\n",
            "HTTP/1.1 2x0 OK\r\n\r\n",
            "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
            "HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")) {
      assertThatThrownBy(() -> feed(bad)).as(bad).isInstanceOf(ResponseReader.Malformed.class);
    }
    assertThatThrownBy(
            () -> feedWithLimit(8, "HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\n123456789"))
        .isInstanceOf(ResponseReader.Malformed.class)
        .hasMessageContaining("over 8 bytes");
  }
}
