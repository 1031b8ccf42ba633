package io.ghostflink.controller.schema;

import io.ghostflink.operators.model.TableRef;
import io.ghostflink.operators.sql.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names of CHECK constraints across a copy of a table. MySQL names CHECK constraints per
 * database, so a copy made with {@code CREATE TABLE … LIKE} (the ghost table, the preflight's
 * trial, the oracle's) cannot have the original's names: MySQL gives it generated ones ({@code
 * _t_gho_chk_1}, …), which the swap's RENAME turns into {@code t_chk_1}, …. An ALTER that names one
 * of the original's CHECK constraints ({@code DROP CHECK c}, {@code ALTER CHECK c NOT ENFORCED},
 * {@code DROP CONSTRAINT c}) is run on a copy with the copy's name for it; gh-ost and Spirit
 * refused such ALTERs ("Check constraint 'c' is not found in the table") or, for a name that is
 * both a CHECK constraint and a key, dropped the key where MySQL refuses the statement.
 */
public final class CheckNames {
  /** How {@link #translated}'s refusals begin. */
  public static final String REFUSAL = "the ALTER cannot run on a copy of the table: ";

  private CheckNames() {}

  /**
   * {@link #translated} for a copy {@code copy} of {@code original} made with {@code CREATE TABLE …
   * LIKE}, the ALTER naming {@code namedAs}'s constraints.
   */
  public static String forCopy(
      Connection c, String alter, TableRef original, TableRef copy, TableRef namedAs)
      throws SQLException {
    Map<String, String> copies = copies(c, original, copy, namedAs);
    return copies.isEmpty()
        ? alter
        : translated(alter, copies, lowered(constraintNames(c, original, false)));
  }

  /**
   * {@code table}'s CHECK constraints with names of their own, which the swap does not keep: the
   * new table's are those MySQL generates ({@code t_chk_1}, …).
   */
  public static List<String> lostBySwap(Connection c, TableRef table) throws SQLException {
    String generated = lower(table.table()) + "_chk_";
    List<String> lost = new ArrayList<>();
    for (String name : constraintNames(c, table, true)) {
      String n = lower(name);
      if (!(n.startsWith(generated) && n.substring(generated.length()).matches("[0-9]+"))) {
        lost.add(name);
      }
    }
    return lost;
  }

  private static Set<String> lowered(Set<String> names) {
    Set<String> out = new TreeSet<>();
    names.forEach(n -> out.add(lower(n)));
    return out;
  }

  /**
   * For each CHECK constraint of {@code original}, the name of its copy in {@code copy}, keyed by
   * the lower-cased name (MySQL compares constraint names without case): copies are paired by their
   * condition, and constraints with the same condition in name order (which of two equal conditions
   * is dropped changes nothing). {@code namedAs}: the table whose names the ALTER uses, when {@code
   * original} has been renamed since (the old table after a swap, whose generated names MySQL's
   * RENAME changed with it).
   */
  public static Map<String, String> copies(
      Connection c, TableRef original, TableRef copy, TableRef namedAs) throws SQLException {
    Map<String, List<String>> theirs = byCondition(c, copy);
    Map<String, String> names = new HashMap<>();
    for (Map.Entry<String, List<String>> e : byCondition(c, original).entrySet()) {
      List<String> copies = theirs.getOrDefault(e.getKey(), List.of());
      for (int i = 0; i < e.getValue().size() && i < copies.size(); i++) {
        String name = e.getValue().get(i);
        names.put(lower(name), copies.get(i));
        String generated = lower(original.table()) + "_chk_";
        if (!namedAs.equals(original) && lower(name).startsWith(generated)) {
          names.put(
              lower(namedAs.table()) + "_chk_" + name.substring(generated.length()), copies.get(i));
        }
      }
    }
    return names;
  }

  /** The names of {@code table}'s CHECK constraints, or of its other constraints (keys, FKs). */
  public static Set<String> constraintNames(Connection c, TableRef table, boolean checksOnly)
      throws SQLException {
    Set<String> names = new TreeSet<>();
    names.addAll(
        io.ghostflink.operators.jdbc.SchemaReader.names(
            c,
            "SELECT CONSTRAINT_NAME FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA ="
                + " ? AND TABLE_NAME = ?"
                + (checksOnly
                    ? " AND CONSTRAINT_TYPE = 'CHECK'"
                    : " AND CONSTRAINT_TYPE <> 'CHECK'"),
            table));
    return names;
  }

