package io.flotilla.e2e.hostile;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The audit database of one IT: created empty, then read by type and revision. */
public final class AuditDb {
  private final String url;

  /**
   * @param serverUrl any {@code postgresql://host:port/db} URL of the server
   * @param name this IT's own database
   */
  public AuditDb(String serverUrl, String name) {
    URI u = URI.create(serverUrl);
    this.url = "postgresql://" + u.getHost() + ":" + u.getPort() + "/" + name;
  }

  /** The URL the platform is given ({@code FLOTILLA_DB_URL}). */
  public String url() {
    return url;
  }

  /** Drops this database if a previous run left it; {@code platform.sh} creates it again. */
  public void dropIfExists() throws SQLException {
    String name = url.substring(url.lastIndexOf('/') + 1);
    String admin = url.substring(0, url.lastIndexOf('/') + 1) + "postgres";
    try (Connection db = DriverManager.getConnection("jdbc:" + admin, credentials());
        Statement s = db.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
    }
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:" + url, credentials());
  }

  /** The canonical event ({@code envelope}) of every row of {@code type} for {@code revision}. */
  public List<String> envelopes(String type, String revision) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection db = connect();
        PreparedStatement q =
            db.prepareStatement(
                "SELECT envelope FROM audit_log WHERE type = ? AND revision = ? ORDER BY seq")) {
      q.setString(1, type);
      q.setString(2, revision);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  /** The envelope of every row of {@code type} whose envelope contains {@code text}. */
  public List<String> envelopesContaining(String type, String text) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection db = connect();
        PreparedStatement q =
            db.prepareStatement(
                "SELECT envelope FROM audit_log WHERE type = ? AND strpos(envelope::text, ?) > 0"
                    + " ORDER BY seq")) {
      q.setString(1, type);
      q.setString(2, text);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static Properties credentials() {
    Properties p = new Properties();
    p.put("user", "flotilla");
    p.put("password", "flotilla");
    return p;
  }
}
