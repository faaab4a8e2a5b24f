package cn.onething.search;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** 同义词 — groups of words that mean the same to a person searching, kept as data. */
public final class Synonyms {
  static final String RESOURCE = "cn/onething/search/synonyms.txt";
  private final List<List<String>> groups;

  private Synonyms(List<List<String>> groups) {
    this.groups = groups;
  }

  public static Synonyms load() {
    List<List<String>> groups = new ArrayList<>();
    try (InputStream in = Synonyms.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        line = line.trim();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        groups.add(List.of(line.split("\\s*,\\s*")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Synonyms(List.copyOf(groups));
  }

  /** The other words for whatever words of a group the query contains (longest matches first). */
  public Set<String> expansions(String query) {
    Set<String> out = new LinkedHashSet<>();
    for (List<String> group : groups) {
      boolean hit = group.stream().anyMatch(query::contains);
      if (hit) {
        group.stream().filter(term -> !query.contains(term)).forEach(out::add);
      }
    }
    return out;
  }
}
