package dev.testops.core.sim;

/** Receives the chunks of a simulation strictly in chunk order, on one thread. */
@FunctionalInterface
public interface ChunkSink {

  /** Consumes one chunk; an exception aborts the simulation. */
  void accept(Chunk chunk);
}
