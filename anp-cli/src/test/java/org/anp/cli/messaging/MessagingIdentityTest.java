package org.anp.cli.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.anp.cli.AnpCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * How {@code anp send} and {@code anp listen} load {@code --identity}: through the directory
 * identity store, so an unusable directory is a usage error (exit 2) that says why, before any
 * connection is tried (the relay URL here has nothing listening).
 */
class MessagingIdentityTest {
  private static final String NO_RELAY = "ws://127.0.0.1:9/relay";

  @TempDir Path tmp;

  private static String listenError(Path identity) {
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new ListenCommand())
        .setOut(new PrintWriter(new StringWriter(), true))
        .setErr(new PrintWriter(err, true))
        .execute("--identity", identity.toString(), "--relay", NO_RELAY, "--timeout", "5");
    assertThat(exit).as(err.toString()).isEqualTo(2);
    return err.toString();
  }

  private Path create(String... extra) {
    Path dir = tmp.resolve("id-" + extra.length);
    String[] args = new String[] {"did", "create", "--out", dir.toString()};
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    assertThat(AnpCommand.run(System.out, System.err, all)).isZero();
    return dir;
  }

  @Test
  void aGroupReadableKeyFileIsRefusedNamingTheFile() throws Exception {
    Path alice = create("--method", "wba", "--domain", "alice.test");
    Files.setPosixFilePermissions(alice.resolve("key-2.pem"), PosixFilePermissions.fromString("rw-r-----"));

    assertThat(listenError(alice)).contains("KEY_FILE_INSECURE").contains(alice.resolve("key-2.pem").toString());
  }

  @Test
  void aCorruptedKeyFileIsRefusedNamingTheFile() throws Exception {
    Path alice = create("--method", "all");
    Files.writeString(alice.resolve("keys-1.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

    assertThat(listenError(alice)).contains("IDENTITY_CORRUPT").contains(alice.resolve("keys-1.pem").toString());
  }

  @Test
  void anIdentityWithoutAP256KeyIsRefused() {
    Path edKey = create("--method", "key", "--key-type", "ed25519");

    assertThat(listenError(edKey)).contains("P-256");
  }
}
