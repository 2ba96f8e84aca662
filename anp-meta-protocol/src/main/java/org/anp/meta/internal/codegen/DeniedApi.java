package org.anp.meta.internal.codegen;

import java.util.Optional;
import java.util.Set;

/**
 * The deny-list for generated code, by JVM internal name ({@code java/lang/Runtime}): what a
 * type, method or field reference may not touch, and the category named when it does. What is not
 * denied must still be inside the allowed API ({@link #outsideAllowedApi}): {@code java.lang}
 * (no sub-package), the top level of {@code java.util} with its {@code function}, {@code regex},
 * {@code stream} and {@code concurrent.atomic} packages, {@code java.math}, {@code java.time},
 * {@code java.text}, the top level of {@code java.io} (no files, no printing), Jackson's {@code JsonNode} and tree nodes, and
 * the two interfaces of the generated-code contract. Stateless.
 */
public final class DeniedApi {
  private DeniedApi() {}

  /** Why a reference is refused, named in the exception. */
  public enum Category {
    PROCESS("process"),
    FILE("file"),
    NETWORK("network"),
    REFLECTION("reflection"),
    CLASS_LOADING("class loading"),
    THREAD("thread"),
    EXIT("System.exit"),
    NATIVE("native"),
    UNSAFE("internal JDK API"),
    METHOD_HANDLES("method handles"),
    INVOKEDYNAMIC("invokedynamic"),
    SYSTEM("system"),
    OUTSIDE_API("outside the allowed API");

    private final String label;

