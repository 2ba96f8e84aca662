package org.anp.transport.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real {@code nats-server} with JetStream, started on a loopback port with its store in a
 * temporary directory, for tests of the relay cluster and the shared nonce stores.
 *
 * <p>The binary is {@code $ANP_NATS_SERVER} if set, else {@code nats-server} on the {@code PATH}
 * or in {@code /usr/sbin} (where the Debian package puts it). A missing binary is an error with
 * the way to install it, never a skipped test. Readiness is the server's own "Server is ready"
 * line, not a fixed wait. {@link #restart()} keeps the port and the store, so streams kept on
 * file survive it, as in production.
 */
public final class NatsServerFixture implements AutoCloseable {
  private static final Pattern LISTENING =
      Pattern.compile("Listening for client connections on [^\\s]*:(\\d+)");
  private static final long START_TIMEOUT_SECONDS = 60;
  private static final int KEPT_LINES = 60;

  private final Path binary;
  private final Path storeDir;
  private final Deque<String> lastLines = new ArrayDeque<>();
  private Process process;
  private int port = -1;

  private NatsServerFixture(Path binary, Path storeDir) {
    this.binary = binary;
    this.storeDir = storeDir;
  }

  /** Starts a server on a free loopback port with JetStream on file storage. */
  public static NatsServerFixture start() {
    Path binary = locateBinary();
    try {
      NatsServerFixture fixture =
          new NatsServerFixture(binary, Files.createTempDirectory("anp-nats-"));
      fixture.launch();
      return fixture;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL clients connect to, e.g. {@code nats://127.0.0.1:41234}. */
  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  /** The client port (kept across restarts). */
  public int port() {
    return port;
  }

  /** Whether the server process is running. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Stops the server as an operator would (SIGTERM) and waits until it has exited. */
  public synchronized void stop() {
    halt(false);
  }

  /** Kills the server at once (SIGKILL), as a crash would, and waits until it has exited. */
  public synchronized void kill() {
    halt(true);
  }

  /** Starts the server again on the same port with the same store. */
  public synchronized void restart() {
    halt(false);
    launch();
  }

  @Override
  public synchronized void close() {
    halt(true);
    try (Stream<Path> files = Files.walk(storeDir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void launch() {
    if (isRunning()) {
      throw new IllegalStateException("nats-server already running on port " + port);
    }
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--addr", "127.0.0.1", "--port", Integer.toString(port),
        "--jetstream", "--store_dir", storeDir.toString()));
    CompletableFuture<Integer> listening = new CompletableFuture<>();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
    }
    Process started = process;
    Thread reader = new Thread(() -> readOutput(started, listening, ready), "nats-server-output");
    reader.setDaemon(true);
    reader.start();
    try {
      port = listening.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.destroyForcibly();
      throw new IllegalStateException("interrupted while nats-server started", e);
    } catch (ExecutionException | TimeoutException e) {
      started.destroyForcibly();
      throw new IllegalStateException("nats-server did not start: " + String.join("\n", output()), e);
    }
  }

  private void readOutput(Process started, CompletableFuture<Integer> listening,
      CompletableFuture<Void> ready) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        remember(line);
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          listening.complete(Integer.parseInt(m.group(1)));
        }
        if (line.contains("Server is ready")) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      // the process ended; the futures below say so
    }
    IllegalStateException ended = new IllegalStateException("nats-server exited");
    listening.completeExceptionally(ended);
    ready.completeExceptionally(ended);
  }

  private void remember(String line) {
    synchronized (lastLines) {
      lastLines.addLast(line);
      while (lastLines.size() > KEPT_LINES) {
        lastLines.removeFirst();
      }
    }
  }

  private List<String> output() {
    synchronized (lastLines) {
      return new ArrayList<>(lastLines);
    }
  }

  private void halt(boolean forcibly) {
    if (process == null) {
      return;
    }
    if (forcibly) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  private static Path locateBinary() {
    String configured = System.getenv("ANP_NATS_SERVER");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      if (Files.isExecutable(path)) {
        return path;
      }
      throw new IllegalStateException("ANP_NATS_SERVER=" + configured + " is not an executable file");
    }
    List<String> dirs = new ArrayList<>();
    String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
    dirs.addAll(List.of(pathVariable.split(File.pathSeparator)));
    dirs.add("/usr/sbin");
    for (String dir : dirs) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "nats-server");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new IllegalStateException("nats-server not found on the PATH nor in /usr/sbin: tests of the "
        + "relay cluster need it. Install it (Debian/Ubuntu: apt-get install nats-server) or set "
        + "ANP_NATS_SERVER to its path; see README.md, 'Running the tests'.");
  }
}
