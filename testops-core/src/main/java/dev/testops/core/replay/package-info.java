/**
 * Replay: run a snapshot's dataset again on the engine it names, with the options it recorded, and
 * judge the records against the recorded ones (IDENTICAL, DRIFT WITHIN FLOOR, DRIFT).
 */
package dev.testops.core.replay;
