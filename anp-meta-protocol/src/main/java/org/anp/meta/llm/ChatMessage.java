package org.anp.meta.llm;

import java.util.Objects;

/**
 * One message of a chat sent to a {@link LanguageModel}. Immutable.
 *
 * @param role who speaks
 * @param content the text
 */
public record ChatMessage(Role role, String content) {
  public ChatMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
  }

  /** The chat-completions roles this layer uses, with their wire names. */
  public enum Role {
    SYSTEM("system"),
    USER("user"),
    ASSISTANT("assistant");

    private final String wireName;

    Role(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public static ChatMessage system(String content) {
    return new ChatMessage(Role.SYSTEM, content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(Role.USER, content);
  }

  /** Role and size only: prompts may carry the peer's text. */
  @Override
  public String toString() {
    return "ChatMessage[" + role.wireName() + ", " + content.length() + " chars]";
  }
}
