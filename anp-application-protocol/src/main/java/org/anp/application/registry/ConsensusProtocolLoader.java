package org.anp.application.registry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.anp.application.ApplicationError;
import org.anp.application.ApplicationException;
import org.anp.application.description.VerifiedDescription;
import org.anp.identity.IdentityException;
import org.anp.identity.did.Did;
import org.anp.meta.MetaProtocolException;
import org.anp.meta.ProtocolHash;
import org.anp.meta.handler.ProtocolCodeGenerator;
import org.anp.meta.handler.ProtocolHandler;
import org.anp.meta.handler.ViolationSink;
import org.anp.meta.negotiator.Proposal.Role;
import org.anp.meta.store.ProtocolStore;
import org.anp.meta.store.StoredProtocol;

/**
 * Loads consensus protocols from a registry into a layer-2 {@link ProtocolStore}, so that two
 * agents that both hold a protocol skip the negotiation (the meta-protocol's 0-RTT path: the
 * requester offers the protocol's hash in its hello, the provider echoes it, both are READY).
 *
 * <p>A package is loaded only if the {@link RegistryClient} returns it (parsed, signature
 * verified, publisher trusted), it is the one referenced (name, version, publisher), and it is a
 * markdown protocol document a handler can be made for. Its meta-protocol hash ({@code
 * usedProtocolHash}) is the SHA-256 of its document ({@link #protocolHash}). The handler: a
 * requester restores the published handler form when the package has one (else makes it from the
 * document); a provider always makes it from the document with its own generator, which binds
 * the protocol to one of its local capabilities (a publisher cannot know them). Decision 0073.
 *
 * <p>A provider loads the protocols it lists in its description into the store of its {@code
 * MetaProtocolAgent}, before or after the agent started (it echoes them from the next session on,
 * decision 0085); a requester loads the peer's protocols, with the peer's DID, before it calls
 * {@code negotiate(peer, loaded.document())}. The {@code Agent} facade does both.
 *
 * <p>Thread-safe.
 */
public final class ConsensusProtocolLoader {
  private final RegistryClient registry;
  private final ProtocolStore store;
  private final ProtocolCodeGenerator generator;
  private final Role role;
  private final Clock clock;

  private ConsensusProtocolLoader(Builder b) {
    this.registry = b.registry;
    this.store = b.store;
    this.generator = b.generator;
    this.role = b.role;
    this.clock = b.clock;
  }

  /**
   * A builder: packages come from {@code registry}, handlers from {@code generator} (the same
   * generator the agent uses for {@code role}), and go into {@code store}.
   */
  public static Builder builder(RegistryClient registry, ProtocolStore store, ProtocolCodeGenerator generator, Role role) {
    return new Builder(registry, store, generator, role);
  }

  /** The meta-protocol hash of {@code pkg}: SHA-256 of its document, as the hellos carry it. */
  public static ProtocolHash protocolHash(ProtocolPackage pkg) {
    return ProtocolHash.of(pkg.document());
  }

