package org.anp.transport.p1;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A method registered on a {@link P1Dispatcher}: its name, the profiles whose {@code meta.profile}
 * it accepts, its target mode, whether it needs an authenticated sender, whether it may be sent as
 * a notification or carry device selectors, and its handler. Immutable.
 */
public final class P1Method {
  private final String name;
  private final Set<String> profiles;
  private final TargetMode targetMode;
  private final boolean authenticationRequired;
  private final boolean notificationAllowed;
  private final boolean deviceSelectorsAllowed;
  private final P1MethodHandler handler;

  private P1Method(Builder b) {
    this.name = b.name;
    this.profiles = Collections.unmodifiableSet(new LinkedHashSet<>(b.profiles));
    this.targetMode = b.targetMode;
    this.authenticationRequired = b.authenticationRequired;
    this.notificationAllowed = b.notificationAllowed;
    this.deviceSelectorsAllowed = b.deviceSelectorsAllowed;
    this.handler = b.handler;
  }

  /** A builder for the method {@code name}, accepting {@code profile}. */
  public static Builder builder(String name, String profile) {
    return new Builder(name, profile);
  }

  /** The method name. */
  public String name() {
    return name;
  }

  /** The accepted {@code meta.profile} values, in the order given. */
  public Set<String> profiles() {
    return profiles;
  }

  /** The target mode. */
  public TargetMode targetMode() {
    return targetMode;
  }

  /** Whether an origin proof or DID-authenticated HTTP caller is required (else 1005). */
  public boolean authenticationRequired() {
    return authenticationRequired;
  }

  /** Whether the method may be called without an {@code id}. */
  public boolean notificationAllowed() {
    return notificationAllowed;
  }

  /** Whether {@code sender_device_id} / {@code recipient_device_id} may appear. */
  public boolean deviceSelectorsAllowed() {
    return deviceSelectorsAllowed;
  }

  /** The handler. */
  public P1MethodHandler handler() {
    return handler;
  }

  @Override
  public String toString() {
    return "P1Method[" + name + ", " + profiles + ", " + targetMode + "]";
  }

  /** Builds a {@link P1Method}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Set<String> profiles = new LinkedHashSet<>();
    private TargetMode targetMode = TargetMode.AGENT_ADDRESSED;
    private boolean authenticationRequired;
    private boolean notificationAllowed;
    private boolean deviceSelectorsAllowed;
    private P1MethodHandler handler;

    private Builder(String name, String profile) {
      this.name = Objects.requireNonNull(name, "name");
      profiles.add(Objects.requireNonNull(profile, "profile"));
    }

    /** One more accepted profile. */
    public Builder profile(String profile) {
      profiles.add(Objects.requireNonNull(profile, "profile"));
      return this;
    }

    /** The target mode; default {@link TargetMode#AGENT_ADDRESSED}. */
    public Builder targetMode(TargetMode mode) {
      this.targetMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Requires an authenticated sender (origin proof or DID-authenticated HTTP caller). */
    public Builder requireAuthentication() {
      this.authenticationRequired = true;
      return this;
    }

    /** Allows calls without {@code id} (P1 section 5.3: asynchronous pushes only). */
    public Builder allowNotifications() {
      this.notificationAllowed = true;
      return this;
    }

    /** Allows device selectors (only for an E2EE overlay that declares them). */
    public Builder allowDeviceSelectors() {
      this.deviceSelectorsAllowed = true;
      return this;
    }

    /** The handler (required). */
    public Builder handler(P1MethodHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * The method.
     *
     * @throws IllegalStateException without a handler
     * @throws IllegalArgumentException for a name P1 forbids
     */
    public P1Method build() {
      if (handler == null) {
        throw new IllegalStateException("handler is required");
      }
      P1Request.checkMethod(name);
      return new P1Method(this);
    }
  }
}
