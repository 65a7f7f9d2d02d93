package io.flotilla.auditor.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure of a request into a JSON {@link ApiError}. */
public class ApiErrors {
  private static final Logger LOG = Logger.getLogger(ApiErrors.class);

  @ServerExceptionMapper
  public Response refused(ApiException e) {
    return json(e.status(), new ApiError(e.error(), e.getMessage(), e.details()));
  }

  /** Unknown paths, wrong methods, unacceptable media types and the like. */
  @ServerExceptionMapper
  public Response http(WebApplicationException e) {
    Response.StatusType status = e.getResponse().getStatusInfo();
    String code = status.getReasonPhrase().toLowerCase(Locale.ROOT).replace(' ', '_');
    return json(status.getStatusCode(), new ApiError(code, e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e) {
    LOG.error("request failed", e);
    return json(
        500,
        new ApiError("internal_error", "the auditor failed to answer; see its log for why", null));
  }

  private static Response json(int status, ApiError body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
