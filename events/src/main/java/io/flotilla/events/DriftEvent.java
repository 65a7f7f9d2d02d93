package io.flotilla.events;

/** Events on {@link Topics#DRIFT}, one per (app, cluster); key = {@code <cluster>/<app>}. */
public sealed interface DriftEvent extends FlotillaEvent permits DriftDetected, DriftCorrected {
  @Override
  String cluster();
}
