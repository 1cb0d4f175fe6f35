package io.mediawhisperer.plugin.transcript.supadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mediawhisperer.spi.transcript.ProviderHttp;
import io.mediawhisperer.spi.transcript.TranscriptException;
import io.mediawhisperer.spi.transcript.TranscriptException.Reason;
import java.io.IOException;

/**
 * Supadata's answers other than 200, as {@link TranscriptException}s. Supadata says what went wrong
 * in a JSON body ({@code {"error": code, "message": ...}}) whose code tells apart what the status
 * alone does not: a 404 {@code transcript-unavailable} is a video without a transcript, any other
 * 404 a video or playlist that does not exist. (429 and 5xx never get here: {@link ProviderHttp}
 * retries them and fails with its own reason.)
 */
final class SupadataFailures {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRANSCRIPT_UNAVAILABLE = "transcript-unavailable";
  private static final int MAX_SERVICE_MESSAGE = 200;

  private final String apiKey;

  SupadataFailures(String apiKey) {
    this.apiKey = apiKey;
  }

  /** The body of a 200 answer about {@code what}; otherwise throws the failure the answer means. */
  String bodyOf(ProviderHttp.Response response, String what) {
    int status = response.status();
    if (status == 200) {
      return response.body();
    }
    ServiceError error = ServiceError.of(response.body());
    throw switch (status) {
      case 206 -> noTranscript(what, status, error);
      case 401, 403 -> new TranscriptException(Reason.REFUSED, "Supadata refused the request for " + what + " ("
          + said(status, error) + "): check the API key in setting 'transcript-provider-api-key' and its plan");
      case 404 -> TRANSCRIPT_UNAVAILABLE.equals(error.code())
          ? noTranscript(what, status, error)
          : new TranscriptException(Reason.NOT_FOUND, "Supadata found no " + what + ", or it is private (" + said(status, error) + ")");
      // Supadata's invalid-request: the id (the only thing a caller varies) is not one it can look up
      case 400 -> new TranscriptException(Reason.NOT_FOUND, "Supadata cannot look up " + what + " (" + said(status, error) + ")");
      default -> new TranscriptException(Reason.INVALID_RESPONSE, "Supadata answered " + what + " unexpectedly ("
          + said(status, error) + ")");
    };
  }

  private TranscriptException noTranscript(String what, int status, ServiceError error) {
    return new TranscriptException(Reason.NO_CAPTIONS, "Supadata has no transcript of " + what + " (" + said(status, error) + ")");
  }

  /** The status, Supadata's code and message; shortened, and never with the key (a service may echo what it was sent). */
  private String said(int status, ServiceError error) {
    StringBuilder out = new StringBuilder(String.valueOf(status));
    if (error.code() != null) {
      out.append(' ').append(error.code());
    }
    if (error.message() != null) {
      String message = error.message().strip();
      out.append(": ").append(message.length() > MAX_SERVICE_MESSAGE ? message.substring(0, MAX_SERVICE_MESSAGE) + "…" : message);
    }
    String text = out.toString();
    return apiKey == null || apiKey.isEmpty() ? text : text.replace(apiKey, "***");
  }

  /** Supadata's error body; both parts null when the body is not one (a proxy's page, nothing). */
  record ServiceError(String code, String message) {

    static ServiceError of(String body) {
      if (body == null || body.isBlank()) {
        return new ServiceError(null, null);
      }
      try {
        JsonNode node = JSON.readTree(body);
        return new ServiceError(node.path("error").textValue(), node.path("message").textValue());
      } catch (IOException e) {
        return new ServiceError(null, null);
      }
    }
  }
}
