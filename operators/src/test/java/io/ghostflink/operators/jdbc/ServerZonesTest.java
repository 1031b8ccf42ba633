package io.ghostflink.operators.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerZonesTest {
  private static final Instant WINTER = Instant.parse("2026-01-15T12:00:00Z");
  private static final Instant SUMMER = Instant.parse("2026-07-15T12:00:00Z");

  @Test
  void aZoneJavaKnowsIsKeptWithItsDaylightSavingTime() {
    assertThat(ServerZones.javaZone("Europe/Berlin", 3600, WINTER)).isEqualTo("Europe/Berlin");
    assertThat(ServerZones.javaZone("Europe/Berlin", 7200, SUMMER)).isEqualTo("Europe/Berlin");
    // the system zone's abbreviation, where it is one Java knows
    assertThat(ServerZones.javaZone("CET", 3600, WINTER)).isEqualTo("CET");
  }

  @Test
  void anAbbreviationJavaDoesNotKnowOrAZoneOfAnotherOffsetGivesTheOffset() {
    assertThat(ServerZones.javaZone("CEST", 7200, SUMMER)).isEqualTo("+02:00");
    assertThat(ServerZones.javaZone("IST", 19800, WINTER)).isEqualTo("+05:30");
    assertThat(ServerZones.javaZone("Europe/Berlin", 0, WINTER)).isEqualTo("UTC");
    assertThat(ServerZones.javaZone("+05:30", 19800, WINTER)).isEqualTo("+05:30");
    assertThat(ServerZones.javaZone(null, -18000, WINTER)).isEqualTo("-05:00");
  }

  @Test
  void aZoneHintNamesTheZoneAndNothingElseGetsIn() {
    ServerAddress server = new ServerAddress("127.0.0.1", 3306, "u", "p");
    assertThat(server.zoneHint()).isEmpty();
    assertThat(server.withTimeZone("Europe/Berlin").zoneHint())
        .isEqualTo("/*+ SET_VAR(time_zone = 'Europe/Berlin') */ ");
    assertThat(server.withTimeZone("SYSTEM").withSqlMode("STRICT_ALL_TABLES").timeZone())
        .isEqualTo("SYSTEM");
    assertThatThrownBy(() -> server.withTimeZone("x') */ DROP"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
