package io.ghostflink.operators.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One row change read from the binlog, as the job carries it: an upsert of the full after-image or
 * a delete by key, with its transaction's place in the binlog. A Flink POJO (public fields, no-arg
 * constructor), so Flink serializes it without Kryo.
 *
 * <p>{@code values} holds the original table's columns in ordinal order, each encoded by {@link
 * ColumnValues}: UTF-8 text, or raw bytes for binary columns; null for SQL NULL. A delete carries
 * its before-image, of which the key columns are used.
 */
public class ChangeEvent {
  public static final byte UPSERT = 0;
  public static final byte DELETE = 1;

  /** A change of the changelog table: only its position matters (it moves the watermark). */
  public static final byte MARKER = 2;

  /** {@link #UPSERT}, {@link #DELETE} or {@link #MARKER}. */
  public byte kind;

  /**
   * The {@link BinlogPosition#encoded() encoded} start of the event's transaction: every change of
   * one transaction shares it, and it grows with binlog order.
   */
  public long position;

  /** The transaction's GTID, empty where GTIDs are off. */
  public String gtid;

  public byte[][] values;

  public ChangeEvent() {}

  public ChangeEvent(byte kind, long position, String gtid, byte[][] values) {
    this.kind = kind;
    this.position = position;
    this.gtid = gtid == null ? "" : gtid;
    this.values = values;
  }

  public static ChangeEvent upsert(long position, String gtid, byte[][] values) {
    return new ChangeEvent(UPSERT, position, gtid, values);
  }

  public static ChangeEvent delete(long position, String gtid, byte[][] values) {
    return new ChangeEvent(DELETE, position, gtid, values);
  }

  public static ChangeEvent marker(long position, String gtid) {
    return new ChangeEvent(MARKER, position, gtid, new byte[0][]);
  }

  public boolean isMarker() {
    return kind == MARKER;
  }

  public boolean isDelete() {
    return kind == DELETE;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ChangeEvent)) {
      return false;
    }
    ChangeEvent that = (ChangeEvent) o;
    return kind == that.kind
        && position == that.position
        && Objects.equals(gtid, that.gtid)
        && Arrays.deepEquals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, position, gtid, Arrays.deepHashCode(values));
  }

  @Override
  public String toString() {
    return (isMarker() ? "MARKER" : isDelete() ? "DELETE" : "UPSERT")
        + "@"
        + BinlogPosition.describe(position)
        + " "
        + ColumnValues.describe(values);
  }
}
