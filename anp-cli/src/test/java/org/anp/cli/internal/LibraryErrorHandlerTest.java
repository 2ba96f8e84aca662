package org.anp.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.anp.identity.IdentityError;
import org.anp.identity.IdentityException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class LibraryErrorHandlerTest {

  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    private final RuntimeException failure;

    Failing(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() {
      throw failure;
    }
  }

  private final StringWriter err = new StringWriter();

  private int run(RuntimeException failure) {
    return new CommandLine(new Failing(failure))
        .setErr(new PrintWriter(err, true))
        .setExecutionExceptionHandler(new LibraryErrorHandler())
        .execute();
  }

  @Test
  void aLibraryFailureIsOneLineAndExitCodeOne() {
    int exit = run(new IdentityException(IdentityError.DID_NOT_FOUND, "uri: https://a.example/did.json answered HTTP 404"));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("failing: DID_NOT_FOUND (" + IdentityError.DID_NOT_FOUND.wireName()
            + "): uri: https://a.example/did.json answered HTTP 404");
  }

  @Test
  void anyOtherExceptionKeepsItsStackTrace() {
    int exit = run(new IllegalStateException("a bug of ours"));

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("java.lang.IllegalStateException: a bug of ours").contains("\tat ");
  }
}
