package io.mediawhisperer.launcher;

/** The same search API on pgvector, in the test database (which needs the vector extension available). */
class PgVectorSearchApiTest extends SearchApiTest {

  @Override
  protected String backend() {
    return "pgvector";
  }
}
