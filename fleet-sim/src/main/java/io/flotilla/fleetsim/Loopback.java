package io.flotilla.fleetsim;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** 127.0.0.1, the only address fleet-sim listens on (and the one its kubeconfigs name). */
final class Loopback {
  static final String HOST = "127.0.0.1";
  static final InetAddress ADDRESS = ipv4();

  private Loopback() {}

  private static InetAddress ipv4() {
    try {
      return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("a literal IPv4 address cannot be unknown", e);
    }
  }
}
