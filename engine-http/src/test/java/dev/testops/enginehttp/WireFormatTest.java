package dev.testops.enginehttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.engine.Digests;
import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.SplitMix64;
import dev.testops.engine.Tier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class WireFormatTest {

  @Test
  void confidence_survivesTheRoundTripBitForBit() {
    List<Double> doubles =
        new ArrayList<>(
            List.of(
                0.0,
                1.0,
                0.8903,
                0.1 + 0.2,
                1.0 / 3.0,
                Math.nextDown(1.0),
                Math.nextUp(0.0),
                Double.MIN_NORMAL,
                Math.nextDown(Double.MIN_NORMAL),
                2.2250738585072011e-308,
                5e-324,
                0.3));
    var rng = new SplitMix64(42);
    for (int i = 0; i < 100_000; i++) {
      doubles.add(rng.nextDouble());
      // Uniform bit patterns reach the tiny exponents uniform doubles never do.
      doubles.add(Double.longBitsToDouble(rng.nextLong() & 0x3FEF_FFFF_FFFF_FFFFL));
    }

    for (double confidence : doubles) {
      EngineResponse read = WireFormat.readResponse(WireFormat.writeResponse(response(confidence)));

      assertThat(Double.doubleToRawLongBits(read.confidence()))
          .as("bits of %s", confidence)
          .isEqualTo(Double.doubleToRawLongBits(confidence));
    }
  }

  @Test
  void request_roundTripsIncludingExtremeSeedsAndUnicode() {
    for (long seed : new long[] {Long.MIN_VALUE, -1, 0, 1L << 53 | 1, Long.MAX_VALUE}) {
      var request =
          new EngineRequest(
              "user-Ω", Integer.MAX_VALUE, "Grüße 東京 \"quoted\"\n", List.of("a=b", ""), seed);

      assertThat(WireFormat.readRequest(WireFormat.writeRequest(request))).isEqualTo(request);
    }
  }

  @Test
  void response_isWrittenWithTheProtocolsFieldNames() {
    String json = new String(WireFormat.writeResponse(response(0.8903)), StandardCharsets.UTF_8);

    assertThat(json)
        .startsWith(
            "{\"tier\":\"T3\",\"escalated\":true,\"contradictions\":2,\"confidence\":0.8903,")
        .contains("\"latency_us\":123", "\"answer\":\"an answer\"", "\"claims\":[\"x=1\"]");
  }

  @Test
  void descriptor_roundTrips() {
    var descriptor = new EngineDescriptor("e", "1.2.3", new TreeSet<>(List.of("b", "a")));

    assertThat(WireFormat.readDescriptor(WireFormat.writeDescriptor(descriptor)))
        .isEqualTo(descriptor);
  }

  @Test
  void readRequest_namesTheMissingOrMistypedField() {
    assertThatThrownBy(() -> read("{\"user_id\":\"u\",\"turn\":1,\"prompt\":\"p\",\"seed\":1}"))
        .isInstanceOf(WireFormat.MalformedPayload.class)
        .hasMessage("missing field 'prior_claims'");
    assertThatThrownBy(() -> read(request("\"turn\":1.5")))
        .hasMessage("field 'turn' must be a 32-bit integer, was 1.5");
    assertThatThrownBy(() -> read(request("\"turn\":0")))
        .hasMessageContaining("invalid request: turn must be >= 1");
    assertThatThrownBy(() -> read(request("\"seed\":18446744073709551616")))
        .hasMessageContaining("field 'seed' must be a 64-bit integer");
    assertThatThrownBy(
            () ->
                read(
                    "{\"user_id\":\"u\",\"turn\":1,\"prompt\":\"p\","
                        + "\"prior_claims\":[1],\"seed\":1}"))
        .hasMessageContaining("field 'prior_claims' must be an array of strings");
  }

  @Test
  void readRequest_rejectsWhatIsNotOneJsonObject() {
    assertThatThrownBy(() -> read("{not json")).hasMessageStartingWith("request is not valid JSON");
    assertThatThrownBy(() -> read("[1]")).hasMessage("request must be a JSON object");
    assertThatThrownBy(() -> read(request("\"turn\":1") + " {}"))
        .hasMessageStartingWith("request is not valid JSON");
  }

  @Test
  void readResponse_rejectsAnUnknownTier() {
    String json =
        new String(WireFormat.writeResponse(response(0.5)), StandardCharsets.UTF_8)
            .replace("\"T3\"", "\"T4\"");

    assertThatThrownBy(() -> WireFormat.readResponse(json.getBytes(StandardCharsets.UTF_8)))
        .hasMessage("field 'tier' must be T1, T2 or T3, was \"T4\"");
  }

  @Test
  void readError_returnsTheMessageOrNullForOtherBodies() {
    assertThat(WireFormat.readError(WireFormat.writeError("boom"))).isEqualTo("boom");
    assertThat(WireFormat.readError("<html>".getBytes(StandardCharsets.UTF_8))).isNull();
  }

  private static EngineRequest read(String json) {
    return WireFormat.readRequest(json.getBytes(StandardCharsets.UTF_8));
  }

  /** A valid request with one field replaced (the field must be one of turn or seed). */
  private static String request(String field) {
    String turn = field.startsWith("\"turn\"") ? field : "\"turn\":1";
    String seed = field.startsWith("\"seed\"") ? field : "\"seed\":1";
    return "{\"user_id\":\"u\"," + turn + ",\"prompt\":\"p\",\"prior_claims\":[]," + seed + "}";
  }

  private static EngineResponse response(double confidence) {
    return new EngineResponse(
        Tier.T3,
        true,
        2,
        confidence,
        123,
        "an answer",
        Digests.sha256Hex("an answer"),
        List.of("x=1"));
  }
}
