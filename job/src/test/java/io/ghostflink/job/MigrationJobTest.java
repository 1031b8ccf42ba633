package io.ghostflink.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostflink.operators.model.BinlogPosition;
import org.apache.flink.cdc.connectors.mysql.source.offset.BinlogOffset;
import org.junit.jupiter.api.Test;

class MigrationJobTest {
  @Test
  void aFreshJobReadsByTheGtidSetOfItsStartWhereTheServerGaveOne() {
    BinlogOffset offset =
        MigrationJob.startOffset(
            new BinlogPosition(
                "binlog.000003",
                1234,
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,\n"
                    + "4f22fb58-71ca-11e1-9e33-c80aa9429563:1-77"));
    assertThat(offset.getGtidSet())
        .as("one server a line, as SHOW MASTER STATUS writes it")
        .isEqualTo(
            "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5,4f22fb58-71ca-11e1-9e33-c80aa9429563:1-77");
    assertThat(offset.getFilename()).isEqualTo("binlog.000003");
    assertThat(offset.getPosition()).isEqualTo(1234);

    BinlogOffset withoutGtids =
        MigrationJob.startOffset(new BinlogPosition("binlog.000003", 1234, ""));
    assertThat(withoutGtids.getGtidSet()).as("gtid_mode OFF: file and position").isNull();
  }
}
