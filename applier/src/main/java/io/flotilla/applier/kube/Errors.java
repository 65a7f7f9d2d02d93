package io.flotilla.applier.kube;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** Error text safe to show: what kind of failure, not what a request or config contained. */
final class Errors {
  private Errors() {}

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof ConnectException) {
      return "cannot connect to the API server (connection refused)";
    }
    if (root instanceof UnknownHostException) {
      return "cannot resolve the API server's host name";
    }
    if (root instanceof SocketTimeoutException
        || root instanceof java.util.concurrent.TimeoutException) {
      return "the API server did not answer in time";
    }
    if (root instanceof javax.net.ssl.SSLException) {
      return "TLS handshake with the API server failed (" + root.getClass().getSimpleName() + ")";
    }
    return "call failed (" + root.getClass().getSimpleName() + ")";
  }

  /** Connection refused or reset, timeouts, other I/O failures: worth another try. */
  static boolean isTransient(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.io.IOException
          || t instanceof java.util.concurrent.TimeoutException
          || t instanceof io.vertx.core.VertxException) {
        return true;
      }
    }
    return false;
  }
}
