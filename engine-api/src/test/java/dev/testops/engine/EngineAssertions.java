package dev.testops.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * The assertions behind {@link EngineContractTest}, public so an engine's own tests can run them
 * directly, e.g. to prove that a deliberately broken engine fails them.
 */
public final class EngineAssertions {
  private EngineAssertions() {}

  /**
   * Asserts the parts of a response its record cannot check alone: a non-blank answer whose digest
   * is the SHA-256 of the answer, and claims without blanks.
   */
  public static void assertValid(EngineResponse response) {
    assertThat(response.answer()).as("answer").isNotBlank();
    assertThat(response.digest())
        .as("digest of answer %s", response.answer())
        .isEqualTo(Digests.sha256Hex(response.answer()));
    assertThat(response.claims()).as("claims").allSatisfy(claim -> assertThat(claim).isNotBlank());
  }

  /** Processes the requests in order, checking each response is valid. */
  public static List<EngineResponse> processAll(Engine engine, List<EngineRequest> requests) {
    List<EngineResponse> responses = new ArrayList<>(requests.size());
    for (EngineRequest request : requests) {
      EngineResponse response = engine.process(request);
      assertValid(response);
      responses.add(response);
    }
    return responses;
  }

  /**
   * Asserts that two engines answer every request identically; fails on the first request whose
   * responses differ, naming it.
   */
  public static void assertSameResponses(
      Engine first, Engine second, List<EngineRequest> requests) {
    for (EngineRequest request : requests) {
      assertThat(second.process(request))
          .as("second engine's response to %s", request)
          .isEqualTo(first.process(request));
    }
  }
}
