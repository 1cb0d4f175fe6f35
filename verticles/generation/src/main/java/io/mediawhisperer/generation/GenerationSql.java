package io.mediawhisperer.generation;

/** Every statement the generation verticle runs; user templates are read and written by their owner only. */
final class GenerationSql {

  static final String COLUMNS = "id, user_id, type, name, content, variables, created_at, updated_at";

  /** Written at every start from the plugins, so a plugin upgrade updates its default. */
  static final String UPSERT_DEFAULT = """
      INSERT INTO templates (user_id, type, name, content, variables) VALUES (NULL, $1, 'default', $2, $3)
      ON CONFLICT ((coalesce(user_id, '00000000-0000-0000-0000-000000000000'::uuid)), type, name)
      DO UPDATE SET content = EXCLUDED.content, variables = EXCLUDED.variables, updated_at = now()
      WHERE templates.content IS DISTINCT FROM EXCLUDED.content OR templates.variables IS DISTINCT FROM EXCLUDED.variables""";

  /**
   * A page of the templates the caller can use: their own (by type, newest first), then the
   * defaults; {@code $2} filters by type when set. Keyset: the rows after the one whose
   * {@code (user_id IS NULL, type, updated_at, id)} is {@code ($3, $4, $5, $6)} in this order
   * (updated_at descending, the rest ascending), all four null on the first page; {@code $7} rows.
   */
  static final String USABLE = "SELECT " + COLUMNS + " FROM templates"
      + " WHERE (user_id = $1 OR user_id IS NULL) AND ($2::text IS NULL OR type = $2)"
      + " AND ($3::boolean IS NULL"
      + "   OR (user_id IS NULL) > $3"
      + "   OR ((user_id IS NULL) = $3 AND (type > $4::text"
      + "     OR (type = $4 AND (updated_at < $5::timestamptz OR (updated_at = $5 AND id > $6::uuid))))))"
      + " ORDER BY user_id IS NULL, type, updated_at DESC, id"
      + " LIMIT $7";

  /** One template the caller may use: their own or a default. */
  static final String USABLE_ONE = "SELECT " + COLUMNS + " FROM templates WHERE id = $1 AND (user_id = $2 OR user_id IS NULL)";

  /** The caller's newest template of a type, else the default. */
  static final String FOR_TYPE = "SELECT " + COLUMNS + " FROM templates WHERE type = $2 AND (user_id = $1 OR user_id IS NULL)"
      + " ORDER BY user_id IS NULL, updated_at DESC LIMIT 1";

  static final String INSERT = "INSERT INTO templates (user_id, type, name, content, variables) VALUES ($1, $2, $3, $4, $5)"
      + " RETURNING " + COLUMNS;

  static final String UPDATE = "UPDATE templates SET name = $3, content = $4, variables = $5, updated_at = now()"
      + " WHERE id = $1 AND user_id = $2 RETURNING " + COLUMNS;

  static final String OWN = "SELECT " + COLUMNS + " FROM templates WHERE id = $1 AND user_id = $2";

  static final String DELETE = "DELETE FROM templates WHERE id = $1 AND user_id = $2";

  private GenerationSql() {
  }
}