  /**
   * Loads the protocol {@code reference} names, for use with {@code peer} (a provider, which holds
   * it for every peer, may pass its own DID).
   *
   * @return the loaded protocol; fails with {@code NOT_FOUND}, {@code FETCH_FAILED}, {@code
   *     INVALID_PROOF}, {@code UNTRUSTED_SIGNER}, or {@code INVALID_DESCRIPTION} for a package that
   *     is not the one referenced or not a usable protocol document
   */
  public CompletableFuture<LoadedProtocol> load(ProtocolReference reference, Did peer) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(peer, "peer");
    return registry.fetchByHash(reference.hash()).thenApply(pkg -> install(reference, pkg, peer));
  }

  /**
   * Requester: loads the first protocol listed in the peer's verified description whose package
   * the registry returns, trusted and usable; empty when none is. Failures of single references
   * are skipped (an untrusted publisher only means that protocol is not used).
   */
  public CompletableFuture<Optional<LoadedProtocol>> loadFirst(VerifiedDescription peer) {
    Objects.requireNonNull(peer, "peer");
    Did did;
    try {
      did = Did.parse(peer.did());
    } catch (IdentityException e) {
      return CompletableFuture.failedFuture(
          new ApplicationException(ApplicationError.SIGNER_MISMATCH, "description: signer is not a DID", e));
    }
    List<ProtocolReference> listed = new ArrayList<>(ProtocolReference.listedIn(peer.description()));
    return next(listed, did);
  }

  private CompletableFuture<Optional<LoadedProtocol>> next(List<ProtocolReference> rest, Did peer) {
    if (rest.isEmpty()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    ProtocolReference first = rest.remove(0);
    return load(first, peer)
        .thenApply(Optional::of)
        .exceptionally(t -> Optional.empty())
        .thenCompose(loaded -> loaded.isPresent()
            ? CompletableFuture.completedFuture(loaded) : next(rest, peer));
  }

  private LoadedProtocol install(ProtocolReference reference, ProtocolPackage pkg, Did peer) {
    if (!pkg.name().equals(reference.name()) || !pkg.version().equals(reference.version())
        || !pkg.publisher().equals(reference.publisher())) {
      throw invalid("package " + reference.hash() + ": not " + reference.name() + " " + reference.version()
          + " by " + reference.publisher());
    }
    if (pkg.format() != ProtocolPackage.Format.MARKDOWN) {
      throw invalid("package " + pkg.name() + ": not a markdown protocol document");
    }
    String document = pkg.document();
    ProtocolHandler handler;
    try {
      handler = role == Role.REQUESTER && pkg.handler().isPresent()
          ? generator.restore(document, pkg.handler().get(), ViolationSink.NONE)
          : generator.generate(document, ViolationSink.NONE);
    } catch (MetaProtocolException e) {
      throw new ApplicationException(ApplicationError.INVALID_DESCRIPTION,
          "package " + pkg.name() + ": no handler can be made: " + e.getMessage(), e);
    }
    ProtocolHash hash = protocolHash(pkg);
    if (!handler.protocolHash().equals(hash)) {
      throw invalid("package " + pkg.name() + ": the handler is for another document");
    }
    StoredProtocol stored = StoredProtocol.agreed(document, handler.form(), peer, clock.instant());
    try {
      store.put(stored);
    } catch (MetaProtocolException e) {
      throw new ApplicationException(ApplicationError.INTERNAL_ERROR, "protocol store: " + e.getMessage(), e);
    }
    return new LoadedProtocol(reference, pkg, stored);
  }

  private static ApplicationException invalid(String message) {
    return new ApplicationException(ApplicationError.INVALID_DESCRIPTION, message);
  }

  /**
   * A protocol loaded into the store.
   *
   * @param reference the reference it was loaded for
   * @param pkg the verified, trusted package
   * @param stored the store entry (its {@code hash()} is the meta-protocol hash)
   */
  public record LoadedProtocol(ProtocolReference reference, ProtocolPackage pkg, StoredProtocol stored) {
    /** Checks that no member is null. */
    public LoadedProtocol {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(pkg, "pkg");
      Objects.requireNonNull(stored, "stored");
    }

    /** The protocol document, which a requester passes to {@code MetaProtocolAgent.negotiate}. */
    public String document() {
      return stored.protocol();
    }

    /** The meta-protocol hash both agents hold. */
    public ProtocolHash protocolHash() {
      return stored.hash();
    }
  }

  /** Configures a {@link ConsensusProtocolLoader}. Not thread-safe. */
  public static final class Builder {
    private final RegistryClient registry;
    private final ProtocolStore store;
    private final ProtocolCodeGenerator generator;
    private final Role role;
    private Clock clock = Clock.systemUTC();

    private Builder(RegistryClient registry, ProtocolStore store, ProtocolCodeGenerator generator, Role role) {
      this.registry = Objects.requireNonNull(registry, "registry");
      this.store = Objects.requireNonNull(store, "store");
      this.generator = Objects.requireNonNull(generator, "generator");
      this.role = Objects.requireNonNull(role, "role");
    }

    /** The clock of the store entries' timestamps; default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Builds the loader. */
    public ConsensusProtocolLoader build() {
      return new ConsensusProtocolLoader(this);
    }
  }
}
