package org.anp.application.internal.agent;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.anp.application.interfaces.InterfaceDefinition;
import org.anp.application.interfaces.MethodDefinition;
import org.anp.meta.selection.DeclaredCapability;
import org.anp.meta.selection.DeclaredInterface;
import org.anp.meta.selection.DeclaredInterfacesProvider;
import org.anp.meta.selection.NegotiationResult;
import org.anp.meta.selection.SelectionProvider;
import org.anp.meta.selection.SelectionRequest;

/**
 * The {@code anp.negotiate} provider an agent gets from its own JSON-RPC interfaces (decision
 * 0084): each interface is one capability, whose id and name are the interface's name and whose
 * intent tags are that name and its method names (lower case), served by one {@code
 * StructuredInterface} of protocol {@code openrpc} at the interface's OpenRPC URL, as the agent
 * description lists it. The decisions are {@link DeclaredInterfacesProvider}'s.
 *
 * <p>The URLs are asked for on the first request, when the server's address is known; the
 * declarations are then made once. Thread-safe.
 */
public final class OwnInterfacesSelection implements SelectionProvider {
  private final List<InterfaceDefinition> interfaces;
  private final Function<InterfaceDefinition, URI> openRpcUrl;
  private volatile DeclaredInterfacesProvider provider;

  /** A provider over {@code interfaces}, each described at {@code openRpcUrl.apply(it)}. */
  public OwnInterfacesSelection(List<InterfaceDefinition> interfaces, Function<InterfaceDefinition, URI> openRpcUrl) {
    this.interfaces = List.copyOf(interfaces);
    this.openRpcUrl = Objects.requireNonNull(openRpcUrl, "openRpcUrl");
  }

  @Override
  public NegotiationResult decide(SelectionRequest request) {
    return declarations().decide(request);
  }

  private static DeclaredCapability capabilityOf(InterfaceDefinition definition) {
    List<String> tags = new ArrayList<>();
    tags.add(definition.name().toLowerCase(Locale.ROOT));
    for (MethodDefinition m : definition.methods()) {
      String tag = m.name().toLowerCase(Locale.ROOT);
      if (!tags.contains(tag)) {
        tags.add(tag);
      }
    }
    return new DeclaredCapability(definition.name(), Optional.of(definition.name()), tags, false, false);
  }

  private DeclaredInterfacesProvider declarations() {
    DeclaredInterfacesProvider p = provider;
    if (p == null) {
      DeclaredInterfacesProvider.Builder b = DeclaredInterfacesProvider.builder();
      for (InterfaceDefinition i : interfaces) {
        b.capability(capabilityOf(i));
        b.declaredInterface(DeclaredInterface.builder(
                i.name(), DeclaredInterface.STRUCTURED, "openrpc", openRpcUrl.apply(i).toString())
            .capabilities(i.name())
            .build());
      }
      p = b.build();
      provider = p; // made the same by any thread that races here
    }
    return p;
  }
}
