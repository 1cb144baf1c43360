package dev.testops.engine;

/** The reasoning tier a request was routed to, from the cheapest to the most thorough. */
public enum Tier {
  /** Reflex: short, unambiguous prompts answered directly. */
  T1,
  /** Analytic: multi-step prompts. */
  T2,
  /** Deliberative: complex or ambiguous prompts. */
  T3
}
