package io.ghostflink.controller.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;

/**
 * What the user's ALTER clause says beyond what MySQL shows afterwards: which columns it renames
 * ({@code CHANGE old new}, {@code RENAME COLUMN old TO new}), which it drops ({@code DROP COLUMN};
 * a column dropped and added again is a new column), and whether it renames the table. Read with
 * JSqlParser, the whole clause at once, else one comma-separated item at a time: an item the parser
 * cannot read only matters when it could rename or drop a column, and then the clause is marked not
 * understood (see {@code RenamesCheck}).
 */
public final class AlterClause {
  private static final Set<String> NOT_COLUMNS =
      Set.of("INDEX", "KEY", "PRIMARY", "FOREIGN", "CHECK", "CONSTRAINT", "PARTITION", "UNIQUE");

  private final String text;
  private final Map<String, String> renames;
  private final Set<String> drops;
  private final boolean renamesTable;
  private final String parseError;
  private final boolean setsAutoIncrement;
  private final String dataOperation;

  /** The table option {@code AUTO_INCREMENT [=] n}; a column's AUTO_INCREMENT has no number. */
  private static final java.util.regex.Pattern AUTO_INCREMENT_OPTION =
      java.util.regex.Pattern.compile(
          "(?<![\\w$])AUTO_INCREMENT(\\s*=\\s*|\\s+)[0-9]",
          java.util.regex.Pattern.CASE_INSENSITIVE);

  private AlterClause(
      String text,
      Map<String, String> renames,
      Set<String> drops,
      boolean renamesTable,
      String parseError) {
    this.text = text;
    this.renames = renames;
    this.drops = drops;
    this.renamesTable = renamesTable;
    this.parseError = parseError;
    this.setsAutoIncrement = AUTO_INCREMENT_OPTION.matcher(unquoted(text)).find();
    this.dataOperation = dataOperation(text);
  }

  // the first item that works on the table's data rather than its definition, or null
  private static String dataOperation(String text) {
    for (String item : items(text.replaceAll("(?s)/\\*.*?\\*/", " "))) {
      List<String> words = words(item);
      String first = words.isEmpty() ? "" : words.get(0);
      String second = words.size() > 1 ? words.get(1) : "";
      if ((first.equals("DROP") || first.equals("TRUNCATE")) && second.equals("PARTITION")) {
        return first + " PARTITION";
      }
      if (first.equals("EXCHANGE")) {
        return "EXCHANGE PARTITION";
      }
      if (first.equals("DISCARD") || first.equals("IMPORT")) {
        return first + " TABLESPACE";
      }
    }
    return null;
  }

  /**
   * A whole {@code ALTER TABLE [db.]t …} statement given as {@code --alter}, as gh-ost takes it:
   * the names it gives the table and the clause after them.
   *
   * @param database the statement's database, or null when it names the table alone
   */
  public record Named(String database, String table, String clause) {}

  private static final java.util.regex.Pattern ALTER_TABLE =
      java.util.regex.Pattern.compile("(?is)ALTER\\s+TABLE\\s+(.*)");

  /**
   * {@code alter} read as a whole {@code ALTER TABLE} statement; empty when it is a clause (it does
   * not begin with {@code ALTER TABLE}).
   *
   * @throws IllegalArgumentException it begins so, but no table name can be read after it
   */
  public static java.util.Optional<Named> statement(String alter) {
    java.util.regex.Matcher m = ALTER_TABLE.matcher(alter.strip());
    if (!m.matches()) {
      return java.util.Optional.empty();
    }
    String rest = m.group(1);
    int[] end = {0};
    String first = identifier(rest, end);
    String database = null;
    String table = first;
    if (first != null && end[0] < rest.length() && rest.charAt(end[0]) == '.') {
      end[0]++;
      database = first;
      table = identifier(rest, end);
    }
    if (table == null || (end[0] < rest.length() && !Character.isWhitespace(rest.charAt(end[0])))) {
      throw new IllegalArgumentException(
          "cannot read the table name after ALTER TABLE in --alter; write it as db.t or `db`.`t`,"
              + " or give --database and --table with the clause alone");
    }
    return java.util.Optional.of(new Named(database, table, rest.substring(end[0]).strip()));
  }

