package io.mediawhisperer.chat;

/** Every statement the chat verticle runs; each one that touches user data filters by the user. */
final class ChatSql {

  static final String INSERT_CONVERSATION = """
      INSERT INTO conversations (user_id, title, source_ids, collection_id) VALUES ($1, $2, $3, $4)
      RETURNING id, title, source_ids, collection_id, summary, created_at, updated_at""";

  static final String CONVERSATION = """
      SELECT id, title, source_ids, collection_id, summary, created_at, updated_at
      FROM conversations WHERE id = $1 AND user_id = $2""";

  /** Newest activity first, each with its newest message; keyset on (updated_at, id). */
  static final String LIST_CONVERSATIONS = """
      SELECT c.id, c.title, c.source_ids, c.collection_id, c.summary, c.created_at, c.updated_at,
             m.id AS m_id, m.role AS m_role, m.content AS m_content, m.metadata AS m_metadata, m.created_at AS m_created_at
      FROM conversations c
      LEFT JOIN LATERAL (
        SELECT id, role, content, metadata, created_at FROM messages
        WHERE conversation_id = c.id ORDER BY created_at DESC, id DESC LIMIT 1) m ON true
      WHERE c.user_id = $1 AND ($2::timestamptz IS NULL OR (c.updated_at, c.id) < ($2, $3))
      ORDER BY c.updated_at DESC, c.id DESC
      LIMIT $4""";

  /** A page of a conversation's messages, newest first; keyset on (created_at, id), both null on the first page. */
  static final String MESSAGES = """
      SELECT id, role, content, metadata, created_at FROM messages
      WHERE conversation_id = $1 AND user_id = $2 AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
      ORDER BY created_at DESC, id DESC
      LIMIT $5""";

  /** The newest messages before {@code $2} (the question being answered), newest first. */
  static final String HISTORY = """
      SELECT role, content FROM messages
      WHERE conversation_id = $1 AND id <> $2 AND role IN ('user', 'assistant')
      ORDER BY created_at DESC, id DESC LIMIT $3""";

  static final String INSERT_MESSAGE = """
      INSERT INTO messages (conversation_id, user_id, role, content, metadata) VALUES ($1, $2, $3, $4, $5)
      RETURNING id, role, content, metadata, created_at""";

  /** The conversation follows its newest message; an untitled one is named after its first question. */
  static final String TOUCH_CONVERSATION = """
      UPDATE conversations SET updated_at = $3, title = coalesce(title, $4) WHERE id = $1 AND user_id = $2""";

  static final String DELETE_CONVERSATION = "DELETE FROM conversations WHERE id = $1 AND user_id = $2";

  /** A message of an imported conversation keeps the time it was written. */
  static final String INSERT_IMPORTED_MESSAGE = """
      INSERT INTO messages (conversation_id, user_id, role, content, metadata, created_at) VALUES ($1, $2, $3, $4, $5, $6)""";

  private ChatSql() {
  }
}
