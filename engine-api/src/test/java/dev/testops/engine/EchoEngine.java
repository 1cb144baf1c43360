package dev.testops.engine;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The smallest engine that honours the contract, used to test the test kit itself; built with a
 * per-instance nonce it becomes the smallest engine that breaks it.
 */
final class EchoEngine implements Engine {
  private final String nonce;

  private EchoEngine(String nonce) {
    this.nonce = nonce;
  }

  static EchoEngine deterministic() {
    return new EchoEngine("");
  }

  /** Appends a random per-instance nonce to every answer, as a nondeterministic engine would. */
  static EchoEngine nondeterministic() {
    return new EchoEngine(String.format(Locale.ROOT, " %016x", new SecureRandom().nextLong()));
  }

  @Override
  public EngineDescriptor describe() {
    return new EngineDescriptor("echo", "1.0.0", new TreeSet<>(List.of("claims")));
  }

  @Override
  public void ping() {}

  @Override
  public EngineResponse process(EngineRequest request) {
    String prompt = request.prompt();
    Tier tier = prompt.length() < 40 ? Tier.T1 : prompt.length() < 120 ? Tier.T2 : Tier.T3;
    String answer =
        String.format(Locale.ROOT, "echo %s %d: %s%s", tier, request.seed(), prompt, nonce);
    List<String> claims = List.of("turn=" + request.turn());
    int contradictions = request.priorClaims().contains(claims.get(0)) ? 1 : 0;
    return new EngineResponse(
        tier,
        false,
        contradictions,
        0.5,
        1_000L * prompt.length(),
        answer,
        Digests.sha256Hex(answer),
        claims);
  }
}
