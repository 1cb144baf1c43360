package dev.testops.core.snapshot;

import dev.testops.core.canonical.CanonicalJson;
import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who or what started a run, and when: the only part of a snapshot allowed to differ between two
 * runs of the same inputs.
 *
 * @param at when the run started
 * @param by the user (or pipeline) that started it
 * @param via the edge it came through: {@code cli} or {@code api}
 * @param command the command or route, e.g. {@code sim --users 1000}
 */
public record Trigger(Instant at, String by, String via, String command) {

  /** Validates the fields. */
  public Trigger {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(via, "via");
    Objects.requireNonNull(command, "command");
  }

  /** Renders the trigger as the snapshot's {@code trigger} object. */
  public ObjectNode toJson() {
    ObjectNode json = CanonicalJson.object();
    json.put("at", at.toString());
    json.put("by", by);
    json.put("via", via);
    json.put("command", command);
    return json;
  }
}
