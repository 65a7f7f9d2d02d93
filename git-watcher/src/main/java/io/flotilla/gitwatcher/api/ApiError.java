package io.flotilla.gitwatcher.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The JSON body of every error this service answers (INTERFACES.md §3). */
public record ApiError(String error, String message) {

  static Response response(int status, String error, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ApiError(error, message))
        .build();
  }
}
