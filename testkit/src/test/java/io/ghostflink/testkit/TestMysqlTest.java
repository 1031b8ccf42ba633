package io.ghostflink.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.ghostflink.mysql.MysqlServerException;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

class TestMysqlTest {

  @Test
  void unknownChoiceIsOneClearLine() {
    assertThatThrownBy(() -> TestMysql.start("x", "postgres"))
        .isInstanceOf(MysqlServerException.class)
        .hasMessage(
            "GHOSTFLINK_TEST_MYSQL=postgres is not known; use 'embedded' (the default) or"
                + " 'testcontainers'");
  }

  @Test
  void testcontainersWithoutDockerSaysSo() {
    assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "Docker runs here");

    assertThatThrownBy(() -> TestMysql.start("x", "testcontainers"))
        .isInstanceOf(MysqlServerException.class)
        .hasMessageStartingWith(
            "GHOSTFLINK_TEST_MYSQL=testcontainers needs a running Docker engine");
  }
}
