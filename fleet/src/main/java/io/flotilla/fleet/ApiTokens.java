package io.flotilla.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The bearer tokens the control and audit APIs accept ({@code FLOTILLA_API_TOKENS}): one {@code
 * <token> <identity>} a line; blank lines and lines starting with {@code #} are ignored. The
 * identity is what the audit log records as the actor. Tokens are compared in constant time and
 * never appear in an error message.
 */
public final class ApiTokens {
  private final List<Entry> entries;

  private ApiTokens(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * @throws IllegalArgumentException naming the file and line of a malformed entry (never its
   *     content, which may hold a token)
   */
  public static ApiTokens parse(String source, String content) {
    List<Entry> entries = new ArrayList<>();
    String[] lines = content.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      if (parts.length < 2 || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            source + " line " + (i + 1) + ": expected '<token> <identity>'");
      }
      if (parts[0].length() < 16) {
        throw new IllegalArgumentException(
            source + " line " + (i + 1) + ": the token is shorter than 16 characters");
      }
      entries.add(new Entry(parts[0].getBytes(StandardCharsets.UTF_8), parts[1].strip()));
    }
    return new ApiTokens(entries);
  }

  /**
   * Reads {@code file}; a missing file means no token is accepted.
   *
   * @throws IllegalArgumentException when the file is malformed or unreadable
   */
  public static ApiTokens load(Path file) {
    if (!Files.exists(file)) {
      return new ApiTokens(List.of());
    }
    try {
      return parse(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read API tokens file " + file + ": " + e);
    }
  }

  /** The identity of a {@code Authorization} header value ({@code Bearer <token>}), if valid. */
  public Optional<String> identify(String authorizationHeader) {
    if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
      return Optional.empty();
    }
    byte[] presented =
        authorizationHeader.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
    String found = null;
    for (Entry e : entries) {
      // every entry is compared, so the time taken does not tell which one matched
      if (MessageDigest.isEqual(e.token, presented) && found == null) {
        found = e.identity;
      }
    }
    return Optional.ofNullable(found);
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  private record Entry(byte[] token, String identity) {}
}
