package cn.onething.search;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.search.TemplateDocuments.Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The index is memory-mapped from files of its own while open, and leaves nothing behind when closed. */
class IndexFilesTest {
  @Test
  void theIndexFilesAreGoneAfterClose() throws Exception {
    Path dir;
    try (CatalogueSearch search = new CatalogueSearch()) {
      List<Entry> all = NationalEntries.current();
      search.replaceAll(all);
      dir = search.indexDirectory();
      try (var files = Files.list(dir)) {
        assertThat(files.count()).isPositive();
      }
      CatalogueSearch.Result found = search.search(new CatalogueSearch.Request("出生", Map.of(), Set.of("current"),
          "relevance", 1, 10));
      assertThat(found.total()).isPositive();
    }
    assertThat(dir).doesNotExist();
  }

  @Test
  void anIndexWhoseLockWasTakenAwayStillClosesAndLeavesNothing() throws Exception {
    // What an interrupted index write at shutdown does to the lock (its channel closes), or a
    // tmp cleaner deleting the lock file: the writer cannot commit, and need not.
    CatalogueSearch search = new CatalogueSearch();
    List<Entry> all = NationalEntries.current();
    search.replaceAll(all);
    search.replace(all.getFirst().ref(), List.of(all.getFirst()));
    Path dir = search.indexDirectory();
    Files.delete(dir.resolve("write.lock"));
    search.close();
    assertThat(dir).doesNotExist();
  }

  @Test
  void aKilledProcessesIndexIsSweptAtTheNextStart() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long gone = 999_999_999L;
    assertThat(ProcessHandle.of(gone)).isEmpty();
    Path orphan = Files.createDirectories(tmp.resolve("onething-search-" + gone + "-123"));
    Files.writeString(orphan.resolve("_0.cfs"), "left by a SIGKILL");
    try (CatalogueSearch search = new CatalogueSearch()) {
      assertThat(orphan).doesNotExist();
      assertThat(search.indexDirectory()).exists();
    }
  }
}
