package dev.testops.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
import dev.testops.enginehttp.WireFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WireCodecTest {
  private static final String[] PIECES = {
    "a",
    "Zürich",
    "日本語",
    "emoji 😀",
    "quote \"",
    "back\\slash",
    "tab\t",
    "nl\n",
    "\u0001",
    "\u007f",
    "</script>",
    " ",
    "é",
    "\u2028",
    "long " + "x".repeat(3000)
  };

  @Test
  void requestBodiesAreWireFormatsByteForByte() {
    var codec = new WireCodec("127.0.0.1:9000");
    var random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      List<String> claims = new ArrayList<>();
      int count = i % 50 == 0 ? 400 : random.nextInt(8);
      for (int c = 0; c < count; c++) {
        claims.add(text(random));
      }
      var request =
          new EngineRequest(
              "user-" + text(random),
              1 + random.nextInt(1000),
              text(random),
              claims,
              random.nextLong());
      byte[] expected = WireFormat.writeRequest(request);
      ByteBuf wire =
          codec.request(
              ByteBufAllocator.DEFAULT,
              request.userId(),
              request.turn(),
              request.prompt(),
              claims,
              request.seed());
      try {
        String head =
            "POST /process HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + expected.length
                + "\r\n\r\n";
        byte[] actual = new byte[wire.readableBytes()];
        wire.getBytes(wire.readerIndex(), actual);
        byte[] whole = new byte[head.length() + expected.length];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, whole, 0, head.length());
        System.arraycopy(expected, 0, whole, head.length(), expected.length);
        assertThat(actual).isEqualTo(whole);
      } finally {
        wire.release();
      }
    }
  }

  @Test
  void responsesReadAsWireFormatReadsThem() {
    var random = new Random(11);
    for (int i = 0; i < 500; i++) {
      List<String> claims = new ArrayList<>();
      for (int c = random.nextInt(6); c > 0; c--) {
        claims.add(text(random));
      }
      var response =
          new EngineResponse(
              Tier.values()[random.nextInt(3)],
              random.nextBoolean(),
              random.nextInt(5),
              random.nextDouble(),
              random.nextLong(Long.MAX_VALUE),
              text(random),
              "d" + i,
              claims);
      byte[] body = WireFormat.writeResponse(response);
      assertThat(WireCodec.response(Unpooled.wrappedBuffer(body)))
          .isEqualTo(WireFormat.readResponse(body));
      ByteBuf direct = Unpooled.directBuffer().writeBytes(body);
      assertThat(WireCodec.response(direct)).isEqualTo(response);
      direct.release();
    }
  }

  @Test
  void rejectsWhatWireFormatRejects() {
    String good =
        "\"tier\":\"T1\",\"escalated\":false,\"contradictions\":0,\"confidence\":0.5,"
            + "\"latency_us\":3,\"answer\":\"a\",\"digest\":\"d\",\"claims\":[\"c\"]";
    List<String> bad =
        List.of(
            "",
            "[]",
            "{" + good + "} x",
            "{" + good + ",\"answer\":\"b\"}",
            "{" + good,
            "{" + good.replace("\"T1\"", "\"T9\"") + "}",
            "{" + good.replace("false", "0") + "}",
            "{" + good.replace("\"contradictions\":0", "\"contradictions\":5000000000") + "}",
            "{" + good.replace("\"contradictions\":0", "\"contradictions\":-1") + "}",
            "{" + good.replace("0.5", "1.5") + "}",
            "{" + good.replace("0.5", "\"0.5\"") + "}",
            "{" + good.replace("\"latency_us\":3", "\"latency_us\":1e3") + "}",
            "{" + good.replace("\"a\"", "null") + "}",
            "{" + good.replace("[\"c\"]", "[1]") + "}",
            "{" + good.replace(",\"digest\":\"d\"", "") + "}");
    for (String body : bad) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      assertThatThrownBy(() -> WireFormat.readResponse(bytes))
          .isInstanceOf(WireFormat.MalformedPayload.class);
      assertThatThrownBy(() -> WireCodec.response(Unpooled.wrappedBuffer(bytes)))
          .as(body)
          .isInstanceOf(WireFormat.MalformedPayload.class);
    }
    byte[] extra = ("{\"x\":{\"y\":[1,{}]}," + good + "}").getBytes(StandardCharsets.UTF_8);
    assertThat(WireCodec.response(Unpooled.wrappedBuffer(extra)))
        .isEqualTo(WireFormat.readResponse(extra));
  }

  private static String text(Random random) {
    var text = new StringBuilder();
    for (int n = random.nextInt(6); n >= 0; n--) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }
}
