package io.flotilla.events;

/** Events on {@link Topics#DESIRED}, one per (app, cluster). */
public sealed interface DesiredEvent extends FlotillaEvent permits DesiredState, RenderFailed {
  @Override
  String cluster();
}
