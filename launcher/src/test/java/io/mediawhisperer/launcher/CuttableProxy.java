package io.mediawhisperer.launcher;

import io.mediawhisperer.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on 127.0.0.1 in front of a server (the test PostgreSQL) that a test can cut, the way a
 * database goes away: {@link #cut()} closes every connection and stops listening, so new connections are
 * refused; {@link #restore()} listens on the same port again. It runs on a Vert.x of its own.
 */
final class CuttableProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final NetClient client = vertx.createNetClient();
  private final String targetHost;
  private final int targetPort;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private NetServer server;
  private int port;

  CuttableProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    listen(0);
  }

  int port() {
    return port;
  }

  /** Closes every proxied connection and refuses new ones until {@link #restore()}. */
  synchronized void cut() {
    Await.result(server.close());
    server = null;
    for (NetSocket socket : open) {
      socket.close();
    }
    open.clear();
  }

  synchronized void restore() {
    listen(port);
  }

  private synchronized void listen(int on) {
    server = Await.result(vertx.createNetServer(new NetServerOptions().setHost("127.0.0.1").setPort(on).setReuseAddress(true))
        .connectHandler(this::proxy)
        .listen());
    port = server.actualPort();
  }

  private void proxy(NetSocket incoming) {
    incoming.pause();
    open.add(incoming);
    incoming.closeHandler(v -> open.remove(incoming));
    client.connect(targetPort, targetHost)
        .onSuccess(outgoing -> {
          open.add(outgoing);
          outgoing.closeHandler(v -> {
            open.remove(outgoing);
            incoming.close();
          });
          incoming.closeHandler(v -> {
            open.remove(incoming);
            outgoing.close();
          });
          incoming.pipeTo(outgoing);
          outgoing.pipeTo(incoming);
          incoming.resume();
        })
        .onFailure(e -> incoming.close());
  }

  @Override
  public void close() {
    Future<Void> closing = vertx.close();
    Await.result(closing);
  }
}
