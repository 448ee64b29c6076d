package dev.steward.store;

import java.time.Instant;

/**
 * The highest classification each conversation has seen, so a conversation never drops to a lower
 * one: once a message in it is {@code SECRET}, later messages are treated as {@code SECRET} too.
 * Levels are ordinals the caller chooses (higher is more sensitive). Safe for concurrent use, and
 * by several processes sharing one store.
 */
public interface ConversationLabelStorage {

  /** The longest conversation key. */
  int MAX_CONVERSATION_LENGTH = 300;

  /**
   * Raises the conversation's level to {@code level} if that is higher than the one stored, and
   * notes {@code at} as its latest use (the later of the stored time and {@code at}); atomic across
   * every process sharing this store.
   *
   * @param conversation the caller-scoped key (the caller prefixes it with its department and
   *     service): 1..{@value #MAX_CONVERSATION_LENGTH} characters
   * @param level at least 0
   * @return the conversation's level afterwards: the highest level ever raised for it
   */
  int raise(String conversation, int level, Instant at);

  /**
   * Forgets the conversations not raised since {@code cutoff} (latest use strictly before it).
   *
   * @return how many were forgotten
   */
  int purgeBefore(Instant cutoff);
}
