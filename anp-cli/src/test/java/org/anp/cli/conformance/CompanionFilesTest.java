package org.anp.cli.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.anp.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference SDK's auth files hold no DID documents; {@code anp conformance} finds them in a
 * did-documents file given on the same command line or lying in the same directory.
 */
class CompanionFilesTest {
  @TempDir Path dir;

  private CliRun last = new CliRun(0, "", "");

  private int anp(String... args) {
    last = CliRun.anp(args);
    return last.exitCode();
  }

  private String lastLine() {
    String[] lines = last.out().strip().split("\n");
    return lines[lines.length - 1];
  }

  private Path copy(String name, Path target) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/vectors/conformance/did-wba/" + name)) {
      assertThat(in).as(name).isNotNull();
      Files.createDirectories(target.getParent());
      Files.copy(in, target);
    }
    return target;
  }

  @Test
  void findsTheDidDocumentsInTheSameDirectory() throws IOException {
    Path headers = copy("auth-headers.json", dir.resolve("auth-headers.json"));
    Path signatures = copy("http-signatures.json", dir.resolve("http-signatures.json"));
    copy("did-documents.json", dir.resolve("did-documents.json"));

    assertThat(anp("conformance", headers.toString(), signatures.toString())).isZero();
    assertThat(lastLine()).matches("conformance: [1-9][0-9]* passed, 0 failed, 0 not applicable");
  }

  @Test
  void findsTheDidDocumentsNamedOnTheCommandLine() throws IOException {
    Path headers = copy("auth-headers.json", dir.resolve("a/auth-headers.json"));
    Path documents = copy("did-documents.json", dir.resolve("b/did-documents.json"));

    assertThat(anp("conformance", headers.toString(), documents.toString())).isZero();
    assertThat(lastLine()).matches("conformance: [1-9][0-9]* passed, 0 failed, 0 not applicable");
  }

  @Test
  void withoutTheDocumentsEveryCaseFailsWithAReason() throws IOException {
    Path headers = copy("auth-headers.json", dir.resolve("alone/auth-headers.json"));

    assertThat(anp("conformance", headers.toString())).isEqualTo(1);
    assertThat(last.out()).contains("did-documents");
    assertThat(lastLine()).matches("conformance: 0 passed, [1-9][0-9]* failed, 0 not applicable");
  }
}