    Category(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private static final Set<String> SYSTEM_ALLOWED =
      Set.of("arraycopy", "currentTimeMillis", "nanoTime", "identityHashCode", "lineSeparator");
  private static final Set<String> CLASS_ALLOWED = Set.of(
      "getName", "getSimpleName", "desiredAssertionStatus", "isInstance", "cast", "hashCode", "equals", "toString");
  private static final Set<String> CONTRACT = Set.of(
      "org/anp/meta/codegen/GeneratedHandler", "org/anp/meta/handler/CapabilityFunction");

  /** The category that refuses a call of, or a field access to, {@code owner.name}, if any. */
  public static Optional<Category> member(String owner, String name) {
    switch (owner) {
      case "java/lang/System":
        if (name.equals("exit")) {
          return Optional.of(Category.EXIT);
        }
        if (name.equals("load") || name.equals("loadLibrary") || name.equals("mapLibraryName")) {
          return Optional.of(Category.NATIVE);
        }
        return SYSTEM_ALLOWED.contains(name) ? Optional.empty() : Optional.of(Category.SYSTEM);
      case "java/lang/Runtime":
        if (name.equals("exec")) {
          return Optional.of(Category.PROCESS);
        }
        if (name.equals("exit") || name.equals("halt")) {
          return Optional.of(Category.EXIT);
        }
        if (name.equals("load") || name.equals("loadLibrary")) {
          return Optional.of(Category.NATIVE);
        }
        if (name.endsWith("ShutdownHook")) {
          return Optional.of(Category.THREAD);
        }
        return Optional.of(Category.SYSTEM);
      case "java/lang/Class":
        if (name.equals("getClassLoader")) {
          return Optional.of(Category.CLASS_LOADING);
        }
        return CLASS_ALLOWED.contains(name) ? Optional.empty() : Optional.of(Category.REFLECTION);
      default:
        break;
    }
    if (owner.startsWith("com/fasterxml/jackson/databind/") && (name.equals("putPOJO") || name.equals("pojoNode")
        || name.equals("addPOJO") || name.equals("insertPOJO") || name.equals("rawValueNode") || name.equals("putRawValue"))) {
      // Jackson serializes a POJO by reflection, later, on whichever thread writes the tree.
      return Optional.of(Category.REFLECTION);
    }
    if (owner.startsWith("java/util/") && name.startsWith("parallel")) {
      return Optional.of(Category.THREAD);
    }
    if (name.equals("printStackTrace")) {
      return Optional.of(Category.SYSTEM);
    }
    return type(owner);
  }

  /** The category that refuses any reference to the type {@code internalName}, if any. */
  public static Optional<Category> type(String internalName) {
    String n = internalName;
    if (n.equals("java/lang/Process") || n.startsWith("java/lang/ProcessBuilder") || n.startsWith("java/lang/ProcessHandle")) {
      return Optional.of(Category.PROCESS);
    }
    if (n.equals("java/lang/ClassLoader") || n.equals("java/security/SecureClassLoader") || n.equals("java/net/URLClassLoader")
        || n.startsWith("java/util/ServiceLoader") || n.startsWith("java/util/ResourceBundle") || n.startsWith("java/lang/ModuleLayer") || n.equals("java/lang/Module")
        || n.startsWith("java/lang/instrument/")) {
      return Optional.of(Category.CLASS_LOADING);
    }
    // PrintStream, PrintWriter and Formatter open files by name from a plain String.
    if (n.startsWith("java/io/File") || n.equals("java/io/RandomAccessFile") || n.startsWith("java/nio/file/")
        || n.equals("java/io/PrintStream") || n.equals("java/io/PrintWriter") || n.equals("java/util/Formatter")) {
      return Optional.of(Category.FILE);
    }
    if (n.startsWith("java/nio/channels/")) {
      return Optional.of(n.contains("Socket") || n.contains("Datagram") || n.contains("Selector") || n.contains("Pipe")
          ? Category.NETWORK : Category.FILE);
    }
    if (n.startsWith("java/net/") || n.startsWith("javax/net/") || n.startsWith("jdk/net/") || n.startsWith("java/rmi/")
        || n.startsWith("javax/naming/")) {
      return Optional.of(Category.NETWORK);
    }
    if (n.startsWith("java/lang/reflect/") || n.startsWith("java/beans/") || n.equals("java/lang/Package")
        || n.equals("com/fasterxml/jackson/databind/node/POJONode") || n.startsWith("java/lang/StackWalker")
        || n.equals("java/io/ObjectInputStream") || n.equals("java/io/ObjectOutputStream")) {
      return Optional.of(Category.REFLECTION);
    }
    if (n.equals("java/lang/Thread") || n.startsWith("java/lang/Thread$") || n.equals("java/lang/ThreadGroup")
        || n.equals("java/lang/InheritableThreadLocal") || n.startsWith("java/util/Timer")
        // StreamSupport builds parallel streams from a flag, beyond the reach of the name check.
        || n.equals("java/util/stream/StreamSupport")
        || (n.startsWith("java/util/concurrent/") && !n.startsWith("java/util/concurrent/atomic/"))) {
      return Optional.of(Category.THREAD);
    }
    if (n.startsWith("sun/") || n.startsWith("com/sun/") || n.startsWith("jdk/internal/")) {
      return Optional.of(Category.UNSAFE);
    }
    if (n.startsWith("java/lang/invoke/")) {
      return Optional.of(Category.METHOD_HANDLES);
    }
    if (n.equals("java/lang/Runtime") || n.equals("java/lang/SecurityManager") || n.equals("java/lang/Compiler")
        || n.equals("java/io/Console") || n.startsWith("java/lang/management/")) {
      return Optional.of(Category.SYSTEM);
    }
    return Optional.empty();
  }

  /** Whether {@code internalName}, not denied, still lies outside the API generated code may use. */
  public static boolean outsideAllowedApi(String internalName) {
    String n = internalName;
    if (CONTRACT.contains(n) || n.equals("com/fasterxml/jackson/databind/JsonNode")
        || n.startsWith("com/fasterxml/jackson/databind/node/")) {
      return false;
    }
    for (String p : new String[] {"java/lang/", "java/util/", "java/io/"}) {
      if (n.startsWith(p) && n.indexOf('/', p.length()) < 0) {
        return false;
      }
    }
    for (String p : new String[] {"java/util/function/", "java/util/regex/", "java/util/stream/",
        "java/util/concurrent/atomic/", "java/math/", "java/time/", "java/text/"}) {
      if (n.startsWith(p)) {
        return false;
      }
    }
    return true;
  }

  /** The category refusing the type, or {@code OUTSIDE_API}, or empty if generated code may use it. */
  public static Optional<Category> refusal(String internalName) {
    Optional<Category> denied = type(internalName);
    if (denied.isPresent()) {
      return denied;
    }
    return outsideAllowedApi(internalName) ? Optional.of(Category.OUTSIDE_API) : Optional.empty();
  }
}
