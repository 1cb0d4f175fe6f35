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
  public static final ConfigKey HTTP_MAX_SOURCE_JSON_BYTES = new ConfigKey("http-max-source-json-bytes",
      "Largest JSON body of POST /api/v1/sources (a transcript with its segments, a text); larger ones get 413");
  public static final ConfigKey HTTP_MAX_CONNECTIONS = new ConfigKey("http-max-connections",
      "Open HTTP connections (WebSockets included) a node keeps; more are closed at once (0: half the open-file limit)");
  public static final ConfigKey HTTP_IDLE_TIMEOUT_SECONDS = new ConfigKey("http-idle-timeout-seconds",
      "A kept-alive connection must send its next request within this long after the previous response ended, or it is closed");
  public static final ConfigKey HTTP_HEADER_TIMEOUT_SECONDS = new ConfigKey("http-header-timeout-seconds",
      "A new connection must have sent its first request's headers within this time, or it is closed");
  public static final ConfigKey HTTP_BODY_TIMEOUT_SECONDS = new ConfigKey("http-body-timeout-seconds",
      "A request body that makes no progress for this long gets 408 and its connection is closed");
  public static final ConfigKey HTTP_MAX_FORM_FIELDS = new ConfigKey("http-max-form-fields",
      "Fields (parts) a multipart upload may have; more get 413");
  public static final ConfigKey HTTP_MAX_FORM_ATTRIBUTE_BYTES = new ConfigKey("http-max-form-attribute-bytes",
      "Largest non-file field of a multipart upload (title, collectionId); larger get 413");
  public static final ConfigKey HTTP_ALLOWED_ORIGINS = new ConfigKey("http-allowed-origins",
      "Comma-separated web origins (scheme://host[:port]) besides the server's own whose pages may use the session cookie: cookie-authenticated writes and WebSockets");
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
  public static final ConfigKey EMBEDDED_DB_DURABILITY = new ConfigKey("embedded-db-durability",
      "durable: the embedded PostgreSQL flushes every commit to disk; fast: fsync and synchronous commit off"
          + " (tests and benchmarks only: a power loss can corrupt the database)");
  public static final ConfigKey ROLES = new ConfigKey("roles",
      "Comma-separated roles this node runs: http,auth,ingestion,embedding,retrieval,chat,generation,audiobook,transcripts,cleanup");
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
  public static final ConfigKey AUTH_SESSION_CACHE_SECONDS = new ConfigKey("auth-session-cache-seconds",
      "How long an auth node trusts a checked session token before reading the database again (0: every request)");
  public static final ConfigKey COOKIE_SECURE = new ConfigKey("cookie-secure",
      "Mark the mw_session cookie Secure (set when served over HTTPS)");
  public static final ConfigKey LOGIN_MAX_FAILURES = new ConfigKey("login-max-failures",
      "Failed logins per email (and per client address) before 429");
  public static final ConfigKey LOGIN_LOCKOUT_SECONDS = new ConfigKey("login-lockout-seconds",
      "How long failed logins are counted and a locked-out login waits");
  public static final ConfigKey LOGIN_ADDRESS_MAX_FAILURES = new ConfigKey("login-address-max-failures",
      "Failed logins from one client address, whatever the emails, before that address is slowed down too");
  public static final ConfigKey REGISTRATION_ENABLED = new ConfigKey("registration-enabled",
      "Whether anyone may create an account with POST /auth/register (false: only 'user add' creates accounts)");
  public static final ConfigKey REGISTRATION_MODE = new ConfigKey("registration-mode",
      "Who may create an account with POST /auth/register: open (anyone), invite (with a superuser's invitation), closed (nobody;"
          + " 'user add' and the admin API only); registration-enabled = false is closed");
  public static final ConfigKey REGISTRATION_PER_HOUR_PER_ADDRESS = new ConfigKey("registration-per-hour-per-address",
      "Accounts one client address may register in an hour before 429 (0: no limit)");
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
  public static final ConfigKey EMBEDDING_MODEL_CHANGE = new ConfigKey("embedding-model-change",
      "When the search index was built by another embedding provider than embedding-provider: serve-old (serve it with its own model"
          + " until POST /api/v1/admin/reindex swaps in the configured one) or refuse (the node does not start)");
  public static final ConfigKey EMBEDDING_RUNNERS = new ConfigKey("embedding-runners",
      "Embedding model runs one node makes at once (0: one per core); each runs on cores / runners threads");
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
  public static final ConfigKey EMBEDDING_CACHE_MAX_ENTRIES = new ConfigKey("embedding-cache-max-entries",
      "Vectors the embedding cache keeps (all users together; about 2 KB of table each with 384 dimensions); beyond it the sweep"
          + " removes the least recently used (0: no cache, and the sweep empties it)");
  public static final ConfigKey EMBEDDING_CACHE_MAX_AGE_HOURS = new ConfigKey("embedding-cache-max-age-hours",
      "An embedding cache entry unused for this long is removed by the sweep (0: no age limit)");
  public static final ConfigKey VECTOR_BACKEND = new ConfigKey("vector-backend",
      "Vector backend plugin: lucene (index in <data-dir>/vectors)");
  public static final ConfigKey CHAT_PROVIDER = new ConfigKey("chat-provider",
      "Chat model plugin that writes answers and summaries: extractive (offline, quotes your sources), llama (a GGUF model in-process) or openai-compatible");
  public static final ConfigKey CHAT_MODEL_PATH = new ConfigKey("chat-model-path",
      "llama: the GGUF model file to run in-process (a missing or broken file stops the start, naming it)");
  public static final ConfigKey CHAT_BASE_URL = new ConfigKey("chat-base-url",
      "openai-compatible: base URL of the API, e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 (Ollama)");
  public static final ConfigKey CHAT_API_KEY = new ConfigKey("chat-api-key",
      "openai-compatible: API key sent as a Bearer token (unset for servers that need none)");
  public static final ConfigKey CHAT_MODEL = new ConfigKey("chat-model",
      "openai-compatible: the model to ask for, e.g. gpt-4o-mini or llama3.1");
  public static final ConfigKey CHAT_TIMEOUT_SECONDS = new ConfigKey("chat-timeout-seconds",
      "openai-compatible: longest wait for an answer (and between two streamed pieces of it)");
  public static final ConfigKey CHAT_MAX_RETRIES = new ConfigKey("chat-max-retries",
      "openai-compatible: retries after 429, 5xx or a lost connection, before the answer starts streaming");
  public static final ConfigKey CHAT_WORKERS = new ConfigKey("chat-workers",
      "Answers and summaries one node writes at the same time");
  public static final ConfigKey TEMPLATE_MAX_ITERATIONS = new ConfigKey("template-max-iterations",
      "Loop iterations, macro calls and range() values one render of a content template may use before it is refused with 422");
  public static final ConfigKey TEMPLATE_RENDER_TIMEOUT_MS = new ConfigKey("template-render-timeout-ms",
      "Longest one render of a content template may take before it is stopped and refused with 422");
  // cluster behaviour, blob store and cleanup (issue 7)
  public static final ConfigKey BLOB_STORE = new ConfigKey("blob-store",
      "Blob store plugin for uploads, originals and extracted images: local (<data-dir>/blobs), postgres (in the database) or s3"
          + " (a bucket of AWS S3 or an S3-compatible server); postgres or s3 when nodes have separate disks");
  public static final ConfigKey NODE_NAME = new ConfigKey("node-name",
      "This node's name in the cluster view and in job ownership (unset: <host name>-<process id>)");
  public static final ConfigKey NODE_HEARTBEAT_SECONDS = new ConfigKey("node-heartbeat-seconds",
      "How often a node records in the database that it is alive (the cluster view calls it unresponsive after 3 misses)");
  public static final ConfigKey JOB_MAX_ATTEMPTS = new ConfigKey("job-max-attempts",
      "Attempts a job gets when the nodes running it stop heart-beating; after the last one it fails");
  public static final ConfigKey CLEANUP_JOBS_INTERVAL_SECONDS = new ConfigKey("cleanup-jobs-interval-seconds",
      "How often jobs stuck on a node that stopped heart-beating are queued again (or failed after job-max-attempts)");
  public static final ConfigKey CLEANUP_VECTORS_INTERVAL_SECONDS = new ConfigKey("cleanup-vectors-interval-seconds",
      "How often vectors whose chunk no longer exists are removed from the vector backend");
  public static final ConfigKey CLEANUP_EMBEDDING_CACHE_INTERVAL_SECONDS = new ConfigKey(
      "cleanup-embedding-cache-interval-seconds",
      "How often the embedding cache is brought within embedding-cache-max-age-hours and embedding-cache-max-entries");
  public static final ConfigKey CLEANUP_BLOBS_INTERVAL_SECONDS = new ConfigKey("cleanup-blobs-interval-seconds",
      "How often stored files whose source no longer exists are removed from the blob store");
  public static final ConfigKey CLEANUP_UPLOADS_INTERVAL_SECONDS = new ConfigKey("cleanup-uploads-interval-seconds",
      "How often abandoned uploads are removed (temporary files in <data-dir>/uploads and upload blobs)");
  public static final ConfigKey CLEANUP_UPLOADS_MAX_AGE_SECONDS = new ConfigKey("cleanup-uploads-max-age-seconds",
      "How long an upload (or a file whose source is gone) stays untouched before a sweep may remove it");
  // plugins directory and runtime settings (issue 6)
  public static final ConfigKey PLUGINS_DIR = new ConfigKey("plugins-dir",
      "Directory whose plugin jars are loaded at start-up beside the built-in plugins (unset: <data-dir>/plugins)");
  public static final ConfigKey RUNTIME_SETTINGS_REFRESH_SECONDS = new ConfigKey("runtime-settings-refresh-seconds",
      "How often a verticle re-reads the runtime settings (the config table) in case it missed a change published on the bus");
  // parsing limits (issue 11)
  public static final ConfigKey PDF_MAX_IMAGE_PIXELS = new ConfigKey("pdf-max-image-pixels",
      "Largest image (width x height) a PDF's images are extracted up to; larger ones are skipped, unread, with a warning");
  public static final ConfigKey PDF_MAX_STREAM_BYTES = new ConfigKey("pdf-max-stream-bytes",
      "Most a compressed part of a PDF (page content, font) may decompress to; past it the part is left out with a warning");

  // audiobooks (issue 14)
  public static final ConfigKey SPEECH_VOICE = new ConfigKey("speech-voice",
      "Voice an audiobook gets when its request names none: a voice id of GET /api/v1/voices, or auto (the best installed voice for the document's language)");
  public static final ConfigKey AUDIOBOOK_WORKERS = new ConfigKey("audiobook-workers",
      "Chapters one node synthesizes at the same time (each keeps a core busy)");
  public static final ConfigKey AUDIOBOOK_FORMAT = new ConfigKey("audiobook-format",
      "Format an audiobook gets when its request names none: m4b (AAC with a chapter track), mp3 or opus");
  public static final ConfigKey AUDIOBOOK_CHAPTER_PAGES = new ConfigKey("audiobook-chapter-pages",
      "Pages per chapter of a PDF that has neither an outline nor headings");
  public static final ConfigKey AUDIOBOOK_CHAPTER_TIMEOUT_SECONDS = new ConfigKey("audiobook-chapter-timeout-seconds",
      "Longest one chapter's synthesis and encoding may take before the engine or ffmpeg is killed and the chapter retried");
  public static final ConfigKey TRANSCRIPT_PROVIDER = new ConfigKey("transcript-provider",
      "Where video transcripts and playlists are fetched from: youtube (YouTube's public pages), supadata (a hosted API, needs"
          + " transcript-provider-api-key) or none (links are refused with 503; transcript files still upload)");
  public static final ConfigKey TRANSCRIPT_PROVIDER_URL = new ConfigKey("transcript-provider-url",
      "Base URL of the transcript provider's service; unset: https://www.youtube.com or https://api.supadata.ai/v1");
  public static final ConfigKey TRANSCRIPT_PROVIDER_API_KEY = new ConfigKey("transcript-provider-api-key",
      "API key of the hosted transcript provider (supadata); never logged");
  public static final ConfigKey TRANSCRIPT_PROVIDER_TIMEOUT_SECONDS = new ConfigKey("transcript-provider-timeout-seconds",
      "Longest one request to the transcript provider may take (connecting and answering)");
  public static final ConfigKey TRANSCRIPT_PROVIDER_RETRIES = new ConfigKey("transcript-provider-retries",
      "Times a request is sent again after a 429, a 5xx or a failed connection, with exponential backoff");
  public static final ConfigKey TRANSCRIPT_PROVIDER_BACKOFF_MS = new ConfigKey("transcript-provider-backoff-ms",
      "First wait before a retry (doubled each time, with jitter; a Retry-After up to 60 s is honoured instead)");
  public static final ConfigKey TRANSCRIPT_PROVIDER_REQUESTS_PER_MINUTE = new ConfigKey("transcript-provider-requests-per-minute",
      "Requests one node sends to the provider per minute (bursts of a tenth of that); 0: no limit");
  public static final ConfigKey TRANSCRIPT_PROVIDER_MAX_BYTES = new ConfigKey("transcript-provider-max-bytes",
      "Largest answer read from the provider; a larger one fails the fetch (502)");
  public static final ConfigKey TRANSCRIPT_CACHE_MAX_AGE_HOURS = new ConfigKey("transcript-cache-max-age-hours",
      "A cached transcript older than this is fetched again when next asked for (the old one is served if the fetch fails)");
  public static final ConfigKey TRANSCRIPT_CACHE_UNUSED_DAYS = new ConfigKey("transcript-cache-unused-days",
      "The cleanup sweep removes cached transcripts nobody asked for in this many days");
  public static final ConfigKey CLEANUP_TRANSCRIPT_CACHE_INTERVAL_SECONDS = new ConfigKey(
      "cleanup-transcript-cache-interval-seconds", "How often the transcript cache sweep runs");

  public static final List<ConfigKey> ALL = List.of(HTTP_HOST, HTTP_PORT, HTTP_MAX_BODY_BYTES,
      HTTP_MAX_SOURCE_JSON_BYTES, HTTP_MAX_CONNECTIONS, HTTP_IDLE_TIMEOUT_SECONDS, HTTP_HEADER_TIMEOUT_SECONDS,
      HTTP_BODY_TIMEOUT_SECONDS, HTTP_MAX_FORM_FIELDS, HTTP_MAX_FORM_ATTRIBUTE_BYTES, HTTP_ALLOWED_ORIGINS,
      UPLOAD_MAX_BYTES, DATA_DIR, DB_URL, DB_POOL_SIZE, EMBEDDED_DB_PORT, EMBEDDED_DB_DURABILITY, ROLES, CLUSTER, CLUSTER_HOST,
      CLUSTER_PORT,
      CLUSTER_MEMBERS, JWT_SECRET, JWT_TTL_SECONDS, AUTH_SESSION_CACHE_SECONDS, COOKIE_SECURE, LOGIN_MAX_FAILURES,
      LOGIN_LOCKOUT_SECONDS, LOGIN_ADDRESS_MAX_FAILURES, REGISTRATION_ENABLED, REGISTRATION_MODE, REGISTRATION_PER_HOUR_PER_ADDRESS,
      CLEANUP_SESSIONS_INTERVAL_SECONDS, INGESTION_WORKERS, EMBEDDING_RUNNERS, JOB_HEARTBEAT_SECONDS,
      JOB_STALE_SECONDS, EMBEDDING_PROVIDER, EMBEDDING_MODEL_CHANGE, EMBEDDING_VARIANT, EMBEDDING_BASE_URL, EMBEDDING_API_KEY,
      EMBEDDING_MODEL, EMBEDDING_DIMENSION, EMBEDDING_CACHE_MAX_ENTRIES, EMBEDDING_CACHE_MAX_AGE_HOURS, VECTOR_BACKEND, CHAT_PROVIDER, CHAT_MODEL_PATH, CHAT_BASE_URL, CHAT_API_KEY, CHAT_MODEL,
      CHAT_TIMEOUT_SECONDS, CHAT_MAX_RETRIES, CHAT_WORKERS, TEMPLATE_MAX_ITERATIONS, TEMPLATE_RENDER_TIMEOUT_MS, BLOB_STORE, NODE_NAME, NODE_HEARTBEAT_SECONDS,
      JOB_MAX_ATTEMPTS, CLEANUP_JOBS_INTERVAL_SECONDS, CLEANUP_VECTORS_INTERVAL_SECONDS,
      CLEANUP_EMBEDDING_CACHE_INTERVAL_SECONDS, CLEANUP_BLOBS_INTERVAL_SECONDS, CLEANUP_UPLOADS_INTERVAL_SECONDS, CLEANUP_UPLOADS_MAX_AGE_SECONDS, PLUGINS_DIR, RUNTIME_SETTINGS_REFRESH_SECONDS,
      PDF_MAX_IMAGE_PIXELS, PDF_MAX_STREAM_BYTES, SPEECH_VOICE, AUDIOBOOK_WORKERS, AUDIOBOOK_FORMAT,
      AUDIOBOOK_CHAPTER_PAGES, AUDIOBOOK_CHAPTER_TIMEOUT_SECONDS, TRANSCRIPT_PROVIDER, TRANSCRIPT_PROVIDER_URL,
      TRANSCRIPT_PROVIDER_API_KEY, TRANSCRIPT_PROVIDER_TIMEOUT_SECONDS, TRANSCRIPT_PROVIDER_RETRIES, TRANSCRIPT_PROVIDER_BACKOFF_MS,
      TRANSCRIPT_PROVIDER_REQUESTS_PER_MINUTE, TRANSCRIPT_PROVIDER_MAX_BYTES, TRANSCRIPT_CACHE_MAX_AGE_HOURS,
      TRANSCRIPT_CACHE_UNUSED_DAYS, CLEANUP_TRANSCRIPT_CACHE_INTERVAL_SECONDS);

  /**
   * Prefixes of plugin settings: a config file may set any key starting with one of these (for
   * example {@code chat-temperature}), and the plugin of that kind gets it without the prefix.
   */
  public static final List<String> PLUGIN_PREFIXES = List.of("embedding-", "vector-", "chat-", "blob-store-", "speech-",
      "transcript-provider-");

  private ConfigKeys() {
  }
}
