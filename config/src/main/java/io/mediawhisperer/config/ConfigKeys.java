package io.mediawhisperer.config;

import java.util.List;

/**
 * Every key a node reads. Defaults live in {@code mediawhisperer-defaults.json}; a test keeps the
 * two (and the README's configuration table) in step.
 */
public final class ConfigKeys {

  public static final ConfigKey HTTP_HOST = new ConfigKey("http-host",
      "Address the HTTP server binds to");
  public static final ConfigKey HTTP_PORT = new ConfigKey("http-port",
      "HTTP port (0 picks a free one)");
  public static final ConfigKey HTTP_MAX_BODY_BYTES = new ConfigKey("http-max-body-bytes",
      "Largest JSON request body accepted; larger ones get 413");
  public static final ConfigKey UPLOAD_MAX_BYTES = new ConfigKey("upload-max-bytes",
      "Largest upload accepted; larger ones get 413 and nothing is stored");
  public static final ConfigKey DATA_DIR = new ConfigKey("data-dir",
      "Directory for this node's files: embedded database (pg/), JWT key, uploads");
  public static final ConfigKey DB_URL = new ConfigKey("db-url",
      "PostgreSQL URL (postgresql://user:pass@host:port/db); unset starts an embedded PostgreSQL under <data-dir>/pg");
  public static final ConfigKey DB_POOL_SIZE = new ConfigKey("db-pool-size",
      "Connections per verticle pool");
  public static final ConfigKey EMBEDDED_DB_PORT = new ConfigKey("embedded-db-port",
      "Port of the embedded PostgreSQL on 127.0.0.1 (0 picks a free one)");
  public static final ConfigKey ROLES = new ConfigKey("roles",
      "Comma-separated roles this node runs: http,auth,ingestion,embedding,retrieval,cleanup");
  public static final ConfigKey CLUSTER = new ConfigKey("cluster",
      "Join a Hazelcast cluster and share the event bus with the other nodes");
  public static final ConfigKey CLUSTER_HOST = new ConfigKey("cluster-host",
      "Address Hazelcast and the clustered event bus bind to and advertise");
  public static final ConfigKey CLUSTER_PORT = new ConfigKey("cluster-port",
      "First Hazelcast port tried (the next ones are tried when it is taken)");
  public static final ConfigKey CLUSTER_MEMBERS = new ConfigKey("cluster-members",
      "Comma-separated Hazelcast members (host or host:port); multicast is never used");
  public static final ConfigKey JWT_SECRET = new ConfigKey("jwt-secret",
      "HS256 key for access tokens; unset: generated once into <data-dir>/jwt.key. Give every auth node the same value in a cluster");
  public static final ConfigKey JWT_TTL_SECONDS = new ConfigKey("jwt-ttl-seconds",
      "Lifetime of a JWT access token");
  public static final ConfigKey COOKIE_SECURE = new ConfigKey("cookie-secure",
      "Mark the mw_session cookie Secure (set when served over HTTPS)");
  public static final ConfigKey LOGIN_MAX_FAILURES = new ConfigKey("login-max-failures",
      "Failed logins per email (and per client address) before 429");
  public static final ConfigKey LOGIN_LOCKOUT_SECONDS = new ConfigKey("login-lockout-seconds",
      "How long failed logins are counted and a locked-out login waits");
  public static final ConfigKey CLEANUP_SESSIONS_INTERVAL_SECONDS = new ConfigKey(
      "cleanup-sessions-interval-seconds", "How often expired sessions are deleted");

  public static final ConfigKey INGESTION_WORKERS = new ConfigKey("ingestion-workers",
      "Ingestion jobs one node runs at the same time");
  public static final ConfigKey JOB_HEARTBEAT_SECONDS = new ConfigKey("job-heartbeat-seconds",
      "How often a node confirms it is still running its jobs");
  public static final ConfigKey JOB_STALE_SECONDS = new ConfigKey("job-stale-seconds",
      "A running job whose node has not confirmed it for this long is taken over by another node");
  public static final ConfigKey EMBEDDING_PROVIDER = new ConfigKey("embedding-provider",
      "Embedding model plugin: minilm (in-process, offline) or openai-compatible");
  public static final ConfigKey EMBEDDING_VARIANT = new ConfigKey("embedding-variant",
      "minilm: quantized or full (unset: the plugin's measured default)");
  public static final ConfigKey EMBEDDING_BASE_URL = new ConfigKey("embedding-base-url",
      "openai-compatible: base URL of the API, e.g. http://127.0.0.1:11434/v1");
  public static final ConfigKey EMBEDDING_API_KEY = new ConfigKey("embedding-api-key",
      "openai-compatible: API key sent as a Bearer token");
  public static final ConfigKey EMBEDDING_MODEL = new ConfigKey("embedding-model",
      "openai-compatible: the model to ask for");
  public static final ConfigKey EMBEDDING_DIMENSION = new ConfigKey("embedding-dimension",
      "openai-compatible: the model's vector length");
  public static final ConfigKey VECTOR_BACKEND = new ConfigKey("vector-backend",
      "Vector backend plugin: lucene (index in <data-dir>/vectors)");

  public static final List<ConfigKey> ALL = List.of(HTTP_HOST, HTTP_PORT, HTTP_MAX_BODY_BYTES,
      UPLOAD_MAX_BYTES, DATA_DIR, DB_URL, DB_POOL_SIZE, EMBEDDED_DB_PORT, ROLES, CLUSTER, CLUSTER_HOST, CLUSTER_PORT,
      CLUSTER_MEMBERS, JWT_SECRET, JWT_TTL_SECONDS, COOKIE_SECURE, LOGIN_MAX_FAILURES,
      LOGIN_LOCKOUT_SECONDS, CLEANUP_SESSIONS_INTERVAL_SECONDS, INGESTION_WORKERS, JOB_HEARTBEAT_SECONDS,
      JOB_STALE_SECONDS, EMBEDDING_PROVIDER, EMBEDDING_VARIANT, EMBEDDING_BASE_URL, EMBEDDING_API_KEY,
      EMBEDDING_MODEL, EMBEDDING_DIMENSION, VECTOR_BACKEND);

  private ConfigKeys() {
  }
}
