package cn.onething.forms;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.ObjectMapper;

/** The tree the form check hands the schema validator is the one parsing the form's text would give. */
class JsonTreesProperties {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Property(tries = 300)
  void theWalkedTreeIsTheParsedTree(@ForAll("documents") JsonObject document) {
    assertThat(JsonTrees.of(document)).isEqualTo(MAPPER.readTree(document.encode()));
  }

  @Property(tries = 100)
  void aDocumentAsItArrivesOverHttpGivesTheSameTree(@ForAll("documents") JsonObject document) {
    JsonObject parsed = new JsonObject(document.encode());  // as Vert.x parses a request body: Integer, Long, Double
    assertThat(JsonTrees.of(parsed)).isEqualTo(MAPPER.readTree(document.encode()));
  }

  @Provide
  Arbitrary<JsonObject> documents() {
    return Arbitraries.lazyOf(() -> objects(3));
  }

  private Arbitrary<JsonObject> objects(int depth) {
    return Arbitraries.maps(Arbitraries.strings().withChars("abc_张李").ofMinLength(1).ofMaxLength(6), values(depth))
        .ofMaxSize(6).map(m -> new JsonObject(new java.util.LinkedHashMap<>(m)));
  }

  private Arbitrary<Object> values(int depth) {
    Arbitrary<Object> scalars = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.doubles().between(-1e12, 1e12).map(d -> (Object) d),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null),
        Arbitraries.bigDecimals().between(BigDecimal.valueOf(-1000), BigDecimal.valueOf(1000)).ofScale(3).map(b -> (Object) b));
    if (depth == 0) {
      return scalars;
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, scalars),
        net.jqwik.api.Tuple.of(1, objects(depth - 1).map(o -> (Object) o)),
        net.jqwik.api.Tuple.of(1, values(depth - 1).list().ofMaxSize(4).map(l -> (Object) new JsonArray(l))));
  }
}
