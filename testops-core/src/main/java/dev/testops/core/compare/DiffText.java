package dev.testops.core.compare;

import dev.testops.core.canonical.CanonicalJson;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** Renders a snapshot diff document as the plain-text {@code reports/snapshot_diff.txt}. */
public final class DiffText {
  private DiffText() {}

  /** Renders the diff; the same document always gives the same text. */
  public static String render(JsonNode diff) {
    var out = new StringBuilder();
    out.append("TestOps snapshot diff\n");
    out.append("base:   ").append(diff.path("base").asString()).append('\n');
    out.append("target: ").append(diff.path("target").asString()).append('\n');
    out.append("result: ")
        .append(diff.path("identical").asBoolean() ? "IDENTICAL" : "DIFFERENT")
        .append('\n');
    for (JsonNode unpaired : diff.path("unpaired")) {
      out.append("unpaired: ").append(unpaired.asString()).append('\n');
    }
    for (JsonNode pair : diff.path("pairs")) {
      out.append('\n');
      out.append(side("base  ", pair.path("base")));
      out.append(side("target", pair.path("target")));
      out.append("dataset: ")
          .append(pair.path("dataset_identical").asBoolean() ? "identical" : "DIFFERS")
          .append('\n');
      JsonNode records = pair.path("records");
      out.append(
          String.format(
              Locale.ROOT,
              "records: %d compared, %d identical, %d differ (%s%% identical)%n",
              records.path("compared").asLong(),
              records.path("identical").asLong(),
              records.path("differing").asLong(),
              records.path("identical_percent").decimalValue().toPlainString()));
      out.append("metrics changed: ").append(pair.path("metrics_changed").asInt());
      int oneSided = pair.path("metrics_on_one_side_only").asInt();
      if (oneSided > 0) {
        out.append(" (").append(oneSided).append(" recorded by one side only)");
      }
      out.append('\n');
      for (JsonNode delta : pair.path("metrics")) {
        out.append("  ")
            .append(delta.path("metric").asString())
            .append(": ")
            .append(number(delta.path("base")))
            .append(" -> ")
            .append(number(delta.path("target")));
        if (delta.has("delta")) {
          out.append("  (").append(signed(delta.path("delta")));
          if (delta.has("delta_percent")) {
            out.append(", ").append(signed(delta.path("delta_percent"))).append('%');
          }
          out.append(')');
        }
        out.append('\n');
      }
      for (JsonNode record : records.path("first_differences")) {
        out.append("record #").append(record.path("index").asLong()).append('\n');
        out.append("  - ").append(CanonicalJson.line(record.path("base"))).append('\n');
        out.append("  + ").append(CanonicalJson.line(record.path("target"))).append('\n');
      }
    }
    return out.toString().replace(System.lineSeparator(), "\n");
  }

  private static String side(String label, JsonNode s) {
    return String.format(
        Locale.ROOT,
        "%s: run %s, engine %s, profile %s, seed %d, %d users (%s)%n",
        label,
        s.path("run_id").asString(),
        s.path("engine").asString(),
        s.path("profile").asString(),
        s.path("seed").asLong(),
        s.path("users").asLong(),
        s.path("file").asString());
  }

  private static String number(JsonNode n) {
    return n.isNumber() ? n.decimalValue().toPlainString() : "(absent)";
  }

  private static String signed(JsonNode n) {
    String text = n.decimalValue().toPlainString();
    return n.decimalValue().signum() > 0 ? "+" + text : text;
  }
}
