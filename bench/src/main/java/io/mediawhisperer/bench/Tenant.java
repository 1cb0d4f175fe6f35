package io.mediawhisperer.bench;

/** Whose vectors a search bench query is over: everyone's (raw Lucene only), the 99% user's or the 1% user's. */
enum Tenant {
  ALL("no filter"),
  BIG("99% user"),
  SMALL("1% user");

  final String label;

  Tenant(String label) {
    this.label = label;
  }

  boolean holds(SearchData data, int i) {
    return this == ALL || (this == SMALL) == data.small[i];
  }

  int size(SearchData data) {
    int small = data.smallCount();
    return switch (this) {
      case ALL -> data.n;
      case BIG -> data.n - small;
      case SMALL -> small;
    };
  }
}
