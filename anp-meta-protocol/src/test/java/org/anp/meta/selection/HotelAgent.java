package org.anp.meta.selection;

import java.time.Duration;
import java.util.List;

/** The declarations of the spec's hotel agent (ANP-06 §14), as the tests' provider sees them. */
final class HotelAgent {
  static final String BOOKING = "interface.booking.structured.v1";
  static final String CONVERSATION = "interface.conversation.nl.v1";
  static final String MCP = "interface.info.mcp.v1";

  private HotelAgent() {}

  static DeclaredInterfacesProvider provider() {
    return DeclaredInterfacesProvider.builder()
        .capability(new DeclaredCapability("cap.hotel.booking", java.util.Optional.of("book_hotel_room"),
            List.of("hotel.booking", "reservation.create"), true, false))
        .capability(DeclaredCapability.of("cap.hotel.info", "hotel_info", List.of("hotel.info", "hotel.facilities")))
        .capability(DeclaredCapability.of("cap.hotel.reviews", "hotel_reviews", List.of("hotel.info", "hotel.reviews")))
        .capability(DeclaredCapability.of("cap.hotel.vip", "vip_lounge", List.of("hotel.vip")).authenticatedOnly())
        .declaredInterface(DeclaredInterface.builder(BOOKING, DeclaredInterface.STRUCTURED, "openrpc",
                "https://grand-hotel.com/api/booking.openrpc.json")
            .profile("anp.rpc.v1")
            .capabilities("cap.hotel.booking")
            .humanAuthorization()
            .timeoutMs(3000)
            .schemas("https://grand-hotel.com/schemas/create-booking-request.schema.json",
                "https://grand-hotel.com/schemas/create-booking-response.schema.json")
            .build())
        .declaredInterface(DeclaredInterface.builder(CONVERSATION, DeclaredInterface.NATURAL_LANGUAGE, "YAML",
                "https://grand-hotel.com/api/nl-interface.yaml")
            .profile("anp.direct.base.v1")
            .capabilities("cap.hotel.booking", "cap.hotel.info", "cap.hotel.vip")
            .contentTypes("text/plain")
            .build())
        .declaredInterface(DeclaredInterface.builder(MCP, DeclaredInterface.STRUCTURED, "MCP",
                "https://grand-hotel.com/api/mcp-interface.json")
            .capabilities("cap.hotel.info")
            .build())
        .validity(Duration.ofMinutes(10))
        .build();
  }
}
