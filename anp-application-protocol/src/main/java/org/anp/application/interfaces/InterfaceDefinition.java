package org.anp.application.interfaces;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.AgentInterface;
import org.anp.application.description.Extensions;

/**
 * One JSON-RPC interface of an agent, made from Java code: from an annotated object ({@link
 * #fromAnnotated(Object)}) or with the {@link Builder}, which are equivalent. It gives the method
 * descriptions with their JSON Schemas (derived from the Java signatures, see {@link
 * JsonRpcMethod}), the OpenRPC document ({@link org.anp.application.openrpc.OpenRpcDocuments}),
 * the entry for the agent description ({@link #toAgentInterface(String)}), and the calls
 * themselves through {@link JsonRpcInvoker}.
 *
 * <p>Immutable and thread-safe if the target objects are.
 *
 * @throws ApplicationException {@code INVALID_AGENT_DEFINITION} (from the factories) for a class
 *     or method that cannot be described: unsupported types, duplicate names, missing names
 */
public final class InterfaceDefinition {
  private final String name;
  private final String description;
  private final String version;
  private final Map<String, MethodBinding> bindings;

  private InterfaceDefinition(Builder b) {
    this.name = b.name;
    this.description = b.description;
    this.version = b.version;
    this.bindings = Collections.unmodifiableMap(new LinkedHashMap<>(b.bindings));
  }

  /** The interface declared by the {@link JsonRpcMethod} methods of {@code target}. */
  public static InterfaceDefinition fromAnnotated(Object target) {
    Objects.requireNonNull(target, "target");
    JsonRpcInterface annotation = target.getClass().getAnnotation(JsonRpcInterface.class);
    Builder b =
        builder(
            annotation != null && !annotation.name().isEmpty()
                ? annotation.name()
                : target.getClass().getSimpleName());
    if (annotation != null) {
      b.description(annotation.description()).version(annotation.version());
    }
    return b.annotated(target).build();
  }

  /** A builder of an interface named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The interface name. */
  public String name() {
    return name;
  }

  /** The description (may be empty). */
  public String description() {
    return description;
  }

  /** The version. */
  public String version() {
    return version;
  }

  /** The methods, in the order added (annotated methods by Java name). */
  public List<MethodDefinition> methods() {
    return bindings.values().stream().map(MethodBinding::definition).toList();
  }

  /**
   * The entry that announces this interface in an agent description: a {@code
   * StructuredInterface} with protocol {@code openrpc}, whose OpenRPC document is at {@code
   * openRpcUrl}.
   */
  public AgentInterface toAgentInterface(String openRpcUrl) {
    Objects.requireNonNull(openRpcUrl, "openRpcUrl");
    return new AgentInterface(
        AgentInterface.STRUCTURED,
        Optional.empty(),
        Optional.empty(),
        Optional.of("openrpc"),
        Optional.of(version),
        Optional.of(openRpcUrl),
        description.isEmpty() ? Optional.of(name) : Optional.of(description),
        Optional.empty(),
        Extensions.empty());
  }

  Map<String, MethodBinding> bindings() {
    return bindings;
  }

  @Override
  public String toString() {
    return "InterfaceDefinition[" + name + " " + version + ", " + bindings.keySet() + "]";
  }

  /** Builds an {@link InterfaceDefinition}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private String version = "1.0.0";
    private final Map<String, MethodBinding> bindings = new LinkedHashMap<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("name: empty");
      }
      this.name = name;
    }

    /** What the interface offers. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** The interface version; default {@code 1.0.0}. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /** Adds the {@link JsonRpcMethod} methods of {@code target}. */
    public Builder annotated(Object target) {
      Objects.requireNonNull(target, "target");
      AnnotatedMethods.of(target).forEach(this::add);
      return this;
    }

    /**
     * Adds a method whose JSON-RPC params are the components of the record {@code paramsType}
     * (by name and in declaration order; {@code Optional} components may be omitted).
     *
     * @param resultType the result type (a {@code Class} or a parameterized type)
     */
    public <P extends Record, R> Builder method(
        String name,
        String description,
        Class<P> paramsType,
        Type resultType,
        JsonRpcFunction<P, R> function) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(description, "description");
      Objects.requireNonNull(paramsType, "paramsType");
      Objects.requireNonNull(resultType, "resultType");
      Objects.requireNonNull(function, "function");
      Constructor<P> constructor = canonicalConstructor(paramsType);
      MethodBinding.Target target =
          (args, context) -> function.apply(construct(constructor, paramsType, args), context);
      add(
          new MethodBinding(
              name, description, AnnotatedMethods.recordParams(paramsType), resultType, target));
      return this;
    }

    private void add(MethodBinding binding) {
      if (bindings.putIfAbsent(binding.name(), binding) != null) {
        throw MethodBinding.definitionError(name + ": two methods named " + binding.name());
      }
    }

    /**
     * Builds the interface.
     *
     * @throws ApplicationException {@code INVALID_AGENT_DEFINITION} if it has no method
     */
    public InterfaceDefinition build() {
      if (bindings.isEmpty()) {
        throw MethodBinding.definitionError(name + ": no methods");
      }
      return new InterfaceDefinition(this);
    }

    private static <P extends Record> Constructor<P> canonicalConstructor(Class<P> type) {
      RecordComponent[] components = type.getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
      }
      try {
        Constructor<P> c = type.getDeclaredConstructor(types);
        c.setAccessible(true);
        return c;
      } catch (NoSuchMethodException | RuntimeException e) {
        throw new ApplicationException(
            ApplicationError.INVALID_AGENT_DEFINITION, type.getName() + ": no usable canonical constructor", e);
      }
    }

    private static <P extends Record> P construct(Constructor<P> c, Class<P> type, Object[] args) {
      try {
        return c.newInstance(args);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
          throw new ApplicationException(
              ApplicationError.INVALID_PARAMS,
              "params: refused by " + type.getSimpleName() + ": " + cause.getMessage(),
              cause);
        }
        throw new ApplicationException(
            ApplicationError.INTERNAL_ERROR, "params: constructing " + type.getSimpleName() + " failed", cause);
      } catch (ReflectiveOperationException e) {
        throw new ApplicationException(
            ApplicationError.INTERNAL_ERROR, "params: cannot construct " + type.getSimpleName(), e);
      }
    }
  }
}
