package org.anp.application.interfaces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An ordinary Java class turned into an agent interface by annotations (test fixture). */
@JsonRpcInterface(name = "hotel", description = "Rooms and bookings", version = "2.1.0")
public class HotelAgent {
  public enum RoomType {
    SINGLE,
    DOUBLE,
    SUITE
  }

  public record Guest(String name, Optional<String> email) {
    public Guest {
      if (name.isBlank()) {
        throw new IllegalArgumentException("name: blank");
      }
    }
  }

  public record Booking(String bookingId, RoomType type, int nights, Guest guest, String bookedBy) {}

  public record Room(RoomType type, double price, Set<String> amenities) {}

  private final List<Booking> bookings = new ArrayList<>();

  @JsonRpcMethod(description = "Lists the rooms of a type that are free")
  public List<Room> search(@Param(description = "room type") RoomType type, Optional<Integer> maxResults) {
    List<Room> rooms =
        List.of(
            new Room(type, 120.5, Set.of("wifi")),
            new Room(type, 150.0, Set.of("wifi", "breakfast")));
    return rooms.subList(0, Math.min(rooms.size(), maxResults.orElse(rooms.size())));
  }

  @JsonRpcMethod(name = "book", description = "Books a room for the authenticated caller")
  public Booking bookRoom(RoomType type, int nights, Guest guest, CallContext context) {
    if (nights <= 0) {
      throw new org.anp.application.ApplicationException(
          org.anp.application.ApplicationError.INVALID_PARAMS, "nights: must be positive");
    }
    String caller = context.requireCaller().did().toString();
    Booking b = new Booking("b-" + (bookings.size() + 1), type, nights, guest, caller);
    synchronized (bookings) {
      bookings.add(b);
    }
    return b;
  }

  @JsonRpcMethod(description = "Prices by room type")
  public Map<String, Long> prices(List<RoomType> types, boolean withTax, char currency, Short floor) {
    return Map.of(types.get(0).name(), withTax ? 119L : 100L);
  }

  @JsonRpcMethod(description = "Always fails inside")
  public String broken() {
    throw new IllegalStateException("secret internal detail");
  }

  public String notExposed() {
    return "no";
  }
}
