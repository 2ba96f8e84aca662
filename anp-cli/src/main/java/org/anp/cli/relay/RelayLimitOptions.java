package org.anp.cli.relay;

import org.anp.transport.relay.RelayServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The resource limits of {@code anp relay} (frame size, queues, connections, registrations), as a
 * mixin that applies them to a relay builder; the defaults are the relay's own. Belongs to one
 * command instance, used from one thread.
 */
@Command
final class RelayLimitOptions {
  private static final String DEFAULT = " (default: ${DEFAULT-VALUE}).";

  @Option(names = "--max-frame-bytes", defaultValue = "1048576", description = "Largest frame" + DEFAULT)
  private int maxFrameBytes;

  @Option(names = "--queue-length", defaultValue = "1000", description = "Frames queued per offline DID" + DEFAULT)
  private int queueLength;

  @Option(names = "--queue-bytes-per-did", defaultValue = "8388608", description = "Frame bytes queued per offline DID" + DEFAULT)
  private long queueBytesPerDid;

  @Option(names = "--queue-bytes-total", defaultValue = "67108864",
      description = "Frame bytes queued in all; bounds the queue's memory" + DEFAULT)
  private long queueBytesTotal;

  @Option(names = "--queue-sender-share", defaultValue = "50",
      description = "Percent of an offline DID's queue, and of all queued bytes, one sender may hold" + DEFAULT)
  private int queueSenderShare;

  @Option(names = "--max-connections", defaultValue = "10000",
      description = "Open connections in all; keep below the file-descriptor limit" + DEFAULT)
  private int maxConnections;

  @Option(names = "--max-connections-per-address", defaultValue = "256", description = "Open connections from one IP address" + DEFAULT)
  private int maxConnectionsPerAddress;

  @Option(names = "--max-routers-per-register", defaultValue = "4", description = "Router entries one register frame may carry" + DEFAULT)
  private int maxRoutersPerRegister;

  @Option(names = "--registrations-per-did", defaultValue = "200",
      description = "Registrations one DID may make within twice the registration window" + DEFAULT)
  private int registrationsPerDid;

  @Option(names = "--registrations-per-address", defaultValue = "5000",
      description = "Registrations from one IP address within twice the registration window" + DEFAULT)
  private int registrationsPerAddress;

  /**
   * Sets every limit on {@code builder}.
   *
   * @throws IllegalArgumentException if a value is out of its range (a usage error)
   */
  void applyTo(RelayServer.Builder builder) {
    builder.maxFrameBytes(maxFrameBytes)
        .queueLength(queueLength)
        .queueBytes(queueBytesPerDid, queueBytesTotal)
        .queueSenderShare(queueSenderShare)
        .connectionLimits(maxConnections, maxConnectionsPerAddress)
        .maxRoutersPerRegister(maxRoutersPerRegister)
        .registrationQuota(registrationsPerDid, registrationsPerAddress);
  }
}
