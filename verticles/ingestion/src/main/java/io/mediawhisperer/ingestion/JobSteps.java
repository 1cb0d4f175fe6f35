package io.mediawhisperer.ingestion;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** What a kind of job needs of the runner that claimed it. */
interface JobSteps {

  /** Records the job's stage and progress and tells its user; fails with IllegalStateException once the job is no longer this node's. */
  Future<Void> progress(UUID jobId, UUID userId, String stage, int percent);

  /** Records a job without a source of its own as finished, if it is still this node's, and tells its user. */
  Future<Void> finish(UUID jobId, String status, String error);

  /** A request to another verticle; its reply's body. */
  Future<JsonObject> request(String address, JsonObject body, long timeoutMs);

  /** Tells the user's sockets about the source as it now is. */
  Future<Void> publishSource(UUID sourceId, UUID userId);
}