  /**
   * {@code alter} to run on a copy: each of the original's CHECK constraints it names by {@code
   * DROP|ALTER CHECK|CONSTRAINT} renamed to its copy's name ({@link #copies}).
   *
   * @param otherConstraints the lower-cased names of the original's other constraints (keys,
   *     foreign keys)
   * @throws IllegalArgumentException what MySQL's own ALTER of the original would refuse, or what
   *     no copy can do: a {@code DROP|ALTER CONSTRAINT} of a name that is both a CHECK constraint
   *     and another constraint, or a new CHECK constraint named as one of the original's
   */
  public static String translated(
      String alter, Map<String, String> copies, Set<String> otherConstraints) {
    List<Token> tokens = tokens(alter);
    StringBuilder out = new StringBuilder();
    int done = 0;
    for (int i = 0; i + 2 < tokens.size(); i++) {
      Token verb = tokens.get(i);
      Token kind = tokens.get(i + 1);
      Token name = tokens.get(i + 2);
      if (!name.identifier()) {
        continue;
      }
      boolean names =
          (verb.is("DROP") || verb.is("ALTER")) && (kind.is("CHECK") || kind.is("CONSTRAINT"));
      String key = lower(name.value());
      if (names && copies.containsKey(key)) {
        if (kind.is("CONSTRAINT") && otherConstraints.contains(key)) {
          throw new IllegalArgumentException(
              REFUSAL
                  + "it names constraint "
                  + name.value()
                  + ", which is both a CHECK constraint and a key of the table, and MySQL refuses"
                  + " "
                  + verb.value().toUpperCase(Locale.ROOT)
                  + " CONSTRAINT for it (error 3939): say DROP CHECK or DROP INDEX");
        }
        out.append(alter, done, name.start()).append(Identifiers.quote(copies.get(key)));
        done = name.end();
      } else if (verb.is("CONSTRAINT")
          && tokens.get(i + 1).identifier()
          && name.is("CHECK")
          && copies.containsKey(lower(kind.value()))
          && (i == 0 || !(tokens.get(i - 1).is("DROP") || tokens.get(i - 1).is("ALTER")))) {
        throw new IllegalArgumentException(
            REFUSAL
                + "it adds a CHECK constraint named "
                + kind.value()
                + ", a name the table holds until the swap (MySQL names CHECK constraints per"
                + " database, and the new table is built beside it): drop "
                + kind.value()
                + " first in an ALTER of its own (DROP CHECK is instant), or give the new one"
                + " another name");
      }
    }
    return out.append(alter.substring(done)).toString();
  }

  // name order of each condition's constraints
  private static Map<String, List<String>> byCondition(Connection c, TableRef table)
      throws SQLException {
    Map<String, List<String>> byCondition = new LinkedHashMap<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS"
                + " tc JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA ="
                + " tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME WHERE"
                + " tc.TABLE_SCHEMA = ? AND tc.TABLE_NAME = ? AND tc.CONSTRAINT_TYPE = 'CHECK'"
                + " ORDER BY tc.CONSTRAINT_NAME")) {
      ps.setString(1, table.database());
      ps.setString(2, table.table());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byCondition.computeIfAbsent(rs.getString(2), k -> new ArrayList<>()).add(rs.getString(1));
        }
      }
    }
    return byCondition;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** A word, a backticked identifier, or anything else, with where it is in the text. */
  record Token(String value, boolean quoted, boolean word, int start, int end) {
    boolean is(String keyword) {
      return word && !quoted && value.equalsIgnoreCase(keyword);
    }

    boolean identifier() {
      return word || quoted;
    }
  }

  /** The clause's words and identifiers; strings and comments are skipped, as MySQL reads them. */
  static List<Token> tokens(String s) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '`') {
        StringBuilder name = new StringBuilder();
        int j = i + 1;
        while (j < s.length()) {
          if (s.charAt(j) == '`') {
            if (j + 1 < s.length() && s.charAt(j + 1) == '`') {
              name.append('`');
              j += 2;
              continue;
            }
            break;
          }
          name.append(s.charAt(j++));
        }
        int end = Math.min(j + 1, s.length());
        tokens.add(new Token(name.toString(), true, false, i, end));
        i = end;
      } else if (ch == '\'' || ch == '"') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != ch) {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        tokens.add(new Token("", false, false, i, Math.min(j + 1, s.length())));
        i = j + 1;
      } else if (s.startsWith("/*", i)) {
        int j = s.indexOf("*/", i + 2);
        i = j < 0 ? s.length() : j + 2;
      } else if (ch == '#' || s.startsWith("-- ", i)) {
        int j = s.indexOf('\n', i);
        i = j < 0 ? s.length() : j + 1;
      } else if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '$') {
        int j = i;
        while (j < s.length()
            && (Character.isLetterOrDigit(s.charAt(j))
                || s.charAt(j) == '_'
                || s.charAt(j) == '$')) {
          j++;
        }
        tokens.add(new Token(s.substring(i, j), false, true, i, j));
        i = j;
      } else if (Character.isWhitespace(ch)) {
        i++;
      } else {
        tokens.add(new Token(String.valueOf(ch), false, false, i, i + 1));
        i++;
      }
    }
    return tokens;
  }
}
