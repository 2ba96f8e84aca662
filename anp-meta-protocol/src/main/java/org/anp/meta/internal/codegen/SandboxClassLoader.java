package org.anp.meta.internal.codegen;

import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;

/**
 * Defines generated classes, and only {@link CheckedClasses}. Every other name goes to its parent,
 * the {@link ApiGate}, which exposes only the allowed API; resources are never found. One loader
 * per generated handler, so a regenerated handler never meets the old classes.
 */
public final class SandboxClassLoader extends ClassLoader {
  private final CheckedClasses classes;

  public SandboxClassLoader(CheckedClasses classes) {
    super("anp-generated-code", new ApiGate(SandboxClassLoader.class.getClassLoader()));
    this.classes = classes;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        Optional<byte[]> bytes = classes.bytes(name);
        c = bytes.isPresent() ? defineClass(name, bytes.get(), 0, bytes.get().length) : getParent().loadClass(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  public URL getResource(String name) {
    return null;
  }

  @Override
  public Enumeration<URL> getResources(String name) {
    return Collections.emptyEnumeration();
  }

  /**
   * The parent of every sandbox: loads (through the application's loader) only classes that
   * generated code may use, the bootstrap classes the JVM needs to link string concatenation and
   * lambdas, and the call guard; any other name is not found.
   */
  static final class ApiGate extends ClassLoader {
    private final ClassLoader app;

    ApiGate(ClassLoader app) {
      super("anp-api-gate", null);
      this.app = app;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!visible(name.replace('.', '/'))) {
        throw new ClassNotFoundException(name);
      }
      return Class.forName(name, false, app);
    }

    static boolean visible(String internalName) {
      switch (internalName) {
        case "java/lang/invoke/LambdaMetafactory":
        case "java/lang/invoke/StringConcatFactory":
        case "java/lang/invoke/MethodHandles$Lookup":
        case "java/lang/invoke/MethodHandle":
        case "java/lang/invoke/MethodType":
        case "java/lang/invoke/CallSite":
        case "org/anp/meta/internal/codegen/CallGuard":
        case "org/anp/meta/internal/codegen/CallGuard$CallOverrun":
          return true;
        default:
          // Class and System are visible: their denied members are refused by the bytecode check.
          return DeniedApi.refusal(internalName).isEmpty();
      }
    }

    @Override
    public URL getResource(String name) {
      return null;
    }

    @Override
    public Enumeration<URL> getResources(String name) {
      return Collections.emptyEnumeration();
    }
  }
}
