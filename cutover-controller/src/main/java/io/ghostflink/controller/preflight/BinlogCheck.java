package io.ghostflink.controller.preflight;

import java.util.Optional;

/**
 * The job reads full row images from the binlog: binary logging on, ROW format, FULL image, no
 * transaction compressed and no partial JSON update (its binlog reader skips both; {@code
 * UnreadableChanges}).
 */
public final class BinlogCheck implements PreflightCheck {
  @Override
  public Optional<String> problem(TableFacts f) {
    TableFacts.ServerSettings s = f.settings();
    if (!s.logBin()) {
      return Optional.of(
          "the server's binary log is off; start mysqld with --log-bin (ghostflink reads changes"
              + " from it)");
    }
    if (!"ROW".equalsIgnoreCase(s.binlogFormat())) {
      return Optional.of(
          "binlog_format is "
              + s.binlogFormat()
              + "; ghostflink needs ROW: SET GLOBAL binlog_format = 'ROW' (and in my.cnf)");
    }
    if (!"FULL".equalsIgnoreCase(s.binlogRowImage())) {
      return Optional.of(
          "binlog_row_image is "
              + s.binlogRowImage()
              + "; ghostflink needs FULL: SET GLOBAL binlog_row_image = 'FULL' (and in my.cnf)");
    }
    if (s.binlogCompression()) {
      return Optional.of(
          "binlog_transaction_compression is ON; ghostflink's binlog reader cannot read"
              + " compressed transactions and would miss their changes: SET GLOBAL"
              + " binlog_transaction_compression = OFF (and in my.cnf) for the migration");
    }
    if (s.partialJson()) {
      return Optional.of(
          "binlog_row_value_options is PARTIAL_JSON; ghostflink's binlog reader cannot read"
              + " partial JSON updates and would miss them: SET GLOBAL binlog_row_value_options"
              + " = '' (and in my.cnf) for the migration");
    }
    return Optional.empty();
  }
}
