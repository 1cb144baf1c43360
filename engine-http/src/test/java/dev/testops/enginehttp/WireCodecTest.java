package dev.testops.enginehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.Tier;
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
  void aLoneSurrogateIsTreatedAsWireFormatTreatsIt() {
    var codec = new WireCodec("127.0.0.1:9000");
    for (String prompt : List.of("lone \uD800 high", "lone \uDC00 low", "end \uD83D")) {
      var request = new EngineRequest("u", 1, prompt, List.of(), 1L);
      Throwable expected = catchThrowable(() -> WireFormat.writeRequest(request));
      Throwable actual =
          catchThrowable(
              () ->
                  codec.request(ByteBufAllocator.DEFAULT, "u", 1, prompt, List.of(), 1L).release());
      assertThat(actual == null).isEqualTo(expected == null);
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
  void plainBodiesAreReadWithoutJacksonAndAsWireFormatReadsThem() {
    String plain =
        "{\"tier\":\"T2\",\"escalated\":true,\"contradictions\":3,\"confidence\":0.25,"
            + "\"latency_us\":123456789012,\"answer\":\"An answer.\",\"digest\":\"ab12\","
            + "\"claims\":[\"c1\",\"c 2\"]}";
    byte[] bytes = plain.getBytes(StandardCharsets.UTF_8);
    assertThat(PlainResponseReader.read(bytes, 0, bytes.length))
        .isEqualTo(WireFormat.readResponse(bytes));
    List<String> variants =
        List.of(
            plain.replace(",", " ,\n\t").replace(":", " : ").replace("{", " { ") + " \r\n",
            plain.replace("\"claims\":[\"c1\",\"c 2\"]", "\"claims\":[ ]"),
            plain.replace("0.25", "0"),
            plain.replace("0.25", "-0"),
            plain.replace("0.25", "1"),
            plain.replace("0.25", "1.0"),
            plain.replace("0.25", "0.1234567890123456789"),
            plain.replace("0.25", "2.5e-1"),
            plain.replace("0.25", "00.25"),
            plain.replace("0.25", ".25"),
            plain.replace("0.25", "0."),
            plain.replace("0.25", "-0.0"),
            plain.replace("0.25", "NaN"),
            plain.replace("\"contradictions\":3", "\"contradictions\":-0"),
            plain.replace("\"contradictions\":3", "\"contradictions\":2147483647"),
            plain.replace("\"contradictions\":3", "\"contradictions\":2147483648"),
            plain.replace("\"contradictions\":3", "\"contradictions\":3.0"),
            plain.replace("\"contradictions\":3", "\"contradictions\":03"),
            plain.replace("123456789012", "1234567890123456789"),
            plain.replace("123456789012", "12345678901234567890"),
            plain.replace("123456789012", "-1"),
            plain.replace("true", "truex"),
            plain.replace("true", "tru"),
            plain.replace("\"T2\"", "\"t2\""),
            plain.replace("An answer.", "An \\u0061nswer\\n"),
            plain.replace("An answer.", "Zürich"),
            plain.replace("\"tier\"", "\"ti\\u0065r\""),
            plain.replace("\"ab12\"", "\"ab12\",\"extra\":{\"a\":[1,2]}"),
            plain.replace("\"ab12\"", "\"ab12\",\"digest\":\"cd34\""),
            plain.replace("[\"c1\",\"c 2\"]", "[\"c1\",]"),
            plain.replace("[\"c1\",\"c 2\"]", "[\"c1\" \"c 2\"]"),
            plain + "x",
            plain.substring(0, plain.length() - 1));
    for (String body : variants) {
      byte[] variant = body.getBytes(StandardCharsets.UTF_8);
      EngineResponse expected;
      try {
        expected = WireFormat.readResponse(variant);
      } catch (WireFormat.MalformedPayload e) {
        assertThat(PlainResponseReader.read(variant, 0, variant.length)).as(body).isNull();
        assertThatThrownBy(() -> WireCodec.response(Unpooled.wrappedBuffer(variant)))
            .as(body)
            .isInstanceOf(WireFormat.MalformedPayload.class);
        continue;
      }
      assertThat(WireCodec.response(Unpooled.wrappedBuffer(variant))).as(body).isEqualTo(expected);
      EngineResponse fast = PlainResponseReader.read(variant, 0, variant.length);
      if (fast != null) {
        assertThat(fast).as(body).isEqualTo(expected);
      }
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
