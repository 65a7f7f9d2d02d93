package io.flotilla.auditor;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Connections to the test database as the roles other than the service's: the owner (who ran the
 * migrations: {@code FLOTILLA_DB_OWNER}/{@code FLOTILLA_DB_OWNER_PASSWORD}, default {@code
 * flotilla}/{@code flotilla}) and a superuser ({@code FLOTILLA_TEST_DB_SUPERUSER}, default {@code
 * postgres}, trusted on 127.0.0.1 as deploy/local/postgres.sh sets the cluster up).
 */
public final class TestDb {
  private TestDb() {}

  public static String jdbcUrl() {
    return "jdbc:"
        + System.getenv()
            .getOrDefault(
                "FLOTILLA_TEST_DB_URL", "postgresql://127.0.0.1:55432/flotilla_auditor_test");
  }

  public static Connection owner() throws SQLException {
    return connect(
        env("FLOTILLA_DB_OWNER", "flotilla"), env("FLOTILLA_DB_OWNER_PASSWORD", "flotilla"));
  }

  public static Connection superuser() throws SQLException {
    return connect(env("FLOTILLA_TEST_DB_SUPERUSER", "postgres"), "");
  }

  private static Connection connect(String user, String password) throws SQLException {
    Properties p = new Properties();
    p.put("user", user);
    p.put("password", password);
    return DriverManager.getConnection(jdbcUrl(), p);
  }

  private static String env(String name, String fallback) {
    return System.getenv().getOrDefault(name, fallback);
  }
}
