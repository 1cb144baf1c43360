/**
 * Engines over HTTP, as specified by the engine HTTP protocol ({@code engine-api/PROTOCOL.md}).
 *
 * <p>{@link dev.testops.enginehttp.EngineHttpServer} serves any {@link dev.testops.engine.Engine}
 * over it (what {@code testops engine serve} runs); {@link
 * dev.testops.enginehttp.HttpEngineProvider} (engine id {@code http}) is the client that makes an
 * engine at a URL look like an in-process one, so every phase can target either. {@link
 * dev.testops.enginehttp.WireFormat} holds the JSON bodies both sides (and load generators) share.
 */
package dev.testops.enginehttp;
