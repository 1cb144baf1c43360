package dev.testops.app.cli;

import dev.testops.core.TestOpsException;
import java.io.PrintWriter;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/** The {@code testops} entry point. */
public final class Main {
  /**
   * Flyway reports every migration check at INFO through java.util.logging; a CLI prints only what
   * the user asked for. Held in a field so the setting is not garbage-collected.
   */
  private static final Logger FLYWAY = quiet("org.flywaydb");

  private Main() {}

  private static Logger quiet(String name) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(Level.WARNING);
    return logger;
  }

  /** Runs the command line and exits with its documented exit code. */
  public static void main(String[] args) {
    System.exit(run(CliContext.system(), new PrintWriter(System.out, true), args));
  }

  /** Runs the command line against a context and an output, returning the exit code. */
  public static int run(CliContext context, PrintWriter out, String... args) {
    return run(context, out, new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with explicit output and error writers, returning the exit code. */
  public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
    return commandLine(context, out, err).execute(args);
  }

  /** Builds the command line; exposed for tests that inspect usage. */
  static CommandLine commandLine(CliContext context, PrintWriter out, PrintWriter err) {
    CommandLine.IFactory defaults = CommandLine.defaultFactory();
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            try {
              return type.getDeclaredConstructor(CliContext.class).newInstance(context);
            } catch (NoSuchMethodException e) {
              return defaults.create(type);
            }
          }
        };
    var cli = new CommandLine(new TestOpsCommand(), factory);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> {
          if (exception instanceof TestOpsException known) {
            commandLine.getErr().println("testops: " + known.getMessage());
            return ExitCodes.of(known);
          }
          commandLine
              .getErr()
              .println(
                  "testops: internal error ("
                      + exception.getClass().getSimpleName()
                      + ": "
                      + exception.getMessage()
                      + "); please report it");
          return ExitCodes.INTERNAL;
        });
    return cli;
  }
}
