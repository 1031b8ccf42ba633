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

  /**
   * A copy reader's low mark, written before it reads a chunk: {@code values} holds the chunk's
   * mark token ({@link #copyMark}). Until the matching {@link #COPY_HIGH} arrives, the watermark
   * stays below it (docs/architecture.md, "Copy and binlog").
   */
  public static final byte COPY_LOW = 3;

  /** A copy reader's high mark, written once the chunk's copy committed. */
  public static final byte COPY_HIGH = 4;

  /** Written once every chunk of a run is copied: {@code values} holds the run id. */
  public static final byte COPY_DONE = 5;

  /** {@link #UPSERT}, {@link #DELETE}, {@link #MARKER} or one of the copy marks. */
  public byte kind;

  /**
   * The {@link BinlogPosition#encoded() encoded} start of the event's transaction: every change of
   * one transaction shares it, and it grows with binlog order.
   */
  public long position;

  /** The transaction's GTID, empty where GTIDs are off. */
  public String gtid;

  public byte[][] values;

  /** Which of the job's tables the change is of (0: the first; a move may carry several). */
  public byte table;

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

  /**
   * A changelog row's marker that also carries the GTID set the binlog reader had seen completed
   * before its transaction ({@code gtids} of Debezium's offset; empty where GTIDs are off).
   */
  public static ChangeEvent marker(long position, String gtid, String gtidsBefore) {
    return new ChangeEvent(
        MARKER,
        position,
        gtid,
        gtidsBefore == null || gtidsBefore.isEmpty()
            ? new byte[0][]
            : new byte[][] {ColumnValues.text(gtidsBefore)});
  }

  /** A marker's GTID set ({@link #marker(long, String, String)}), or empty. */
  public String gtidsBefore() {
    return kind == MARKER && values != null && values.length == 1
        ? ColumnValues.asText(values[0])
        : "";
  }

  /** A row change or a changelog marker: what reaches the sink (copy marks stay in the source). */
  public boolean reachesSink() {
    return kind <= MARKER;
  }

  /**
   * A copy mark ({@link #COPY_LOW}, {@link #COPY_HIGH}, {@link #COPY_DONE}) with its token: {@code
   * <run>/<chunk>/<attempt>} for a chunk's marks, {@code <run>} for the copy's end.
   */
  public static ChangeEvent copyMark(long position, String gtid, byte kind, String token) {
    return new ChangeEvent(kind, position, gtid, new byte[][] {ColumnValues.text(token)});
  }

  /**
   * A low mark that also carries its chunk's key range, the texts of {@code
   * io.ghostflink.operators.copy.CopyFrontier#boundText}.
   */
  public static ChangeEvent lowMark(
      long position, String gtid, String token, String lower, String upper) {
    return new ChangeEvent(
        COPY_LOW,
        position,
        gtid,
        new byte[][] {
          ColumnValues.text(token), ColumnValues.text(lower), ColumnValues.text(upper)
        });
  }

  /** A low mark's chunk range, lower and upper bound texts, or null where it carries none. */
  public String[] copyMarkBounds() {
    return kind == COPY_LOW && values.length == 3
        ? new String[] {ColumnValues.asText(values[1]), ColumnValues.asText(values[2])}
        : null;
  }

  /** This change, of the job's table {@code index}. */
  public ChangeEvent ofTable(int index) {
    this.table = (byte) index;
    return this;
  }

  /** A copy mark's token. */
  public String copyMarkToken() {
    return ColumnValues.asText(values[0]);
  }

  /** Not a row change: a changelog row or a copy mark, which only moves or holds the watermark. */
  public boolean isMarker() {
    return kind >= MARKER;
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
        && table == that.table
        && position == that.position
        && Objects.equals(gtid, that.gtid)
        && Arrays.deepEquals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, table, position, gtid, Arrays.deepHashCode(values));
  }

  @Override
  public String toString() {
    return (switch (kind) {
          case COPY_LOW -> "COPY_LOW";
          case COPY_HIGH -> "COPY_HIGH";
          case COPY_DONE -> "COPY_DONE";
          case MARKER -> "MARKER";
          default -> isDelete() ? "DELETE" : "UPSERT";
        })
        + "@"
        + BinlogPosition.describe(position)
        + " "
        + ColumnValues.describe(values);
  }
}
