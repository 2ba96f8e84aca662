package org.anp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code anp} launcher script at the repository root, run by bash in a scratch checkout with a
 * fake {@code mvn} (which prints Maven's module lines and writes the jar) and a fake {@code java}
 * (which prints its arguments) first on the PATH: when it builds, what it says while building,
 * and what a failed build prints.
 */
class LauncherScriptTest {
  @TempDir Path root;

  private Path jar;
  private Path mvnCalls;

  @BeforeEach
  void scratchCheckout() throws IOException {
    // Surefire runs in anp-cli/, so the script is one directory up.
    Files.copy(Path.of("..", "anp"), root.resolve("anp"));
    Files.writeString(root.resolve("pom.xml"), "<project/>");
    Files.createDirectories(root.resolve("anp-identity/src/main/java"));
    Files.writeString(root.resolve("anp-identity/src/main/java/A.java"), "class A {}");
    jar = root.resolve("anp-cli/target/anp-cli-all.jar");
    mvnCalls = root.resolve("mvn-calls");
    Path bin = Files.createDirectories(root.resolve("fake-bin"));
    executable(bin.resolve("mvn"), String.join("\n",
        "#!/usr/bin/env bash",
        "echo \"$PWD $*\" >> '" + mvnCalls + "'",
        "echo '[INFO] Building ANP for Java: identity layer 0.1.0-SNAPSHOT            [1/2]'",
        "echo '[INFO] Compiling 12 source files'",
        "if [[ -n \"${FAKE_MVN_FAILS:-}\" ]]; then echo '[ERROR] A.java:[1,1] class, interface expected'; exit 1; fi",
        "echo '[INFO] Building ANP for Java: the anp command 0.1.0-SNAPSHOT [2/2]'",
        "mkdir -p anp-cli/target && echo jar > anp-cli/target/anp-cli-all.jar",
        ""));
    executable(bin.resolve("java"), "#!/usr/bin/env bash\necho \"java $*\"\n");
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  private CliRun launch(Map<String, String> env, String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(concat("bash", root.resolve("anp").toString(), args));
    builder.environment().put("PATH", root.resolve("fake-bin") + ":" + System.getenv("PATH"));
    builder.environment().putAll(env);
    builder.redirectOutput(root.resolve("out").toFile()).redirectError(root.resolve("err").toFile());
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script finished").isTrue();
    return new CliRun(process.exitValue(), Files.readString(root.resolve("out")), Files.readString(root.resolve("err")));
  }

  private static String[] concat(String first, String second, String... rest) {
    String[] all = new String[rest.length + 2];
    all[0] = first;
    all[1] = second;
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }

  private List<String> mvnCalls() throws IOException {
    return Files.exists(mvnCalls) ? Files.readAllLines(mvnCalls, StandardCharsets.UTF_8) : List.of();
  }

  private void age(Path file, long secondsAgo) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(secondsAgo)));
  }

  @Test
  void theFirstRunSaysItIsBuildingShowsEachModuleThenRunsTheJar() throws Exception {
    CliRun run = launch(Map.of(), "did", "verify", "x.json");

    assertThat(run.exitCode()).isZero();
    assertThat(mvnCalls()).hasSize(1);
    assertThat(mvnCalls().get(0)).startsWith(root.toRealPath() + " -B -ntp -DskipTests -pl anp-cli -am package");
    assertThat(run.err().lines().toList()).startsWith(
        "anp: building the CLI first; this takes a minute or two (mvn -B -ntp -DskipTests -pl anp-cli -am package)",
        "anp:   [1/2] ANP for Java: identity layer",
        "anp:   [2/2] ANP for Java: the anp command");
    assertThat(run.err()).containsPattern("anp: built in \\d+ s").doesNotContain("Compiling");
    assertThat(run.out().strip()).isEqualTo("java -jar " + root.toRealPath().resolve("anp-cli/target/anp-cli-all.jar") + " did verify x.json");
  }

  @Test
  void aFreshJarRunsAtOnceWithoutAWord() throws Exception {
    launch(Map.of());

    CliRun second = launch(Map.of(), "--help");

    assertThat(mvnCalls()).hasSize(1);
    assertThat(second.err()).isEmpty();
    assertThat(second.out()).contains("java -jar").endsWith("--help\n");
  }

  @Test
  void aChangedMainSourceOrPomRebuildsButTargetAndGitDoNot() throws Exception {
    launch(Map.of());
    age(jar, 3600);
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/index"), "new");
    Files.createDirectories(root.resolve("anp-identity/target/classes"));
    Files.writeString(root.resolve("anp-identity/target/classes/A.class"), "new");
    for (Path old : List.of(root.resolve("pom.xml"), root.resolve("anp-identity/src/main/java/A.java"))) {
      age(old, 7200);
    }

    assertThat(launch(Map.of()).err()).isEmpty();
    assertThat(mvnCalls()).hasSize(1);

    Files.writeString(root.resolve("anp-identity/src/main/java/A.java"), "class A { int x; }");
    CliRun afterSourceChange = launch(Map.of());
    assertThat(afterSourceChange.err()).startsWith("anp: sources changed since the last build; rebuilding the CLI");
    assertThat(mvnCalls()).hasSize(2);

    age(jar, 3600);
    Files.writeString(root.resolve("pom.xml"), "<project><!-- changed --></project>");
    launch(Map.of());
    assertThat(mvnCalls()).hasSize(3);
  }

  @Test
  void aFailedBuildPrintsMavensOutputAndExitsOne() throws Exception {
    CliRun run = launch(Map.of("FAKE_MVN_FAILS", "yes"));

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("[ERROR] A.java:[1,1] class, interface expected")
        .contains("anp: building the CLI failed; Maven's output is above");
    assertThat(run.out()).as("java never ran").isEmpty();
    assertThat(jar).doesNotExist();
  }
}
