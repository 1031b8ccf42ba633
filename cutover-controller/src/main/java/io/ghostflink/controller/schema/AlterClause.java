package io.ghostflink.controller.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;

/**
 * What the user's ALTER clause says beyond what MySQL shows afterwards: which columns it renames
 * ({@code CHANGE old new}, {@code RENAME COLUMN old TO new}) and whether it renames the table. Read
 * with JSqlParser; a clause the parser does not understand is marked so, and the mapping then falls
 * back to names only where that is unambiguous (see {@code RenamesCheck}).
 */
public final class AlterClause {
  private final String text;
  private final Map<String, String> renames;
  private final boolean renamesTable;
  private final String parseError;

  private AlterClause(
      String text, Map<String, String> renames, boolean renamesTable, String parseError) {
    this.text = text;
    this.renames = renames;
    this.renamesTable = renamesTable;
    this.parseError = parseError;
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
    Statement statement;
    try {
      statement = CCJSqlParserUtil.parse("ALTER TABLE `t` " + text);
    } catch (JSQLParserException | RuntimeException e) {
      String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      return new AlterClause(
          text,
          Map.of(),
          false,
          message == null ? "unparsable" : message.lines().findFirst().orElse(""));
    }
    if (!(statement instanceof Alter alter) || alter.getAlterExpressions() == null) {
      return new AlterClause(text, Map.of(), false, "not an ALTER TABLE clause");
    }
    Map<String, String> renames = new LinkedHashMap<>();
    boolean renamesTable = false;
    for (AlterExpression e : alter.getAlterExpressions()) {
      AlterOperation op = e.getOperation();
      if (op == AlterOperation.RENAME_TABLE
          || (op == AlterOperation.UNSPECIFIC
              && e.toString().strip().toUpperCase().startsWith("RENAME"))) {
        renamesTable = true;
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
      }
    }
    return new AlterClause(text, Collections.unmodifiableMap(renames), renamesTable, null);
  }

  /** The clause as given, without a trailing semicolon. */
  public String text() {
    return text;
  }

  /** Old column name to new, in the clause's order. */
  public Map<String, String> renames() {
    return renames;
  }

  public boolean renamesTable() {
    return renamesTable;
  }

  /** Whether the parser read the clause; when not, renames are unknown. */
  public boolean understood() {
    return parseError == null;
  }

  /** The parser's first line of complaint, or null. */
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
