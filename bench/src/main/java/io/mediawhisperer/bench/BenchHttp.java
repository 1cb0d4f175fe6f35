package io.mediawhisperer.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The few HTTP calls the ingestion benchmarks make, blocking (the benchmark's thread, never an event loop). */
final class BenchHttp {

  private final WebClient client;

  BenchHttp(WebClient client) {
    this.client = client;
  }

  HttpResponse<Buffer> upload(String token, Path file) throws Exception {
    MultipartForm form = MultipartForm.create().binaryFileUpload("file", file.getFileName().toString(), file.toString(),
        "application/octet-stream");
    return await(client.post("/api/v1/sources").bearerTokenAuthentication(token).sendMultipartForm(form));
  }

  JsonObject json(String token, String path) throws Exception {
    HttpResponse<Buffer> response = await(client.get(path).bearerTokenAuthentication(token).send());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  private static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(IngestionBench.HTTP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("HTTP request failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new IngestionBench.AbortException("an HTTP request got no answer within " + IngestionBench.HTTP_LIMIT.toMinutes() + " minutes");
    }
  }
}
