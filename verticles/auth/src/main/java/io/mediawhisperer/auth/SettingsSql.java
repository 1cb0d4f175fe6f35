package io.mediawhisperer.auth;

/** The SQL of the runtime settings: the {@code config} table (migration V2), which auth owns. */
final class SettingsSql {

  static final String LIST = "SELECT key, value, description, updated_at FROM config WHERE key = ANY($1) ORDER BY key";

  /**
   * {@code updated_at} orders the changes of a key for the copies on every node, so it must grow
   * with each change: {@code clock_timestamp()} is read after the row lock is taken (unlike
   * {@code now()}, the transaction's start), and the {@code greatest} keeps it growing even if the
   * database clock steps back.
   */
  static final String UPDATE = """
      UPDATE config SET value = CAST($2 AS text)::jsonb,
                        updated_at = greatest(clock_timestamp(), updated_at + interval '1 microsecond')
      WHERE key = $1
      RETURNING key, value, description, updated_at""";

  private SettingsSql() {
  }
}
