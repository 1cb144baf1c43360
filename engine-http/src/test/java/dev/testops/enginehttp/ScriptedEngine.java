package dev.testops.enginehttp;

import dev.testops.engine.Digests;
import dev.testops.engine.Engine;
import dev.testops.engine.EngineDescriptor;
import dev.testops.engine.EngineException;
import dev.testops.engine.EngineRequest;
import dev.testops.engine.EngineResponse;
import dev.testops.engine.SplitMix64;
import dev.testops.engine.Tier;
import java.util.List;
import java.util.TreeSet;

/**
 * A test engine steered by its prompt: {@code "latency <micros>"} models that latency, {@code "fail
 * <message>"} fails with that message; the confidence is a full-precision double drawn from the
 * seed, to test that doubles cross the wire bit for bit.
 */
final class ScriptedEngine implements Engine {
  static final EngineDescriptor DESCRIPTOR =
      new EngineDescriptor("scripted", "1.0.0", new TreeSet<>(List.of("test")));

  static EngineRequest latency(long micros) {
    return new EngineRequest("user-1", 1, "latency " + micros, List.of(), 1);
  }

  @Override
  public EngineDescriptor describe() {
    return DESCRIPTOR;
  }

  @Override
  public void ping() {}

  @Override
  public EngineResponse process(EngineRequest request) {
    String prompt = request.prompt();
    if (prompt.startsWith("fail ")) {
      throw new EngineException(prompt.substring("fail ".length()));
    }
    long latencyMicros =
        prompt.startsWith("latency ") ? Long.parseLong(prompt.substring("latency ".length())) : 0;
    double confidence = new SplitMix64(request.seed()).nextDouble();
    String answer = "scripted answer to '" + prompt + "'";
    return new EngineResponse(
        Tier.T2,
        confidence < 0.1,
        request.priorClaims().size(),
        confidence,
        latencyMicros,
        answer,
        Digests.sha256Hex(answer),
        List.of("turn=" + request.turn()));
  }
}
