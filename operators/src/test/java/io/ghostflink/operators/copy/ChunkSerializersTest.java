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

    ChunkCursor back = serializer.deserialize(2, serializer.serialize(cursor));

    assertThat(back.nextId()).isEqualTo(12);
    assertThat(back.lanes())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.nextLower()).isDeepEqualTo(new byte[][] {{9}});
              assertThat(l.upper()).isNull();
            });
    assertThat(back.exhausted()).isFalse();
    assertThat(back.returned()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(3));
  }

  /**
   * A copy cursor exactly as state version 1 wrote it. Checkpoints taken by a release must restore
   * in every later one: a build that changes the format bumps the version and keeps reading this.
   */
  /** The chunks given back, as both versions write them: one, chunk 3 from key 1 to key 2. */
  private static final String RETURNED_CHUNK =
      "00000001"
          + "0000000000000003"
          + "00000001"
          + "00000001"
          + "01"
          + "00000001"
          + "00000001"
          + "02";

  private static final String CURSOR_V1 =
      "000000000000000C" + "00000001" + "00000001" + "09" + "00" + RETURNED_CHUNK;

  @Test
  void aVersionOneCursorStillRestores() throws IOException {
    ChunkCursor back =
        new ChunkSerializers.CursorSerializer()
            .deserialize(1, java.util.HexFormat.of().parseHex(CURSOR_V1));

    assertThat(back.nextId()).isEqualTo(12);
    assertThat(back.lanes())
        .as("one lane from where the old build's cursor stood to the table's end")
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.nextLower()).isDeepEqualTo(new byte[][] {{9}});
              assertThat(l.upper()).isNull();
              assertThat(l.exhausted()).isFalse();
            });
    assertThat(back.returned()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo(3));
  }

  /** The same cursor as state version 2 writes it: its one lane, then the chunks given back. */
  private static final String CURSOR_V2 =
      "000000000000000C"
          + "00000001"
          + "00000001"
          + "00000001"
          + "09"
          + "FFFFFFFF"
          + "00"
          + RETURNED_CHUNK;

  @Test
  void versionTwoIsWhatIsWritten() throws IOException {
    ChunkCursor cursor = cursor();
    ChunkSerializers.CursorSerializer serializer = new ChunkSerializers.CursorSerializer();

    // a format change without a new version would make old checkpoints unreadable
    assertThat(serializer.getVersion()).isEqualTo(2);
    assertThat(java.util.HexFormat.of().withUpperCase().formatHex(serializer.serialize(cursor)))
        .isEqualTo(CURSOR_V2);
  }

  @Test
  void aCursorOfSeveralLanesRestoresEachLane() throws IOException {
    ChunkCursor cursor =
        new ChunkCursor(
            7,
            List.of(
                new ChunkCursor.Lane(new byte[][] {{4}}, new byte[][] {{5}}, true),
                new ChunkCursor.Lane(new byte[][] {{6}}, null, false)),
            List.of());
    ChunkSerializers.CursorSerializer serializer = new ChunkSerializers.CursorSerializer();

    ChunkCursor back = serializer.deserialize(2, serializer.serialize(cursor));

    assertThat(back.lanes()).hasSize(2);
    assertThat(back.lanes().get(0).nextLower()).isDeepEqualTo(new byte[][] {{4}});
    assertThat(back.lanes().get(0).upper()).isDeepEqualTo(new byte[][] {{5}});
    assertThat(back.lanes().get(0).exhausted()).isTrue();
    assertThat(back.lanes().get(1).nextLower()).isDeepEqualTo(new byte[][] {{6}});
    assertThat(back.lanes().get(1).upper()).isNull();
    assertThat(back.exhausted()).as("one lane is still to plan").isFalse();
  }

  @Test
  void stateOfAnUnknownNewerVersionIsRefusedClearly() {
    assertThatThrownBy(() -> new ChunkSerializers.CursorSerializer().deserialize(3, new byte[0]))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot read copy cursor state version 3 (this build reads up to 2)");
  }

  private static ChunkCursor cursor() {
    return new ChunkCursor(
        12,
        new byte[][] {{9}},
        false,
        List.of(new Chunk(3, new byte[][] {{1}}, new byte[][] {{2}})));
  }
}
