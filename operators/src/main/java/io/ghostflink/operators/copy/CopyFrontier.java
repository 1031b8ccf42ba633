package io.ghostflink.operators.copy;

import io.ghostflink.operators.model.Column;
import io.ghostflink.operators.model.ColumnValues;
import io.ghostflink.operators.model.GhostKey;
import io.ghostflink.operators.model.TableSchema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * The keys of one table that the copy has begun to copy, as its chunks' low marks in the binlog
 * say: the union of the key ranges of every chunk whose low mark the binlog reader has met. A
 * change to a row outside it needs no apply: every chunk that holds the row marks its start later
 * in the binlog, so its consistent read already sees the change (docs/architecture.md, "Changes the
 * copy has not reached"). Spirit drops such changes too; gh-ost applies them all.
 *
 * <p>Only for a table whose row key is made of integer columns (their order in MySQL's index is
 * their numeric order, which this class compares) and whose ghost has no unique key but ones that
 * hold the whole row key: there a copied row can only collide with itself. Where another unique key
 * may hold a stale value, the copy keeps a row out and relies on its change being applied (the
 * guaranteed and risky keys of {@link GhostKey}), so nothing is left out there.
 *
 * <p>A bound is written as text in the low mark: {@code *} for an open end, else the key's values
 * in decimal, joined by commas.
 */
public final class CopyFrontier {
  /** The text of an open bound. */
  public static final String OPEN = "*";

  /** Disjoint ranges (lower exclusive, upper inclusive) by lower; LOWEST and null are open. */
  private final TreeMap<Key, Key> ranges = new TreeMap<>();

  /** Whether every key counts as reached (the copy is done, or a mark gave no range). */
  private boolean everything;

  /**
   * Whether changes of {@code schema}'s table, copied into a ghost table with {@code ghostKey}, may
   * be left to the copy while it has not reached them.
   */
  public static boolean tracks(TableSchema schema, GhostKey ghostKey) {
    for (Column c : schema.keyColumnList()) {
      if (!c.integer() || c.generated()) {
        return false;
      }
    }
    return ghostKey.guaranteedKeys().isEmpty()
        && ghostKey.riskyKeys().isEmpty()
        && ghostKey.numberedKeys().isEmpty();
  }

  /** A chunk bound's text: {@link #OPEN} for null, else the key's values joined by commas. */
  public static String boundText(byte[][] bound) {
    if (bound == null) {
      return OPEN;
    }
    StringJoiner j = new StringJoiner(",");
    for (byte[] v : bound) {
      j.add(ColumnValues.asText(v));
    }
    return j.toString();
  }

  /** Every key counts as reached from now on. */
  public void reachEverything() {
    everything = true;
    ranges.clear();
  }

  public boolean everything() {
    return everything;
  }

  /** Adds the chunk after {@code lower} up to {@code upper} (texts of {@link #boundText}). */
  public void add(String lower, String upper) {
    if (everything) {
      return;
    }
    Key lo;
    Key hi;
    try {
      lo = Key.parse(lower);
      hi = Key.parse(upper);
    } catch (NumberFormatException e) {
      // not the decimal text of integers (a TINYINT(1) read as a boolean, say): apply everything
      reachEverything();
      return;
    }
    if (lo == null && hi == null) {
      reachEverything();
      return;
    }
    lo = lo == null ? Key.LOWEST : lo;
    // merge every range that overlaps or touches (lo, hi]
    Map.Entry<Key, Key> before = ranges.floorEntry(lo);
    if (before != null && (before.getValue() == null || before.getValue().compareTo(lo) >= 0)) {
      lo = before.getKey();
    }
    Iterator<Map.Entry<Key, Key>> it = ranges.tailMap(lo, true).entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, Key> r = it.next();
      if (hi != null && r.getKey().compareTo(hi) > 0) {
        break;
      }
      if (hi != null && (r.getValue() == null || r.getValue().compareTo(hi) > 0)) {
        hi = r.getValue();
      }
      it.remove();
    }
    ranges.put(lo, hi);
  }

  /** Whether a chunk that holds {@code key} (the row key's values, as text) has been marked. */
  public boolean reached(byte[][] key) {
    if (everything) {
      return true;
    }
    Key k;
    try {
      k = Key.of(key);
    } catch (NumberFormatException e) {
      return true; // not a number this class can place: applied, as always before
    }
    Map.Entry<Key, Key> r = ranges.lowerEntry(k);
    return r != null && (r.getValue() == null || k.compareTo(r.getValue()) <= 0);
  }

  /**
   * The ranges as {@code lower upper} texts, or {@code *} alone for everything: for a checkpoint.
   */
  public List<String> texts() {
    List<String> out = new ArrayList<>();
    if (everything) {
      out.add(OPEN);
      return out;
    }
    ranges.forEach((lo, hi) -> out.add(text(lo == Key.LOWEST ? null : lo) + " " + text(hi)));
    return out;
  }

  /** The frontier {@link #texts} described. */
  public static CopyFrontier of(List<String> texts) {
    CopyFrontier f = new CopyFrontier();
    for (String t : texts) {
      int space = t.indexOf(' ');
      if (space < 0) {
        f.reachEverything();
      } else {
        f.add(t.substring(0, space), t.substring(space + 1));
      }
    }
    return f;
  }

  private static String text(Key k) {
    if (k == null) {
      return OPEN;
    }
    StringJoiner j = new StringJoiner(",");
    for (BigInteger v : k.values) {
      j.add(v.toString());
    }
    return j.toString();
  }

  /**
   * A row key of integer columns, compared column by column by value; {@link #LOWEST}, with no
   * values, orders before every key (an open lower bound).
   */
  private static final class Key implements Comparable<Key> {
    static final Key LOWEST = new Key(new BigInteger[0]);

    final BigInteger[] values;

    Key(BigInteger[] values) {
      this.values = values;
    }

    static Key parse(String text) {
      if (OPEN.equals(text)) {
        return null;
      }
      String[] parts = text.split(",", -1);
      BigInteger[] values = new BigInteger[parts.length];
      for (int i = 0; i < parts.length; i++) {
        values[i] = number(parts[i]);
      }
      return new Key(values);
    }

    static Key of(byte[][] key) {
      BigInteger[] values = new BigInteger[key.length];
      for (int i = 0; i < key.length; i++) {
        values[i] = number(ColumnValues.asText(key[i]));
      }
      return new Key(values);
    }

    private static BigInteger number(String s) {
      return s.length() < 19 ? BigInteger.valueOf(Long.parseLong(s)) : new BigInteger(s);
    }

    @Override
    public int compareTo(Key o) {
      int n = Math.min(values.length, o.values.length);
      for (int i = 0; i < n; i++) {
        int c = values[i].compareTo(o.values[i]);
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(values.length, o.values.length);
    }
  }
}
