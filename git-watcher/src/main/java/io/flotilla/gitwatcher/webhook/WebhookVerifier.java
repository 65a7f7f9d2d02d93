package io.flotilla.gitwatcher.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Whether a webhook call was sent by someone who knows the secret: an HMAC-SHA256 of the raw body
 * (GitHub {@code sha256=<hex>}, Gitea {@code <hex>}, generic {@code sha256=<hex>}) or the secret
 * itself (GitLab's token). Comparisons take constant time. Pure; never logs.
 */
public final class WebhookVerifier {
  private static final String SHA256_PREFIX = "sha256=";

  private WebhookVerifier() {}

  /** The outcome; never carries the signature or the secret. */
  public enum Verification {
    VALID,
    MISSING,
    INVALID
  }

  /**
   * @param signature the value of {@link Provider#header()}, {@code null} when absent
   * @param secret the configured secret, not empty
   */
  public static Verification verify(
      Provider provider, byte[] body, String signature, String secret) {
    if (signature == null || signature.isBlank()) {
      return Verification.MISSING;
    }
    byte[] expected =
        switch (provider) {
          case GITLAB -> secret.getBytes(StandardCharsets.UTF_8);
          case GITEA -> hex(hmacSha256(secret, body));
          case GITHUB, GENERIC ->
              (SHA256_PREFIX + new String(hex(hmacSha256(secret, body))))
                  .getBytes(StandardCharsets.US_ASCII);
        };
    String given =
        provider == Provider.GITLAB ? signature : signature.trim().toLowerCase(Locale.ROOT);
    return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))
        ? Verification.VALID
        : Verification.INVALID;
  }

  /** The signature a sender computes for {@code body}: what GitHub and the generic header carry. */
  public static String sign(String secret, byte[] body) {
    return SHA256_PREFIX + new String(hex(hmacSha256(secret, body)), StandardCharsets.US_ASCII);
  }

  static byte[] hmacSha256(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private static byte[] hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII);
  }
}
