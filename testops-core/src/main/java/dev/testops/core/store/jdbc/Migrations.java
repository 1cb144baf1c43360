package dev.testops.core.store.jdbc;

import dev.testops.core.TestOpsException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Creates and upgrades the history schema with the Flyway migrations in {@code db/migration}. */
public final class Migrations {
  /** Where the migrations are, on the class path. */
  public static final String LOCATION = "classpath:db/migration";

  private Migrations() {}

  /**
   * Applies every pending migration.
   *
   * @param what names the database in an error, e.g. its file
   * @return how many migrations were applied
   * @throws TestOpsException.StorageFailure naming the database when a migration fails
   */
  public static int apply(DataSource dataSource, String what) {
    try {
      return Flyway.configure(Migrations.class.getClassLoader())
          .dataSource(dataSource)
          .locations(LOCATION)
          // A build that drops the scripts must fail here, not at the first query.
          .failOnMissingLocations(true)
          .load()
          .migrate()
          .migrationsExecuted;
    } catch (FlywayException e) {
      throw new TestOpsException.StorageFailure(
          "cannot migrate the history store " + what + ": " + e.getMessage(), e);
    }
  }
}
