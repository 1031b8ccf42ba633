package io.ghostflink.controller.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gh-ost's --conf: the user and password of a my.cnf's [client] section, as MySQL reads them. */
class OptionFileTest {
  @TempDir Path dir;

  private OptionFile.Client read(String text) throws Exception {
    Path f = dir.resolve("my.cnf");
    Files.writeString(f, text);
    return OptionFile.client(f);
  }

  @Test
  void theClientSectionsUserAndPasswordAreRead() throws Exception {
    assertThat(
            read(
                "[mysqld]\nuser = mysql\n!includedir /etc/mysql/conf.d/\nskip-name-resolve\n\n"
                    + "# the login\n[client]\nuser = gh-ost\npassword = \"p#ss w0rd;x\"\n"
                    + "[mysqldump]\npassword = other\n"))
        .isEqualTo(new OptionFile.Client("gh-ost", "p#ss w0rd;x"));
  }

  @Test
  void valuesAreTakenAsMysqlTakesThem() throws Exception {
    // no ${…} interpolation; MySQL's escapes \\ and \s; any other backslash stays
    assertThat(read("[client]\nuser=u\npassword=a${HOME}b\\\\c\\sd\\qe\n").password())
        .isEqualTo("a${HOME}b\\c d\\qe");
    assertThat(read("[client]\nuser='u v'\npassword=x,y=z\n"))
        .isEqualTo(new OptionFile.Client("u v", "x,y=z"));
    assertThat(read("[client]\nuser=u\n")).isEqualTo(new OptionFile.Client("u", null));
  }

  @Test
  void aFileWithoutAClientSectionOrUnreadableIsOneClearError() throws Exception {
    assertThatThrownBy(() -> read("[mysqld]\nuser = mysql\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("has no [client] section; write user= and password= under [client]");
    assertThatThrownBy(() -> OptionFile.client(dir.resolve("missing.cnf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read --conf " + dir.resolve("missing.cnf") + " (no such file)");
  }
}
