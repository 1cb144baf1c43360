package dev.testops.core.report;

import dev.testops.core.TestOpsException;
import dev.testops.core.canonical.CanonicalJson;
import dev.testops.core.run.PhaseOutcome;
import dev.testops.core.run.PhaseRun;
import dev.testops.core.run.PhaseStatus;
import dev.testops.core.run.Run;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Renders a finished run as JUnit XML for CI: one {@code testsuite} for the run, one {@code
 * testcase} per phase; a failed phase is a {@code failure}, an errored one an {@code error}, a
 * skipped one {@code skipped}.
 *
 * <p>A phase that passed with a {@linkplain PhaseOutcome#WARNING warning} (a replay that drifted
 * within its floor) stays a passed test case, so CI's verdict matches the exit code, but is never a
 * silent pass: the warning is the test case's {@code warning} property and the first line of its
 * {@code system-out} and {@code system-err}, and the suite counts them in a {@code warnings}
 * property.
 */
public final class JUnitXml {
  private JUnitXml() {}

  /** Renders the run. */
  public static String render(Run run) {
    var text = new StringWriter();
    try {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(text);
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", "testops." + run.request().suite());
      xml.writeAttribute("tests", Integer.toString(run.phases().size()));
      xml.writeAttribute("failures", count(run, PhaseStatus.FAILED));
      xml.writeAttribute("errors", count(run, PhaseStatus.ERROR));
      xml.writeAttribute("skipped", count(run, PhaseStatus.SKIPPED));
      xml.writeAttribute("time", seconds(run.startedAt(), run.finishedAt()));
      if (run.startedAt() != null) {
        xml.writeAttribute("timestamp", run.startedAt().toString());
      }
      xml.writeCharacters("\n");
      xml.writeStartElement("properties");
      property(xml, "run_id", run.id());
      property(xml, "status", run.status().wireName());
      property(xml, "engine", run.request().engineId());
      property(xml, "users", Integer.toString(run.request().users()));
      property(
          xml,
          "warnings",
          Long.toString(run.phases().stream().filter(p -> !warning(p).isEmpty()).count()));
      xml.writeEndElement();
      xml.writeCharacters("\n");
      for (PhaseRun phase : run.phases()) {
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", "testops." + run.request().suite());
        xml.writeAttribute("name", phase.name());
        xml.writeAttribute("time", seconds(phase.startedAt(), phase.finishedAt()));
        switch (phase.status()) {
          case FAILED -> outcome(xml, "failure", phase, run);
          case ERROR -> outcome(xml, "error", phase, run);
          case SKIPPED, PENDING, RUNNING -> {
            xml.writeEmptyElement("skipped");
          }
          default -> {}
        }
        String warning = warning(phase);
        if (!warning.isEmpty()) {
          xml.writeStartElement("properties");
          property(xml, PhaseOutcome.WARNING, warning);
          xml.writeEndElement();
        }
        xml.writeStartElement("system-out");
        xml.writeCData((warning.isEmpty() ? "" : "WARNING: " + warning + "\n") + phase.summary());
        xml.writeEndElement();
        if (!warning.isEmpty()) {
          xml.writeStartElement("system-err");
          xml.writeCharacters("WARNING: " + warning);
          xml.writeEndElement();
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new TestOpsException("cannot render JUnit XML: " + e.getMessage(), e);
    }
    return text + "\n";
  }

  private static void outcome(XMLStreamWriter xml, String element, PhaseRun phase, Run run)
      throws XMLStreamException {
    xml.writeStartElement(element);
    String reason = run.reason() != null ? run.reason() : phase.name() + " " + element;
    xml.writeAttribute("message", reason);
    xml.writeCharacters(reason);
    xml.writeEndElement();
  }

  /** The phase's warning, or an empty string when it has none. */
  private static String warning(PhaseRun phase) {
    if (phase.summary().isBlank()) {
      return "";
    }
    return CanonicalJson.parse(phase.summary().getBytes(StandardCharsets.UTF_8), "summary")
        .path(PhaseOutcome.WARNING)
        .asString("");
  }

  private static void property(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeEmptyElement("property");
    xml.writeAttribute("name", name);
    xml.writeAttribute("value", value);
  }

  private static String count(Run run, PhaseStatus status) {
    return Long.toString(run.phases().stream().filter(p -> p.status() == status).count());
  }

  private static String seconds(java.time.Instant from, java.time.Instant to) {
    if (from == null || to == null) {
      return "0";
    }
    return BigDecimal.valueOf(Duration.between(from, to).toMillis(), 3)
        .toPlainString()
        .toLowerCase(Locale.ROOT);
  }
}