  // a bare or `quoted` identifier at end[0], which moves past it; null when there is none
  private static String identifier(String s, int[] end) {
    int i = end[0];
    if (i < s.length() && s.charAt(i) == '`') {
      for (int j = i + 1; j < s.length(); j++) {
        if (s.charAt(j) == '`' && j + 1 < s.length() && s.charAt(j + 1) == '`') {
          j++; // a doubled backquote is one in the name
        } else if (s.charAt(j) == '`') {
          end[0] = j + 1;
          return j == i + 1 ? null : unquote(s.substring(i, j + 1));
        }
      }
      return null;
    }
    int j = i;
    while (j < s.length()
        && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '$')) {
      j++;
    }
    end[0] = j;
    return j == i ? null : s.substring(i, j);
  }

  public static AlterClause parse(String clause) {
    String text = clause.strip();
    if (text.endsWith(";")) {
      text = text.substring(0, text.length() - 1).strip();
    }
    if (text.regionMatches(true, 0, "ALTER TABLE ", 0, 12)) {
      throw new IllegalArgumentException(
          "--alter takes the clause only, without ALTER TABLE and the table name (e.g. --alter"
              + " \"ADD COLUMN x INT\")");
    }
    Map<String, String> renames = new LinkedHashMap<>();
    Set<String> drops = new LinkedHashSet<>();
    boolean[] renamesTable = {false};
    List<AlterExpression> whole = expressions(text);
    String parseError = null;
    if (whole != null) {
      whole.forEach(e -> read(e, renames, drops, renamesTable));
    } else {
      for (String item : items(text)) {
        List<AlterExpression> one = expressions(item);
        if (one != null) {
          one.forEach(e -> read(e, renames, drops, renamesTable));
          continue;
        }
        List<String> words = words(item);
        String first = words.isEmpty() ? "" : words.get(0);
        String second = words.size() > 1 ? words.get(1) : "";
        if (first.equals("RENAME") && !second.equals("COLUMN") && !NOT_COLUMNS.contains(second)) {
          renamesTable[0] = true;
        } else if ((first.equals("CHANGE") || first.equals("RENAME") || first.equals("DROP"))
            && !NOT_COLUMNS.contains(second)
            && parseError == null) {
          parseError = "cannot read \"" + item.strip() + "\"";
        }
      }
    }
    return new AlterClause(
        text,
        Collections.unmodifiableMap(renames),
        Collections.unmodifiableSet(drops),
        renamesTable[0],
        parseError);
  }

  private static List<AlterExpression> expressions(String clause) {
    try {
      Statement statement = CCJSqlParserUtil.parse("ALTER TABLE `t` " + clause);
      return statement instanceof Alter alter && alter.getAlterExpressions() != null
          ? alter.getAlterExpressions()
          : null;
    } catch (JSQLParserException | RuntimeException e) {
      return null;
    }
  }

  private static void read(
      AlterExpression e, Map<String, String> renames, Set<String> drops, boolean[] renamesTable) {
    AlterOperation op = e.getOperation();
    if (op == AlterOperation.RENAME_TABLE
        || (op == AlterOperation.UNSPECIFIC
            && e.toString().strip().toUpperCase(Locale.ROOT).startsWith("RENAME"))) {
      renamesTable[0] = true;
    } else if (op == AlterOperation.RENAME && e.getColumnOldName() != null) {
      renames.put(unquote(e.getColumnOldName()), unquote(e.getColumnName()));
    } else if (op == AlterOperation.CHANGE
        && e.getColumnOldName() != null
        && e.getColDataTypeList() != null
        && !e.getColDataTypeList().isEmpty()) {
      String from = unquote(e.getColumnOldName());
      String to = unquote(e.getColDataTypeList().get(0).getColumnName());
      if (!from.equalsIgnoreCase(to)) {
        renames.put(from, to);
      }
    } else if (op == AlterOperation.DROP && e.getColumnName() != null) {
      drops.add(unquote(e.getColumnName()));
    }
  }

  /** The clause with every quoted string and identifier blanked out. */
  static String unquoted(String clause) {
    StringBuilder out = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < clause.length(); i++) {
      char ch = clause.charAt(i);
      if (quote != 0) {
        if (ch == '\\' && quote != '`' && i + 1 < clause.length()) {
          i++;
        } else if (ch == quote) {
          quote = 0;
        }
        out.append(' ');
      } else {
        if (ch == '\'' || ch == '"' || ch == '`') {
          quote = ch;
        }
        out.append(quote != 0 ? ' ' : ch);
      }
    }
    return out.toString();
  }

  /** The clause's items: split at commas outside parentheses, quotes and backticks. */
  static List<String> items(String clause) {
    List<String> items = new ArrayList<>();
    StringBuilder item = new StringBuilder();
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < clause.length(); i++) {
      char ch = clause.charAt(i);
      if (quote != 0) {
        if (ch == '\\' && quote != '`' && i + 1 < clause.length()) {
          item.append(ch).append(clause.charAt(++i));
          continue;
        }
        if (ch == quote) {
          quote = 0;
        }
      } else if (ch == '\'' || ch == '"' || ch == '`') {
        quote = ch;
      } else if (ch == '(') {
        depth++;
      } else if (ch == ')') {
        depth--;
      } else if (ch == ',' && depth == 0) {
        items.add(item.toString());
        item.setLength(0);
        continue;
      }
      item.append(ch);
    }
    if (!item.toString().isBlank()) {
      items.add(item.toString());
    }
    return items;
  }

  private static List<String> words(String item) {
    List<String> words = new ArrayList<>();
    for (String w : item.strip().split("\\s+")) {
      if (!w.isEmpty()) {
        words.add(w.toUpperCase(Locale.ROOT));
      }
    }
    return words;
  }

  /** The clause as given, without a trailing semicolon. */
  public String text() {
    return text;
  }

  /** Old column name to new, in the clause's order. */
  public Map<String, String> renames() {
    return renames;
  }

  /** The columns the clause drops ({@code DROP [COLUMN] c}), as written. */
  public Set<String> drops() {
    return drops;
  }

  public boolean renamesTable() {
    return renamesTable;
  }

  /**
   * The operation on the table's data rather than its definition the clause holds ({@code DROP
   * PARTITION}, {@code TRUNCATE PARTITION}, {@code EXCHANGE PARTITION}, {@code DISCARD TABLESPACE},
   * {@code IMPORT TABLESPACE}), or null. MySQL does these in place; a migration copies every row
   * into a new table, so it cannot (it would keep the rows of a dropped partition), and the
   * preflight's trial of the ALTER on an empty copy must not run one: an {@code EXCHANGE PARTITION}
   * moved the other table's rows into that copy, which was then dropped.
   */
  public String dataOperation() {
    return dataOperation;
  }

  /**
   * Whether the clause sets the table's AUTO_INCREMENT counter itself ({@code AUTO_INCREMENT = n}),
   * so the original's counter is not carried: MySQL's own ALTER takes the given value then.
   */
  public boolean setsAutoIncrement() {
    return setsAutoIncrement;
  }

  /**
   * Whether every item that could rename or drop a column was read; when not, those are unknown.
   */
  public boolean understood() {
    return parseError == null;
  }

  /**
   * Whether every item of the clause changes only the metadata of a secondary index, which MySQL
   * does {@code ALGORITHM=INPLACE} without reading a row though it refuses {@code INSTANT} for them
   * (8.0.31: {@code DROP INDEX k}, {@code RENAME INDEX a TO b}, {@code ALTER INDEX k VISIBLE} or
   * {@code INVISIBLE}; the list Spirit keeps). Not {@code DROP PRIMARY KEY}, which rebuilds, nor an
   * {@code ADD INDEX}, whose build reads every row and holds a replica's applier as long.
   */
  public boolean onlyIndexMetadata() {
    List<String> all = items(text.replaceAll("(?s)/\\*.*?\\*/", " "));
    if (all.isEmpty()) {
      return false;
    }
    for (String item : all) {
      List<String> w = words(item);
      boolean index = w.size() > 1 && (w.get(1).equals("INDEX") || w.get(1).equals("KEY"));
      boolean drop = w.size() == 3 && w.get(0).equals("DROP") && index;
      boolean rename = w.size() == 5 && w.get(0).equals("RENAME") && index && w.get(3).equals("TO");
      boolean visibility =
          w.size() == 4
              && w.get(0).equals("ALTER")
              && w.get(1).equals("INDEX")
              && (w.get(3).equals("VISIBLE") || w.get(3).equals("INVISIBLE"));
      if (!drop && !rename && !visibility) {
        return false;
      }
    }
    return true;
  }

  /** What could not be read, or null. */
  public String parseError() {
    return parseError;
  }

  static String unquote(String identifier) {
    String s = identifier.strip();
    if (s.length() >= 2 && s.startsWith("`") && s.endsWith("`")) {
      return s.substring(1, s.length() - 1).replace("``", "`");
    }
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }
}
