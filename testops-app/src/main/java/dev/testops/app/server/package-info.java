/**
 * The HTTP edge of TestOps: Spring MVC functional routes on embedded Tomcat over the same {@link
 * dev.testops.core.run.RunService} the CLI uses.
 *
 * <p>{@link dev.testops.app.server.TestOpsServer} is the entry point. Every route is a line of one
 * table ({@code Routes}); handlers parse, call the core once and serialise; every error becomes
 * {@code application/problem+json} in one table ({@code Problems}). Live events stream over SSE
 * ({@code EventStreams}) from the persisted event log, so a client resumes with {@code
 * Last-Event-ID} without gaps or duplicates, also after a restart. Nothing here is known to the
 * core.
 */
package dev.testops.app.server;
