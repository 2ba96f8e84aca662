package org.anp.cli.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.anp.identity.IdentityException;
import org.anp.identity.json.StrictJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anp conformance FILE...} checks vector files; {@code anp conformance --emit NAME DIR}
 * writes one.
 *
 * <p>Checking prints one line per failing case, {@code <file>: <case id>: <reason>}; one per
 * reason a file's cases are not applicable, {@code <file>: not applicable (N cases): <reason>}
 * (with {@code -v}, one per such case instead); and one per file of a format that has no suite
 * yet, {@code <file>: SKIPPED: <reason>}; then {@code conformance: N passed, M failed, K not
 * applicable} (with {@code , S skipped} when files were skipped) as the last line, and exits 1 if
 * any case failed, 0 otherwise (not-applicable cases and skipped files do not fail the run). A file that cannot be read, is not JSON, is
 * larger than the limit, has no known format, is malformed for its format (the member's path is
 * named) or holds no case counts as one failed case of that file. Emitting exits 2 for an unknown
 * suite name, listing the known ones. Used once, from one thread.
 */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    description = {
      "Checks conformance vector files against this implementation, or writes one (--emit).",
      "Prints each failing case, each reason cases are not applicable, and each skipped file (a"
          + " format without a suite yet), then"
          + " 'conformance: N passed, M failed, K not applicable[, S skipped]'."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no case failed (not-applicable cases and files without a suite do not count), or the"
          + " file was written",
      "1:a case failed, or a file was unreadable, malformed or of unknown format",
      "2:bad usage, or an unknown suite name"
    })
public final class ConformanceCommand implements Callable<Integer> {

  /** Largest vector file read; the corpus files are well under 1 MiB. */
  static final int DEFAULT_MAX_FILE_BYTES = 32 * 1024 * 1024;

  private static final ObjectWriter PRETTY = StrictJson.mapper().writerWithDefaultPrettyPrinter();

  private final List<ConformanceSuite> suites;
  private final List<PendingFormat> pending;
  private final int maxFileBytes;
  private final Map<Path, Optional<JsonNode>> companionCache = new HashMap<>();

  @Spec private CommandSpec spec;

  @Option(
      names = "--emit",
      arity = "2",
      paramLabel = "NAME DIR",
      hideParamSyntax = true,
      description =
          "Write suite NAME's file (or the files of every suite named NAME-...) from this"
              + " implementation into DIR (created if needed). The files of one run describe"
              + " the same things: e2e-legacy's handshake.json and messages.json one session.")
  private String[] emit = new String[0];

  @Option(
      names = {"-v", "--verbose"},
      description = "List every not-applicable case with its reason, not each reason once per file.")
  private boolean verbose;

  @Parameters(paramLabel = "FILE", arity = "0..*", description = "Vector files to check.")
  private List<Path> files = new ArrayList<>();

  /** The command over every known suite. */
  public ConformanceCommand() {
    this(ConformanceSuites.all(), DEFAULT_MAX_FILE_BYTES);
  }

  ConformanceCommand(List<ConformanceSuite> suites, int maxFileBytes) {
    this(suites, ConformanceSuites.pending(), maxFileBytes);
  }

