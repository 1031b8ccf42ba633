package io.ghostflink.controller.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BinlogCheckTest {
  @Test
  void rowFormatWithFullImageIsRequired() {
    Facts f = new Facts();
    assertThat(new BinlogCheck().problem(f.build())).isEmpty();

    f.settings = new TableFacts.ServerSettings(false, "ROW", "FULL", "ON", "8.0.31");
    assertThat(new BinlogCheck().problem(f.build()).orElseThrow()).contains("--log-bin");

    f.settings = new TableFacts.ServerSettings(true, "STATEMENT", "FULL", "ON", "8.0.31");
    assertThat(new BinlogCheck().problem(f.build()).orElseThrow())
        .contains("binlog_format = 'ROW'");

    f.settings = new TableFacts.ServerSettings(true, "ROW", "MINIMAL", "ON", "8.0.31");
    assertThat(new BinlogCheck().problem(f.build()).orElseThrow())
        .startsWith("binlog_row_image is MINIMAL");

    f.settings =
        new TableFacts.ServerSettings(true, "ROW", "FULL", "ON", "8.0.31", true, false, "");
    assertThat(new BinlogCheck().problem(f.build()).orElseThrow())
        .startsWith("binlog_transaction_compression is ON")
        .contains("SET GLOBAL binlog_transaction_compression = OFF");

    f.settings =
        new TableFacts.ServerSettings(true, "ROW", "FULL", "ON", "8.0.31", false, true, "");
    assertThat(new BinlogCheck().problem(f.build()).orElseThrow())
        .startsWith("binlog_row_value_options is PARTIAL_JSON")
        .contains("SET GLOBAL binlog_row_value_options = ''");
  }
}
