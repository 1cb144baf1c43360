package dev.testops.core.store.sqlite;

import static dev.testops.core.store.StoreFixtures.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.testops.core.TestOpsException;
import dev.testops.core.run.RunStore;
import dev.testops.core.store.RunStoreContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class SqliteRunStoreTest extends RunStoreContractTest {

  @Override
  protected RunStore openStore(Path dir) {
    return SqliteRunStore.openHome(dir);
  }

  @Test
  void openHome_usesTheHomeDataFile() {
    assertThat(dir.resolve("data/tests_master.db")).isRegularFile();
  }

  @Test
  void open_createsTheFileAndFoldersAtThePathGiven_inWalMode() throws SQLException {
    Path file = dir.resolve("elsewhere/deeper/history.db");

    try (SqliteRunStore other = SqliteRunStore.open(file)) {
      assertThat(other.file()).isEqualTo(file.toAbsolutePath());
      assertThat(file).isRegularFile();
      assertThat(pragma(file, "journal_mode")).isEqualTo("wal");
      assertThat(Files.exists(dir.resolve("elsewhere/deeper/history.db-wal"))).isTrue();
    }
  }

  @Test
  void foreignKeys_areEnforced() {
    assertThatThrownBy(() -> store.appendEvents(events("no-such-run", 1, 1)))
        .isInstanceOf(TestOpsException.StorageFailure.class)
        .hasMessageContaining("FOREIGN KEY");

    assertThat(store.lastSeq("no-such-run")).isZero();
  }

  private static String pragma(Path file, String name) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("PRAGMA " + name)) {
      r.next();
      return r.getString(1);
    }
  }
}
