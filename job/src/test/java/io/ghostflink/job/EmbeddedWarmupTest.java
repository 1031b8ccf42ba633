package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The warm-up parses its table with the grammar the binlog reader uses: a Debezium upgrade that
 * changes the parser, or a table it no longer understands, would make the warm-up do nothing.
 */
class EmbeddedWarmupTest {
  @Test
  void theBinlogReadersGrammarUnderstandsEveryColumnOfTheWarmUpTable() {
    assertThat(EmbeddedWarmup.parse()).isEqualTo(10);
  }
}
