package io.mediawhisperer.launcher;

class LuceneSearchApiTest extends SearchApiTest {

  @Override
  protected String backend() {
    return "lucene";
  }
}
