/**
 * The {@code testops} command line: one picocli class per subcommand, each a thin edge over the
 * core. Errors become one-line messages and the documented exit codes of {@link
 * dev.testops.app.cli.ExitCodes}.
 */
package dev.testops.app.cli;
