package io.mediawhisperer.testsupport.eval;

import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.util.List;

/**
 * The node's HTTP API as the evaluator uses it, behind the client its caller already has (the
 * launcher tests' ApiClient, the benchmarks' BenchSession): the evaluator decides what to ask,
 * the caller how to send it.
 */
public interface SearchApi {

  /** Registers a fresh user (its email made from {@code who}) and logs in. */
  User newUser(String who) throws Exception;

  /** A logged-in user. */
  interface User {

    /** Uploads the files and waits until each is ingested; returns their source ids, in order. */
    List<String> ingest(List<Path> files) throws Exception;

    /** {@code POST /api/v1/search} with {@code {"query", "mode", "topK"}}; returns its {@code results}. */
    JsonArray search(String query, String mode, int topK) throws Exception;
  }
}
