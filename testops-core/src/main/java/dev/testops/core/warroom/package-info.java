/**
 * The war room: a structured log per run ({@code warroom/run-<id>.jsonl}: time, phase, severity,
 * message, remediation) and the master log ({@code warroom/master/warroom.jsonl}) that aggregates
 * the key events of every run for incident triage.
 */
package dev.testops.core.warroom;
