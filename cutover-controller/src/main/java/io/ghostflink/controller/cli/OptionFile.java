package io.ghostflink.controller.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.configuration2.INIConfiguration;
import org.apache.commons.configuration2.SubnodeConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;

/**
 * A MySQL option file (my.cnf) as gh-ost's {@code --conf} reads it: the {@code user} and {@code
 * password} of its {@code [client]} section, nothing else.
 */
final class OptionFile {
  private OptionFile() {}

  /** The login of a {@code [client]} section; null where the file has none. */
  record Client(String user, String password) {
    static final Client NONE = new Client(null, null);
  }

  /** The {@code [client]} login of {@code file}; one clear error when it cannot be read. */
  static Client client(Path file) {
    INIConfiguration ini = new INIConfiguration();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      ini.read(in);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("cannot read --conf " + file + " (no such file)");
    } catch (IOException | ConfigurationException e) {
      throw new IllegalArgumentException(
          "cannot read --conf " + file + " (" + e.getMessage() + ")");
    }
    if (!ini.getSections().contains("client")) {
      throw new IllegalArgumentException(
          "--conf " + file + " has no [client] section; write user= and password= under [client]");
    }
    SubnodeConfiguration client = ini.getSection("client");
    return new Client(value(client, "user"), value(client, "password"));
  }

  // the value without ${…} interpolation (a password may hold one) and with MySQL's escapes read;
  // null when absent
  private static String value(SubnodeConfiguration section, String key) {
    Object v = section.getProperty(key);
    return v == null ? null : unescape(v.toString());
  }

  /**
   * MySQL's escapes in an option value: {@code \b \t \n \r \\ \s} (a space); a backslash before any
   * other character stays (the MySQL manual, "Using Option Files").
   */
  static String unescape(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\' || i + 1 == value.length()) {
        out.append(c);
        continue;
      }
      char next = value.charAt(i + 1);
      String escaped =
          switch (next) {
            case 'b' -> "\b";
            case 't' -> "\t";
            case 'n' -> "\n";
            case 'r' -> "\r";
            case 's' -> " ";
            case '\\' -> "\\";
            default -> null;
          };
      if (escaped == null) {
        out.append(c);
      } else {
        out.append(escaped);
        i++;
      }
    }
    return out.toString();
  }
}
