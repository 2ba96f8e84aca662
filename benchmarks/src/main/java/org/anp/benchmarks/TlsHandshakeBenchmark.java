package org.anp.benchmarks;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The baseline of row 1 of docs/benchmarks.md: one JDK TLS 1.3 handshake between two
 * {@link SSLEngine}s in memory, with mutual authentication by self-signed P-256 certificates,
 * the key share restricted to {@code secp256r1} and the only suite {@code TLS_AES_128_GCM_SHA256}.
 * Each handshake uses new engines created without a peer host, so no session is resumed.
 *
 * <p>Java 17 has no {@code SSLParameters.setNamedGroups}; the group is restricted with the
 * system property {@code jdk.tls.namedGroups}, set for the forked JVM and, for the unit test, in
 * this class's initializer (the JDK reads it once, when its TLS classes are first used).
 *
 * <p>Not thread-safe; JMH gives each thread its own state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(jvmArgsAppend = "-Djdk.tls.namedGroups=secp256r1")
public class TlsHandshakeBenchmark {
  static final String NAMED_GROUPS_PROPERTY = "jdk.tls.namedGroups";
  static final String PROTOCOL = "TLSv1.3";
  static final String CIPHER_SUITE = "TLS_AES_128_GCM_SHA256";
  private static final char[] PASSWORD = "benchmark".toCharArray();
  private static final int MAX_ROUNDS = 50;

  static {
    System.setProperty(NAMED_GROUPS_PROPERTY, "secp256r1");
  }

  private final SecureRandom random = new SecureRandom();
  private SSLContext clientContext;
  private SSLContext serverContext;
  private ByteBuffer clientToServer;
  private ByteBuffer serverToClient;
  private ByteBuffer application;
  /** The client's first flight of the last handshake (the ClientHello), for the unit test. */
  private byte[] lastClientHello = new byte[0];

  /** The sessions of both engines once the handshake reported FINISHED on both sides. */
  public record Result(SSLSession client, SSLSession server) {}

  /** Generates both key pairs and certificates and the two contexts. */
  @Setup
  public void setUp() throws GeneralSecurityException {
    KeyPair clientKeys = p256(random);
    KeyPair serverKeys = p256(random);
    X509Certificate clientCert = SelfSignedCertificate.generate(clientKeys, "client.bench.test", random);
    X509Certificate serverCert = SelfSignedCertificate.generate(serverKeys, "server.bench.test", random);
    clientContext = context(clientKeys, clientCert, serverCert);
    serverContext = context(serverKeys, serverCert, clientCert);
    int size = 1 << 16;
    clientToServer = ByteBuffer.allocate(size);
    serverToClient = ByteBuffer.allocate(size);
    application = ByteBuffer.allocate(size);
  }

  @Benchmark
  public Result tlsHandshake() throws SSLException {
    SSLEngine client = engine(clientContext, true);
    SSLEngine server = engine(serverContext, false);
    clientToServer.clear();
    serverToClient.clear();
    client.beginHandshake();
    server.beginHandshake();
    boolean clientDone = false;
    boolean serverDone = false;
    boolean firstFlight = true;
    for (int round = 0; !(clientDone && serverDone); round++) {
      if (round == MAX_ROUNDS) {
        throw new IllegalStateException("TLS handshake did not finish in " + MAX_ROUNDS + " rounds");
      }
      clientDone |= drive(client, serverToClient, clientToServer);
      if (firstFlight) {
        lastClientHello = new byte[clientToServer.position()];
        clientToServer.duplicate().flip().get(lastClientHello);
        firstFlight = false;
      }
      serverDone |= drive(server, clientToServer, serverToClient);
    }
    return new Result(client.getSession(), server.getSession());
  }

  byte[] lastClientHello() {
    return lastClientHello.clone();
  }

  /**
   * Lets {@code engine} consume what it can from {@code in} and write what it must to {@code
   * out} (both in write mode) until it waits for the peer; returns whether it reported FINISHED.
   */
  private boolean drive(SSLEngine engine, ByteBuffer in, ByteBuffer out) throws SSLException {
    boolean finished = false;
    while (true) {
      SSLEngineResult result;
      switch (engine.getHandshakeStatus()) {
        case NEED_TASK:
          Runnable task;
          while ((task = engine.getDelegatedTask()) != null) {
            task.run();
          }
          continue;
        case NEED_WRAP:
          result = engine.wrap(ByteBuffer.allocate(0), out);
          break;
        case NEED_UNWRAP:
        case NEED_UNWRAP_AGAIN:
          in.flip();
          application.clear();
          result = engine.unwrap(in, application);
          in.compact();
          if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
            return finished;
          }
          break;
        default:
          return finished;
      }
      if (result.getStatus() != SSLEngineResult.Status.OK) {
        throw new IllegalStateException("TLS engine status " + result.getStatus());
      }
      if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
        finished = true;
      }
    }
  }

  private static SSLEngine engine(SSLContext context, boolean client) {
    SSLEngine engine = context.createSSLEngine();
    engine.setUseClientMode(client);
    SSLParameters parameters = engine.getSSLParameters();
    parameters.setProtocols(new String[] {PROTOCOL});
    parameters.setCipherSuites(new String[] {CIPHER_SUITE});
    if (!client) {
      parameters.setNeedClientAuth(true);
    }
    engine.setSSLParameters(parameters);
    return engine;
  }

  private SSLContext context(KeyPair keys, X509Certificate own, X509Certificate peer)
      throws GeneralSecurityException {
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry("self", keys.getPrivate(), PASSWORD, new Certificate[] {own});
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("SunX509");
      keyManagers.init(keyStore, PASSWORD);
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      trustStore.setCertificateEntry("peer", peer);
      TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
      trustManagers.init(trustStore);
      SSLContext context = SSLContext.getInstance(PROTOCOL);
      context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), random);
      return context;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("an empty in-memory key store cannot fail to load", e);
    }
  }

  private static KeyPair p256(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    return generator.generateKeyPair();
  }
}
