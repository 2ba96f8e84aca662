package org.anp.meta.internal.codegen;

import com.fasterxml.jackson.core.TreeNode;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.codegen.GeneratedHandler;
import org.anp.meta.handler.CapabilityFunction;

/**
 * Compiles one Java source in memory with {@code javax.tools}: the source is a string, the class
 * files stay in memory, nothing is written. The class path is only what the generated-code
 * contract needs (Jackson's tree types and the two contract interfaces). Thread-safe.
 */
public final class InMemoryCompiler {
  /** Default largest source compiled, in chars. */
  public static final int MAX_SOURCE_CHARS = 64 * 1024;
  /** Default largest output, in bytes of class files together. */
  public static final int MAX_BYTECODE_BYTES = 256 * 1024;
  private static final int MAX_DIAGNOSTICS = 5;

  private final JavaCompiler compiler;
  private final List<Path> classPath;
  private final int maxSourceChars;
  private final int maxBytecodeBytes;

  /** A compiler with the default limits. */
  public InMemoryCompiler() {
    this(MAX_SOURCE_CHARS, MAX_BYTECODE_BYTES);
  }

  /**
   * @param maxSourceChars largest source compiled, {@code >= 1}
   * @param maxBytecodeBytes largest output (all class files together), {@code >= 1}
   */
  public InMemoryCompiler(int maxSourceChars, int maxBytecodeBytes) {
    if (maxSourceChars < 1 || maxBytecodeBytes < 1) {
      throw new IllegalArgumentException("limits: " + maxSourceChars + " chars, " + maxBytecodeBytes + " bytes");
    }
    this.compiler = ToolProvider.getSystemJavaCompiler();
    this.classPath = contractClassPath();
    this.maxSourceChars = maxSourceChars;
    this.maxBytecodeBytes = maxBytecodeBytes;
  }

  /**
   * Class files by binary name.
   *
   * @throws MetaProtocolException {@code CODE_GENERATION_FAILED} naming the first compiler errors
   *     (line and message), or if this runtime has no compiler, or the source or the class files
   *     are larger than the limits
   */
  public Map<String, byte[]> compile(String className, String source) {
    if (compiler == null) {
      throw failed("this Java runtime has no compiler (javax.tools); run on a JDK");
    }
    if (source.length() > maxSourceChars) {
      throw failed("source of " + source.length() + " chars, limit " + maxSourceChars);
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, ByteArrayOutputStream> out = new LinkedHashMap<>();
    try (StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      standard.setLocationFromPaths(StandardLocation.CLASS_PATH, classPath);
      JavaFileManager files = new ForwardingJavaFileManager<>(standard) {
        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
          return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
            @Override
            public OutputStream openOutputStream() {
              ByteArrayOutputStream bytes = new ByteArrayOutputStream();
              out.put(name, bytes);
              return bytes;
            }
          };
        }
      };
      JavaFileObject unit = new SimpleJavaFileObject(URI.create("mem:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      };
      List<String> options = List.of("--release", "17", "-proc:none", "-implicit:none", "-nowarn", "-Xlint:none");
      Boolean ok = compiler.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
      if (!Boolean.TRUE.equals(ok)) {
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          if (d.getKind() == Diagnostic.Kind.ERROR && errors.size() < MAX_DIAGNOSTICS) {
            errors.add("line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT));
          }
        }
        throw failed("the source does not compile: " + String.join("; ", errors));
      }
    } catch (IOException e) {
      throw failed("compiler file manager: " + e.getMessage());
    }
    long total = out.values().stream().mapToLong(ByteArrayOutputStream::size).sum();
    if (total > maxBytecodeBytes) {
      throw failed("the class files take " + total + " bytes, limit " + maxBytecodeBytes);
    }
    Map<String, byte[]> classes = new LinkedHashMap<>();
    out.forEach((name, bytes) -> classes.put(name, bytes.toByteArray()));
    return classes;
  }

  private static List<Path> contractClassPath() {
    Set<Path> paths = new LinkedHashSet<>();
    for (Class<?> c : List.of(JsonNode.class, TreeNode.class, GeneratedHandler.class, CapabilityFunction.class)) {
      CodeSource source = c.getProtectionDomain().getCodeSource();
      try {
        if (source == null || source.getLocation() == null) {
          return systemClassPath();
        }
        paths.add(Path.of(source.getLocation().toURI()));
      } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
        return systemClassPath();
      }
    }
    return List.copyOf(paths);
  }

  private static List<Path> systemClassPath() {
    List<Path> paths = new ArrayList<>();
    for (String p : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (!p.isEmpty()) {
        paths.add(Path.of(p));
      }
    }
    return paths;
  }

  private static MetaProtocolException failed(String message) {
    return new MetaProtocolException(MetaProtocolError.CODE_GENERATION_FAILED, message);
  }
}
