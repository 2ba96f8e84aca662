package org.anp.integration.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a relay that can drop any of its connections at any moment,
 * in the middle of a frame or not: to the client and to the relay it looks like a transport that
 * died. Two threads per connection copy bytes. Thread-safe.
 */
final class ChaosProxy implements AutoCloseable {
  private final ServerSocket server;
  private final URI target;
  private final List<Socket[]> live = new ArrayList<>();
  private final AtomicInteger drops = new AtomicInteger();
  private volatile boolean closed;

  ChaosProxy(URI relay) throws IOException {
    this.target = relay;
    this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "chaos-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The relay's URL through this proxy. */
  URI uri() {
    return URI.create("ws://127.0.0.1:" + server.getLocalPort() + target.getPath());
  }

  /** How many connections {@link #dropRandom} dropped. */
  int drops() {
    return drops.get();
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(target.getHost(), target.getPort());
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        Socket[] pair = {client, upstream};
        synchronized (live) {
          live.add(pair);
        }
        pump(client, upstream, pair);
        pump(upstream, client, pair);
      } catch (IOException e) {
        // The server socket closed, or the relay refused one connection: the client retries.
      }
    }
  }

  private void pump(Socket from, Socket to, Socket[] pair) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // One side is gone; closing both below ends the other pump too.
      } finally {
        drop(pair);
      }
    }, "chaos-pump");
    t.setDaemon(true);
    t.start();
  }

  /** Drops one live connection chosen by {@code random}, if there is one. */
  void dropRandom(Random random) {
    Socket[] pair;
    synchronized (live) {
      if (live.isEmpty()) {
        return;
      }
      pair = live.get(random.nextInt(live.size()));
    }
    if (drop(pair)) {
      drops.incrementAndGet();
    }
  }

  private boolean drop(Socket[] pair) {
    boolean removed;
    synchronized (live) {
      removed = live.remove(pair);
    }
    for (Socket s : pair) {
      try {
        s.close();
      } catch (IOException e) {
        // Already closed.
      }
    }
    return removed;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    List<Socket[]> all;
    synchronized (live) {
      all = new ArrayList<>(live);
    }
    all.forEach(this::drop);
  }
}
