package io.mediawhisperer.http;

import io.netty.handler.codec.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.streams.Pipe;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Reads the body of a multipart upload in place of Vert.x's {@code BodyHandler}, so that the bytes
 * of its {@code file} part are written once, into {@code <data-dir>/uploads}, and hashed on the way:
 * the file can then be moved into the blob store rather than copied, and ingestion finds duplicates
 * by the hash without reading the bytes again. It keeps what {@code BodyHandler} did for this route:
 * a body past {@code upload-max-bytes} gets 413 (before it is read when its Content-Length says so),
 * the form decoder's refusals reach the failure handler, {@code Expect: 100-continue} is answered,
 * and the file is deleted when the request fails and, in every case, when the response has ended
 * (by then the blob store has it, or nobody wants it). Other file parts are read and dropped.
 */
final class UploadReceiver {

  static final String FILE_PART = "file";
  private static final String RECEIVED = "mw.upload.received";
  private static final String BODY_TAKEN = "mw.upload.bodyTaken";

  /** The {@code file} part as written: where, its client-side name, how many bytes, their SHA-256 (hex). */
  record Received(Path file, String fileName, long size, String sha256) {
  }

  private final Path uploads;
  private final long maxBytes;

  UploadReceiver(Path uploads, long maxBytes) {
    this.uploads = uploads;
    this.maxBytes = maxBytes;
  }

  /** The {@code file} part of the request, once this handler has passed it on; null when it had none. */
  static Received received(RoutingContext ctx) {
    return ctx.get(RECEIVED);
  }

  /** Whether this handler has read the request's body, so that no other body handler waits for it. */
  static boolean tookBody(RoutingContext ctx) {
    return ctx.get(BODY_TAKEN) != null;
  }

  void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    ctx.put(BODY_TAKEN, Boolean.TRUE);
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null) {
      ctx.next(); // no body: there is no file part to wait for
      return;
    }
    if (length != null && announcedBytes(length) > maxBytes) {
      ctx.fail(413);
      return;
    }
    String expect = request.getHeader(HttpHeaders.EXPECT);
    if (expect != null) {
      if (!expect.equalsIgnoreCase("100-continue")) {
        ctx.fail(417);
        return;
      }
      if (request.version() != HttpVersion.HTTP_1_0) {
        ctx.response().writeContinue();
      }
    }
    new Receipt(ctx).start();
  }

  private static long announcedBytes(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** One request's body on its way in. */
  private final class Receipt {

    private final RoutingContext ctx;
    private final FileSystem fs;
    private long bodyBytes;
    /** The request has been failed: its response is the failure handler's. */
    private boolean failed;
    /** No more bytes go to the file: the request failed, or the response has ended (a closed connection included). */
    private boolean stopped;
    private Path file;
    private Pipe<Buffer> pipe;
    private Future<Received> written = Future.succeededFuture();

    Receipt(RoutingContext ctx) {
      this.ctx = ctx;
      this.fs = ctx.vertx().fileSystem();
    }

    void start() {
      HttpServerRequest request = ctx.request();
      request.setExpectMultipart(true);
      // a form the decoder refuses (too many fields, a field too long, malformed) is for HttpErrors to name
      request.exceptionHandler(e -> fail(e instanceof DecoderException && e.getCause() != null ? e.getCause() : e));
      request.handler(piece -> {
        bodyBytes += piece.length();
        if (bodyBytes > maxBytes) {
          fail(null);
        }
      });
      request.uploadHandler(this::upload);
      request.endHandler(v -> written.onComplete(done -> {
        if (failed || stopped) {
          return;
        }
        if (done.failed()) {
          fail(done.cause());
          return;
        }
        ctx.put(RECEIVED, done.result());
        ctx.next();
      }));
      // in every outcome, including a part that never ends: by then the blob store has the file, or
      // nobody wants it (this also runs when the request fails, just before its exception handler)
      ctx.addEndHandler(v -> stop());
      request.resume(); // the router paused it until a body handler is ready
    }

    /** The first {@code file} part goes to a new file; any other part is dropped, as it arrives, unread. */
    private void upload(HttpServerFileUpload upload) {
      if (stopped || pipe != null || !FILE_PART.equals(upload.name())) {
        return;
      }
      Path target = uploads.resolve(UUID.randomUUID().toString());
      file = target;
      pipe = upload.pipe(); // holds the bytes back until the file is open
      written = fs.mkdirs(uploads.toString())
          .compose(v -> fs.open(target.toString(), new OpenOptions().setCreateNew(true).setWrite(true)))
          .onFailure(e -> pipe.close())
          .compose(out -> {
            if (stopped) {
              return out.close().transform(closed -> Future.failedFuture("the upload was stopped"));
            }
            Hashing sink = new Hashing(out);
            // the pipe closes the file when the part ends or fails, but not when it is stopped
            return pipe.to(sink)
                .map(v -> new Received(target, upload.filename(), sink.size, sink.hex()))
                .onFailure(e -> out.close());
          });
    }

    /** Stops writing and fails the request (null: the body is too large). */
    private void fail(Throwable cause) {
      if (failed) {
        return;
      }
      failed = true;
      stop();
      if (cause == null) {
        ctx.fail(413);
      } else {
        ctx.fail(cause);
      }
    }

    /** Stops writing, if it still is, and deletes the file once it is closed (a no-op once the blob store has taken it). */
    private void stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      if (file == null) {
        return;
      }
      if (!written.isComplete()) {
        pipe.close();
      }
      Path gone = file;
      written.onComplete(done -> fs.delete(gone.toString()).otherwiseEmpty());
    }
  }

  /**
   * The file an upload is written to, hashing and counting each piece as it goes in (on the event
   * loop: a piece is hashed in about the time it takes to copy it, so no piece holds the loop long).
   */
  private static final class Hashing implements WriteStream<Buffer> {

    private final AsyncFile file;
    private final MessageDigest sha256;
    private long size;

    Hashing(AsyncFile file) {
      this.file = file;
      try {
        this.sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    String hex() {
      return HexFormat.of().formatHex(sha256.digest());
    }

    @Override
    public Future<Void> write(Buffer piece) {
      sha256.update(piece.getBytes());
      size += piece.length();
      return file.write(piece);
    }

    @Override
    public Future<Void> end() {
      return file.end();
    }

    @Override
    public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
      file.exceptionHandler(handler);
      return this;
    }

    @Override
    public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
      file.setWriteQueueMaxSize(maxSize);
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return file.writeQueueFull();
    }

    @Override
    public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
      file.drainHandler(handler);
      return this;
    }
  }
}