  ConformanceCommand(List<ConformanceSuite> suites, List<PendingFormat> pending, int maxFileBytes) {
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
    }
    this.suites = List.copyOf(suites);
    this.pending = List.copyOf(pending);
    this.maxFileBytes = maxFileBytes;
  }

  @Override
  public Integer call() {
    if (emit.length > 0) {
      if (emit.length != 2) {
        throw new ParameterException(spec.commandLine(), "--emit is given once, as NAME DIR");
      }
      if (!files.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--emit takes no FILE arguments");
      }
      return emit(emit[0], Path.of(emit[1]));
    }
    if (files.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "Missing required parameter: FILE");
    }
    return check();
  }

  private int check() {
    PrintWriter out = spec.commandLine().getOut();
    int passed = 0;
    int failed = 0;
    int notApplicable = 0;
    int skipped = 0;
    for (Path file : files) {
      FileReport report = runFile(file);
      if (report.skipped().isPresent()) {
        skipped++;
        out.println(file + ": SKIPPED: " + report.skipped().get());
      }
      Map<String, Integer> notApplicableReasons = new LinkedHashMap<>();
      for (CaseResult result : report.results()) {
        switch (result.outcome()) {
          case PASSED -> passed++;
          case FAILED -> {
            failed++;
            out.println(file + ": " + result.id() + ": " + result.reason());
          }
          case NOT_APPLICABLE -> {
            notApplicable++;
            if (verbose) {
              out.println(file + ": " + result.id() + ": not applicable: " + result.reason());
            } else {
              notApplicableReasons.merge(result.reason(), 1, Integer::sum);
            }
          }
        }
      }
      notApplicableReasons.forEach(
          (reason, count) ->
              out.println(file + ": not applicable (" + count + (count == 1 ? " case" : " cases")
                  + "): " + reason));
    }
    out.println("conformance: " + passed + " passed, " + failed + " failed, " + notApplicable
        + " not applicable" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
    out.flush();
    return failed > 0 ? 1 : 0;
  }

  /** What checking one file gave: its case results, or why it was skipped. */
  private record FileReport(List<CaseResult> results, Optional<String> skipped) {
    static FileReport of(List<CaseResult> results) {
      return new FileReport(results, Optional.empty());
    }
  }

  private FileReport runFile(Path file) {
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > maxFileBytes) {
        return failure("file", "too large: " + size + " bytes, limit " + maxFileBytes);
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      return failure("file", "cannot read: " + describe(e));
    }
    if (bytes.length == 0) {
      return failure("file", "empty file");
    }
    JsonNode root;
    try {
      root = StrictJson.parse(bytes, maxFileBytes);
    } catch (IdentityException e) {
      return failure("file", "not valid JSON: " + e.getMessage());
    }
    Optional<ConformanceSuite> suite = suites.stream().filter(s -> s.recognizes(root)).findFirst();
    if (suite.isEmpty()) {
      Optional<PendingFormat> known = pending.stream().filter(f -> f.recognizes(root)).findFirst();
      if (known.isPresent()) {
        return new FileReport(List.of(), Optional.of(known.get().reason()));
      }
      return failure("format", "unknown format, no suite recognizes it (known: " + names() + ")");
    }
    Optional<String> malformed = suite.get().malformation(root);
    if (malformed.isPresent()) {
      return failure("file", "malformed " + suite.get().name() + " file: " + malformed.get());
    }
    List<CaseResult> results;
    try {
      results = suite.get().run(root, companionsOf(file));
    } catch (RuntimeException e) {
      // The boundary between the runner and a suite: a suite's bug fails this file, not the run.
      return failure("suite", suite.get().name() + " threw " + e);
    }
    if (results.isEmpty()) {
      return failure("suite", suite.get().name() + " found no case in the file");
    }
    return FileReport.of(results);
  }

  private int emit(String name, Path dir) {
    List<ConformanceSuite> chosen = suitesNamed(name);
    if (chosen.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("conformance: unknown suite '" + name + "'; known suites: " + names());
      err.flush();
      return 2;
    }
    EmitContext context = new EmitContext(new SecureRandom(), Clock.systemUTC());
    for (ConformanceSuite suite : chosen) {
      int status = emitOne(suite, context, dir);
      if (status != 0) {
        return status;
      }
    }
    return 0;
  }

  /**
   * The suite called {@code name}, or else every suite of the family {@code name} names: {@code
   * e2e-legacy} stands for {@code e2e-legacy-handshake} and {@code e2e-legacy-messages}.
   */
  private List<ConformanceSuite> suitesNamed(String name) {
    List<ConformanceSuite> exact = suites.stream().filter(s -> s.name().equals(name)).toList();
    return exact.isEmpty()
        ? suites.stream().filter(s -> s.name().startsWith(name + "-")).toList()
        : exact;
  }

  private int emitOne(ConformanceSuite suite, EmitContext context, Path dir) {
    String fileName = suite.emitFileName();
    if (fileName.isEmpty()
        || fileName.equals(".")
        || fileName.equals("..")
        || fileName.contains("/")
        || fileName.contains("\\")) {
      throw new IllegalStateException("suite " + suite.name() + " has a bad emit file name: " + fileName);
    }
    Path target = dir.resolve(fileName);
    try {
      JsonNode document = suite.emit(context);
      Files.createDirectories(dir);
      Files.write(target, (PRETTY.writeValueAsString(document) + "\n").getBytes(UTF_8));
    } catch (IOException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("conformance: cannot write " + target + ": " + describe(e));
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("conformance: wrote " + target);
    out.flush();
    return 0;
  }

  /**
   * The files a suite may consult for {@code file}: the other files of this command line, then
   * the other JSON files of its directory, each read at most once per run.
   */
  private Companions companionsOf(Path file) {
    return suiteName -> {
      Optional<ConformanceSuite> wanted =
          suites.stream().filter(s -> s.name().equals(suiteName)).findFirst();
      if (wanted.isEmpty()) {
        return Optional.empty();
      }
      return companionCandidates(file).stream()
          .map(this::readQuietly)
          .flatMap(Optional::stream)
          .filter(wanted.get()::recognizes)
          .findFirst();
    };
  }

  private List<Path> companionCandidates(Path file) {
    List<Path> candidates = new ArrayList<>(files);
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      try (Stream<Path> siblings = Files.list(dir)) {
        siblings.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().forEach(candidates::add);
      } catch (IOException e) {
        // An unreadable directory offers no companions; the suite reports what it then lacks.
      }
    }
    Path self = file.toAbsolutePath().normalize();
    candidates.removeIf(p -> p.toAbsolutePath().normalize().equals(self));
    return candidates;
  }

  private Optional<JsonNode> readQuietly(Path path) {
    return companionCache.computeIfAbsent(
        path.toAbsolutePath().normalize(),
        p -> {
          try {
            if (!Files.isRegularFile(p) || Files.size(p) > maxFileBytes) {
              return Optional.empty();
            }
            return Optional.of(StrictJson.parse(Files.readAllBytes(p), maxFileBytes));
          } catch (IOException | IdentityException e) {
            return Optional.empty();
          }
        });
  }

  private String names() {
    return suites.isEmpty()
        ? "none"
        : suites.stream().map(ConformanceSuite::name).collect(Collectors.joining(", "));
  }

  private static FileReport failure(String id, String reason) {
    return FileReport.of(List.of(new CaseResult(id, false, reason)));
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
