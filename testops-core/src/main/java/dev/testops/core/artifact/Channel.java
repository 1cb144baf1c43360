package dev.testops.core.artifact;

/** What a piece of output is, so a filter in front of all of it can tell them apart. */
public enum Channel {
  /** A run event's data, stored and streamed. */
  EVENT,
  /** A line of a run's text log. */
  LOG,
  /** A war-room entry. */
  WAR_ROOM,
  /** A file a phase writes as an artifact of the run (phase reports, diffs, exports). */
  ARTIFACT,
  /** A rendered report (master report JSON and HTML, the index, JUnit XML). */
  REPORT,
  /** A snapshot document. */
  SNAPSHOT,
  /** The per-request records of a SIM, before they are encoded. */
  RECORDS,
  /** Text a run stores in the history (phase summaries, reasons). */
  STORE_TEXT,
  /** A bundle of a run's files (already filtered as each file was written). */
  BUNDLE
}
