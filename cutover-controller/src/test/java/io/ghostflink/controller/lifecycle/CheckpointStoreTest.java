package io.ghostflink.controller.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @Test
  void theRootIsTheStateDirUnlessAnotherIsRecorded(@TempDir Path state, @TempDir Path shared)
      throws Exception {
    assertThat(CheckpointStore.root(state)).isEqualTo(state.toAbsolutePath().toUri());
    CheckpointStore.record(state, URI.create("s3://bucket/ghostflink/orders"));
    assertThat(CheckpointStore.root(state)).isEqualTo(URI.create("s3://bucket/ghostflink/orders"));
    CheckpointStore.record(state, shared.toUri());
    assertThat(CheckpointStore.root(state)).isEqualTo(shared.toUri());
    CheckpointStore.record(state, null);
    assertThat(CheckpointStore.root(state)).isEqualTo(state.toAbsolutePath().toUri());
  }

  @Test
  void theNewestCompletedCheckpointIsFoundAndDeletedThroughFlinksFileSystems(@TempDir Path root)
      throws Exception {
    Path job = Files.createDirectories(root.resolve("checkpoints/abc123"));
    for (String chk : new String[] {"chk-3", "chk-7", "chk-9", "shared", "taskowned"}) {
      Files.createDirectories(job.resolve(chk));
    }
    Files.writeString(job.resolve("chk-3/_metadata"), "x");
    Files.writeString(job.resolve("chk-7/_metadata"), "x");
    // chk-9 is still being written: no _metadata yet
    assertThat(CheckpointStore.newest(root.toUri(), "abc123"))
        .hasValueSatisfying(p -> assertThat(p).endsWith("/checkpoints/abc123/chk-7"));
    assertThat(CheckpointStore.written(CheckpointStore.newest(root.toUri(), "abc123").get()))
        .isEqualTo(Files.getLastModifiedTime(job.resolve("chk-7/_metadata")).toMillis());
    assertThat(CheckpointStore.newest(root.toUri(), "other")).isEmpty();

    CheckpointStore.delete(root.toUri(), "abc123");
    assertThat(job).doesNotExist();
    assertThat(CheckpointStore.newest(root.toUri(), "abc123")).isEmpty();
  }
}
