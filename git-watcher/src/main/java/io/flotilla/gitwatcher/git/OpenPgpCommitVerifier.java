package io.flotilla.gitwatcher.git;

import io.flotilla.events.Signature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Checks the OpenPGP signature of a raw Git commit object against a set of armored public keys,
 * with BouncyCastle. Only the given keys count: no keyring, no key server, no trust database.
 */
public final class OpenPgpCommitVerifier {
  private static final byte[] GPGSIG = "gpgsig ".getBytes(StandardCharsets.US_ASCII);

  private OpenPgpCommitVerifier() {}

  /**
   * @param rawCommit the commit object as stored ({@code git cat-file commit})
   * @param armoredKeys the allowed public keys (each an armored public key block)
   * @param required whether the app requires a valid signature (copied into the result)
   */
  public static Signature verify(
      byte[] rawCommit, Collection<String> armoredKeys, boolean required) {
    Split split = split(rawCommit);
    if (split.signature == null) {
      return new Signature(Signature.Status.UNSIGNED, null, null, required);
    }
    PGPSignature sig;
    try {
      sig = readSignature(split.signature);
    } catch (IOException | RuntimeException e) {
      // e.g. an SSH or X.509 signature, or garbage: not something an OpenPGP key can vouch for
      return new Signature(Signature.Status.UNKNOWN_KEY, null, null, required);
    }
    String issuer = issuerFingerprint(sig);
    for (String armored : armoredKeys) {
      PGPPublicKey key = findKey(armored, sig.getKeyID());
      if (key == null) {
        continue;
      }
      String fingerprint = HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
      String signer = primaryUserId(armored, key);
      try {
        sig.init(new BcPGPContentVerifierBuilderProvider(), key);
        sig.update(split.payload);
        Signature.Status status = sig.verify() ? Signature.Status.VALID : Signature.Status.INVALID;
        return new Signature(status, fingerprint, signer, required);
      } catch (PGPException e) {
        return new Signature(Signature.Status.INVALID, fingerprint, signer, required);
      }
    }
    return new Signature(Signature.Status.UNKNOWN_KEY, issuer, null, required);
  }

  private static PGPSignature readSignature(byte[] armored) throws IOException {
    InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored));
    Object o = new BcPGPObjectFactory(in).nextObject();
    if (o instanceof PGPCompressedData c) {
      try {
        o = new BcPGPObjectFactory(c.getDataStream()).nextObject();
      } catch (PGPException e) {
        throw new IOException(e);
      }
    }
    if (o instanceof PGPSignatureList list && !list.isEmpty()) {
      return list.get(0);
    }
    throw new IOException("not an OpenPGP signature");
  }

  private static String issuerFingerprint(PGPSignature sig) {
    IssuerFingerprint fp =
        sig.getHashedSubPackets() == null ? null : sig.getHashedSubPackets().getIssuerFingerprint();
    if (fp != null) {
      return HexFormat.of().withUpperCase().formatHex(fp.getFingerprint());
    }
    return sig.getKeyID() == 0 ? null : String.format("%016X", sig.getKeyID());
  }

  private static PGPPublicKey findKey(String armored, long keyId) {
    try {
      var rings =
          new PGPPublicKeyRingCollection(
              PGPUtil.getDecoderStream(
                  new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII))),
              new BcKeyFingerprintCalculator());
      return rings.getPublicKey(keyId);
    } catch (IOException | PGPException e) {
      // the fleet parser accepted the block's header; a body BouncyCastle cannot read holds no key
      return null;
    }
  }

  private static String primaryUserId(String armored, PGPPublicKey signingKey) {
    try {
      var rings =
          new PGPPublicKeyRingCollection(
              PGPUtil.getDecoderStream(
                  new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII))),
              new BcKeyFingerprintCalculator());
      PGPPublicKeyRing ring = rings.getPublicKeyRing(signingKey.getKeyID());
      Iterator<String> ids = ring == null ? null : ring.getPublicKey().getUserIDs();
      return ids != null && ids.hasNext() ? ids.next() : null;
    } catch (IOException | PGPException e) {
      return null;
    }
  }

  /**
   * The commit without its {@code gpgsig} header (what was signed), and the signature: the header's
   * value, whose continuation lines start with one space.
   */
  static Split split(byte[] raw) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream(raw.length);
    ByteArrayOutputStream signature = null;
    int i = 0;
    boolean inHeaders = true;
    boolean inSig = false;
    while (i < raw.length) {
      int end = i;
      while (end < raw.length && raw[end] != '\n') {
        end++;
      }
      int next = Math.min(end + 1, raw.length);
      if (inHeaders && end == i) {
        inHeaders = false;
        inSig = false;
      }
      if (inHeaders && inSig && raw[i] == ' ') {
        signature.write(raw, i + 1, next - i - 1);
      } else if (inHeaders && startsWith(raw, i, GPGSIG)) {
        inSig = true;
        signature = new ByteArrayOutputStream();
        signature.write(raw, i + GPGSIG.length, next - i - GPGSIG.length);
      } else {
        inSig = false;
        payload.write(raw, i, next - i);
      }
      i = next;
    }
    return new Split(payload.toByteArray(), signature == null ? null : signature.toByteArray());
  }

  private static boolean startsWith(byte[] raw, int at, byte[] prefix) {
    if (raw.length - at < prefix.length) {
      return false;
    }
    for (int k = 0; k < prefix.length; k++) {
      if (raw[at + k] != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  record Split(byte[] payload, byte[] signature) {}
}
