package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When the redo log's hold sees other writers: rows they changed over the last second. */
class OtherWritersTest {
  private static final long MS = 1_000_000L;

  @Test
  void rowsChangedWithinTheLastSecondCountAndOlderOnesDoNot() {
    OtherWriters others = new OtherWriters();
    assertThat(others.update(100, 0)).as("one reading: not known, as if they wrote").isTrue();
    assertThat(others.update(100, 50 * MS)).as("nothing changed").isFalse();
    assertThat(others.update(101, 100 * MS)).as("one row: a heartbeat's").isFalse();
    assertThat(others.update(102, 150 * MS)).as("a second row within the second").isTrue();
    for (long t = 200; t <= 1_050; t += 50) {
      others.update(102, t * MS);
    }
    assertThat(others.writing()).as("still within the second after them").isTrue();
    assertThat(others.update(102, 1_200 * MS)).as("a second later, quiet").isFalse();
  }

  @Test
  void unknownCountsAsWritingAndStartsOver() {
    OtherWriters others = new OtherWriters();
    others.update(5, 0);
    others.update(5, 50 * MS);
    assertThat(others.update(-1, 100 * MS)).isTrue();
    assertThat(others.update(5, 150 * MS)).as("a first reading again").isTrue();
    assertThat(others.update(5, 200 * MS)).isFalse();
  }

  @Test
  void fewerRowsThanBeforeIsNoWriter() {
    OtherWriters others = new OtherWriters();
    others.update(10_000, 0);
    // one of ghostflink's chunks ended between the two sums of the earlier reading
    assertThat(others.update(0, 50 * MS)).isFalse();
  }
}
