package io.ghostflink.operators.copy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Versioned serializers of the copy source's splits and enumerator state. */
final class ChunkSerializers {
  private ChunkSerializers() {}

  static final class ChunkSerializer implements SimpleVersionedSerializer<Chunk> {
    static final int VERSION = 1;

    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(Chunk chunk) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        writeChunk(out, chunk);
      }
      return bytes.toByteArray();
    }

    @Override
    public Chunk deserialize(int version, byte[] serialized) throws IOException {
      checkVersion(version, VERSION, "copy chunk");
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        return readChunk(in);
      }
    }
  }

  static final class CursorSerializer implements SimpleVersionedSerializer<ChunkCursor> {
    // 2: the lanes (version 1, one lane: its next lower bound and whether it was exhausted)
    static final int VERSION = 2;

    @Override
    public int getVersion() {
      return VERSION;
    }

    @Override
    public byte[] serialize(ChunkCursor cursor) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeLong(cursor.nextId());
        out.writeInt(cursor.lanes().size());
        for (ChunkCursor.Lane lane : cursor.lanes()) {
          writeKey(out, lane.nextLower());
          writeKey(out, lane.upper());
          out.writeBoolean(lane.exhausted());
        }
        out.writeInt(cursor.returned().size());
        for (Chunk c : cursor.returned()) {
          writeChunk(out, c);
        }
      }
      return bytes.toByteArray();
    }

    @Override
    public ChunkCursor deserialize(int version, byte[] serialized) throws IOException {
      checkVersion(version, VERSION, "copy cursor");
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
        long nextId = in.readLong();
        List<ChunkCursor.Lane> lanes = new ArrayList<>();
        if (version == 1) {
          byte[][] lower = readKey(in);
          lanes.add(new ChunkCursor.Lane(lower, null, in.readBoolean()));
        } else {
          int count = in.readInt();
          for (int i = 0; i < count; i++) {
            lanes.add(new ChunkCursor.Lane(readKey(in), readKey(in), in.readBoolean()));
          }
        }
        int n = in.readInt();
        List<Chunk> returned = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          returned.add(readChunk(in));
        }
        return new ChunkCursor(nextId, lanes, returned);
      }
    }
  }

  private static void checkVersion(int version, int current, String what) throws IOException {
    if (version < 1 || version > current) {
      throw new IOException(
          "cannot read "
              + what
              + " state version "
              + version
              + " (this build reads up to "
              + current
              + ")");
    }
  }

  private static void writeChunk(DataOutputStream out, Chunk c) throws IOException {
    out.writeLong(c.id());
    writeKey(out, c.lower());
    writeKey(out, c.upper());
  }

  private static Chunk readChunk(DataInputStream in) throws IOException {
    return new Chunk(in.readLong(), readKey(in), readKey(in));
  }

  // A key: -1 for none, else its column count, then per column -1 (NULL) or length and bytes.
  private static void writeKey(DataOutputStream out, byte[][] key) throws IOException {
    if (key == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(key.length);
    for (byte[] v : key) {
      if (v == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(v.length);
        out.write(v);
      }
    }
  }

  private static byte[][] readKey(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[][] key = new byte[n][];
    for (int i = 0; i < n; i++) {
      int len = in.readInt();
      if (len >= 0) {
        key[i] = new byte[len];
        in.readFully(key[i]);
      }
    }
    return key;
  }
}
