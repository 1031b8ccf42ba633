package io.ghostflink.operators.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkSerializersTest {

  @Test
  void chunkWithNullsAndOpenBoundsSurvivesARoundTrip() throws IOException {
    Chunk chunk = new Chunk(7, null, new byte[][] {{1, 2}, null});
    ChunkSerializers.ChunkSerializer serializer = new ChunkSerializers.ChunkSerializer();

    Chunk back = serializer.deserialize(serializer.getVersion(), serializer.serialize(chunk));

    assertThat(back.id()).isEqualTo(7);
    assertThat(back.lower()).isNull();
    assertThat(back.upper()).isDeepEqualTo(new byte[][] {{1, 2}, null});
  }

  @Test
  void cursorKeepsReturnedChunks() throws IOException {
    ChunkCursor cursor = cursor();
    ChunkSerializers.CursorSerializer serializer = new ChunkSerializers.CursorSerializer();

    ChunkCursor back = serializer.deserialize(1, serializer.serialize(cursor));

    assertThat(back.nextId()).isEqualTo(12);
    assertThat(back.nextLower()).isDeepEqualTo(new byte[][] {{9}});
    assertThat(back.exhausted()).isFalse();
    assertThat(back.returned()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(3));
  }

  /**
   * A copy cursor exactly as state version 1 wrote it. Checkpoints taken by a release must restore
   * in every later one: a build that changes the format bumps the version and keeps reading this.
   */
  private static final String CURSOR_V1 =
      "000000000000000C"
          + "00000001"
          + "00000001"
          + "09"
          + "00"
          + "00000001"
          + "0000000000000003"
          + "00000001"
          + "00000001"
          + "01"
          + "00000001"
          + "00000001"
          + "02";

  @Test
  void aVersionOneCursorStillRestores() throws IOException {
    ChunkCursor back =
        new ChunkSerializers.CursorSerializer()
            .deserialize(1, java.util.HexFormat.of().parseHex(CURSOR_V1));

    assertThat(back.nextId()).isEqualTo(12);
    assertThat(back.nextLower()).isDeepEqualTo(new byte[][] {{9}});
    assertThat(back.returned()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(3));
  }

  @Test
  void versionOneIsStillWhatIsWritten() throws IOException {
    ChunkCursor cursor = cursor();
    ChunkSerializers.CursorSerializer serializer = new ChunkSerializers.CursorSerializer();

    // a format change without a new version would make old checkpoints unreadable
    assertThat(serializer.getVersion()).isEqualTo(1);
    assertThat(java.util.HexFormat.of().withUpperCase().formatHex(serializer.serialize(cursor)))
        .isEqualTo(CURSOR_V1);
  }

  @Test
  void stateOfAnUnknownNewerVersionIsRefusedClearly() {
    assertThatThrownBy(() -> new ChunkSerializers.CursorSerializer().deserialize(2, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot read copy cursor state version 2 (this build reads up to 1)");
  }

  private static ChunkCursor cursor() {
    return new ChunkCursor(
        12,
        new byte[][] {{9}},
        false,
        List.of(new Chunk(3, new byte[][] {{1}}, new byte[][] {{2}})));
  }
}
