package org.anp.meta.internal.codegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.anp.meta.MetaProtocolError;
import org.anp.meta.MetaProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The deny-list beyond the eight categories the generator test covers, on compiled classes. */
class BytecodeCheckTest {
  private static final InMemoryCompiler COMPILER = new InMemoryCompiler();

  private static Map<String, byte[]> compile(String members) {
    return COMPILER.compile("Probe", "public final class Probe {\n" + members + "\n}\n");
  }

  private static String refusal(String members) {
    Map<String, byte[]> classes = compile(members);
    try {
      BytecodeCheck.check(classes);
    } catch (MetaProtocolException e) {
      assertThat(e.code()).isEqualTo(MetaProtocolError.DENIED_API);
      return e.getMessage();
    }
    throw new AssertionError("not refused: " + members);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      unsafe field type            | sun.misc.Unsafe u;                                                                  | internal JDK API: sun.misc.Unsafe
      method handle lookup         | Object m() { return java.lang.invoke.MethodHandles.lookup(); }                      | method handles: java.lang.invoke.MethodHandles.lookup
      record bootstrap             | record Point(int x) {}                                                              | invokedynamic: bootstrap java.lang.runtime.ObjectMethods.bootstrap
      method reference to Runtime  | java.util.function.Supplier<Object> s = Runtime::getRuntime;                        | system: java.lang.Runtime.getRuntime
      Runtime.halt                 | void m() { Runtime.getRuntime().halt(1); }                                          | System.exit: java.lang.Runtime.halt
      Runtime.exec                 | void m() throws Exception { Runtime.getRuntime().exec("id"); }                      | process: java.lang.Runtime.exec
      System.loadLibrary           | void m() { System.loadLibrary("x"); }                                               | native: java.lang.System.loadLibrary
      System.getenv                | String m() { return System.getenv("HOME"); }                                        | system: java.lang.System.getenv
      Class.forName                | Object m() throws Exception { return Class.forName("java.lang.String"); }          | reflection: java.lang.Class.forName
      getClassLoader               | Object m() { return getClass().getClassLoader(); }                                  | class loading: java.lang.Class.getClassLoader
      parallel stream              | long m(java.util.List<String> l) { return l.parallelStream().count(); }             | thread: java.util.List.parallelStream
      executor                     | Object m() { return java.util.concurrent.Executors.newSingleThreadExecutor(); }     | thread: java.util.concurrent.Executors
      file by name                 | void m() throws Exception { new java.io.PrintStream("out.txt").close(); }           | file: java.io.PrintStream
      printing                     | void m() { System.out.println("x"); }                                               | system: java.lang.System.out
      outside the allowed API      | Object m() { return new java.util.zip.CRC32(); }                                    | outside the allowed API: java.util.zip.CRC32
      URLClassLoader               | Object m() { return new java.net.URLClassLoader(new java.net.URL[0]); }             | class loading: java.net.URLClassLoader
      extending Thread             | static final class T extends Thread {}                                              | thread: java.lang.Thread in Probe$T
      subclassing a JSON node      | static final class N extends com.fasterxml.jackson.databind.node.TextNode { N() { super("x"); } } | outside the allowed API: superclass com.fasterxml.jackson.databind.node.TextNode in Probe$N
      a POJO in a JSON tree        | Object m() { return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().putPOJO("p", new Object()); } | reflection: com.fasterxml.jackson.databind.node.ObjectNode.putPOJO
      printing a stack trace       | void m() { new IllegalStateException().printStackTrace(); }                        | system: java.lang.IllegalStateException.printStackTrace
      a parallel stream by flag    | long m(java.util.List<String> l) { return java.util.stream.StreamSupport.stream(l.spliterator(), true).count(); } | thread: java.util.stream.StreamSupport.stream
      a resource bundle            | Object m() { return java.util.ResourceBundle.getBundle("x"); }                     | class loading: java.util.ResourceBundle.getBundle
      a finalizer                  | @SuppressWarnings("removal") protected void finalize() { }                         | thread: finalizer in Probe
      """)
  void refusesWithTheCategoryAndMember(String what, String members, String expected) {
    assertThat(refusal(members)).as(what).contains(expected.strip());
  }

  @Test
  void allowsLambdasStringConcatenationCollectionsAndJackson() {
    CheckedClasses checked = BytecodeCheck.check(compile("""
        java.util.function.Function<String, String> f = s -> "[" + s + "]";
        Object m(com.fasterxml.jackson.databind.JsonNode n) {
          java.util.List<String> out = new java.util.ArrayList<>();
          n.fieldNames().forEachRemaining(out::add);
          return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
              .put("k", f.apply(String.join(",", out)) + System.nanoTime());
        }
        """));
    assertThat(checked.names()).containsExactly("Probe");
  }

  @Test
  void aClassInANamedPackageCannotStandInForTheCallGuard() {
    Map<String, byte[]> fake = COMPILER.compile("CallGuard",
        "package org.anp.meta.internal.codegen;\npublic final class CallGuard { public static void check() { } }\n");
    assertThat(fake).containsOnlyKeys("org.anp.meta.internal.codegen.CallGuard");
    assertThatThrownBy(() -> BytecodeCheck.check(fake))
        .isInstanceOfSatisfying(MetaProtocolException.class, e -> {
          assertThat(e.code()).isEqualTo(MetaProtocolError.DENIED_API);
          assertThat(e).hasMessageContaining("package declaration in org.anp.meta.internal.codegen.CallGuard");
        });
  }

  @Test
  void everyViolationIsNamedUpToTheLimit() {
    String message = refusal("void a() { System.exit(1); }\nvoid b() { new Thread().start(); }");
    assertThat(message).contains("System.exit: java.lang.System.exit in Probe.a", "thread: java.lang.Thread.<init> in Probe.b");
  }

  @Test
  void theApiGateHidesWhatTheBytecodeCheckRefuses() {
    assertThat(SandboxClassLoader.ApiGate.visible("java/lang/String")).isTrue();
    assertThat(SandboxClassLoader.ApiGate.visible("com/fasterxml/jackson/databind/node/ObjectNode")).isTrue();
    assertThat(SandboxClassLoader.ApiGate.visible("java/lang/invoke/LambdaMetafactory")).isTrue();
    assertThat(SandboxClassLoader.ApiGate.visible("java/lang/invoke/MethodHandles")).isFalse();
    assertThat(SandboxClassLoader.ApiGate.visible("java/lang/ProcessBuilder")).isFalse();
    assertThat(SandboxClassLoader.ApiGate.visible("java/io/File")).isFalse();
    assertThat(SandboxClassLoader.ApiGate.visible("com/fasterxml/jackson/databind/ObjectMapper")).isFalse();
    assertThat(SandboxClassLoader.ApiGate.visible("org/anp/meta/internal/codegen/CallLimiter")).isFalse();
    SandboxClassLoader loader = new SandboxClassLoader(BytecodeCheck.check(compile("int x;")));
    assertThatThrownBy(() -> loader.loadClass("java.lang.reflect.Method")).isInstanceOf(ClassNotFoundException.class);
    assertThat(loader.getResource("org/anp/meta/llm/prompts/retry.md")).isNull();
  }
}
