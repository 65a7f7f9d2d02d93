package io.flotilla.events;

/** A record's value is not a Flotilla event we can read; the message says why. */
public class EventDecodingException extends RuntimeException {
  public EventDecodingException(String message, Throwable cause) {
    super(message, cause);
  }

  public EventDecodingException(String message) {
    super(message);
  }
}
