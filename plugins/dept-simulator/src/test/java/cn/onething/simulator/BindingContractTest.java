package cn.onething.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import cn.onething.simulator.data.Enterprise;
import cn.onething.simulator.data.Licence;
import cn.onething.simulator.data.SeedData;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every binding template in {@code ../../templates} is served at its operation, accepts a realistic request built
 * from seeded data and answers a body valid against its response schema. A new binding without a sample request
 * here, or without an endpoint in the simulator, fails.
 */
class BindingContractTest {

  static final Path TEMPLATES = Path.of("../../templates");
  private static final Pattern PATH_PARAM = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

  private static Vertx vertx;
  private static DeptSimulator simulator;
  private static SimClient client;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    simulator = DeptSimulator.start(vertx, SimulatorConfig.onPort(0)).await();
    client = new SimClient(simulator);
  }

  @AfterAll
  static void stop() {
    simulator.close().await();
    vertx.close().await();
  }

  static Stream<Path> bindingTemplates() throws IOException {
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      List<Path> bindings = files.filter(p -> p.toString().endsWith(".json"))
          .filter(p -> "binding".equals(read(p).getString("kind"))).sorted().toList();
      assertThat(bindings).as("binding templates under " + TEMPLATES.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(11);
      return bindings.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bindingTemplates")
  void servesTheBindingWithAValidResponse(Path file) {
    JsonObject template = read(file);
    String id = template.getString("publisher") + "/" + template.getString("slug");
    JsonObject operation = template.getJsonObject("operation");
    String key = operation.getString("method") + " " + operation.getString("path");
    assertThat(simulator.endpointKeys()).as("the simulator serves " + id).contains(key);

    JsonObject request = sampleRequests().get(id);
    assertThat(request).as("a sample request for " + id + " in BindingContractTest.sampleRequests()").isNotNull();
    assertThat(ResponseSchemas.errors(template.getJsonObject("request"), request.encode()))
        .as("the sample request itself follows " + id + "'s request schema").isEmpty();

    SimClient.Response response = call(template, request);
    assertThat(response.status()).as(id + " answers 200: " + response.body()).isEqualTo(200);
    assertThat(ResponseSchemas.errors(template.getJsonObject("response"), response.body()))
        .as(id + " response " + response.body()).isEmpty();
    assertThat(response.json().getBoolean("found", true)).as(id + " found the seeded data").isTrue();
    assertThat(response.json().getBoolean("verified", true)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bindingTemplates")
  void refusesARequestOutsideTheSchema(Path file) {
    JsonObject template = read(file);
    JsonObject request = sampleRequests().get(template.getString("publisher") + "/" + template.getString("slug"))
        .copy().put("unexpected", "x");
    SimClient.Response response = call(template, request);
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().getString("code")).isEqualTo("INVALID_REQUEST");
    assertThat(response.json().getString("message")).contains("/unexpected");
  }

  /** Each of the 16 licence types has at least one seeded holder, and the lookup finds it. */
  @Test
  void everyLicenceTypeHasASeededHolderTheLookupFinds() {
    JsonObject template = read(TEMPLATES.resolve("national/e-licence-lookup.json"));
    Map<String, Licence> oneOfEach = simulator.world().allLicences().stream()
        .collect(Collectors.toMap(Licence::type, l -> l, (a, b) -> a));
    for (Object type : template.getJsonArray("licenceTypes")) {
      Licence licence = oneOfEach.get((String) type);
      assertThat(licence).as("a seeded " + type).isNotNull();
      SimClient.Response response = call(template, new JsonObject().put("holderId", licence.holderId())
          .put("licenceType", type));
      assertThat(response.status()).isEqualTo(200);
      assertThat(ResponseSchemas.errors(template.getJsonObject("response"), response.body())).isEmpty();
      assertThat(response.json().getBoolean("found")).as(type + " for " + licence.holderId()).isTrue();
    }
  }

  @Test
  void lookupsThatFindNothingAnswer200WithFoundFalse() {
    SimClient.Response person = client.post("/population/v1/identity/query",
        new JsonObject().put("idNumber", "330106200001010011"));
    assertThat(person.status()).isEqualTo(200);
    assertThat(person.json().getBoolean("verified")).isFalse();
    SimClient.Response licence = client.post("/licence/v1/types/disability-certificate/query",
        new JsonObject().put("holderId", SeedData.ZHANG_WEI).put("licenceType", "disability-certificate"));
    assertThat(licence.status()).isEqualTo(200);
    assertThat(licence.json().getBoolean("found")).isFalse();
    SimClient.Response realty = client.post("/realty/v1/registrations/query",
        new JsonObject().put("certificateNo", SeedData.CHEN_JIE_CERTIFICATE).put("ownerIdNumber", SeedData.ZHANG_WEI));
    assertThat(realty.json().getBoolean("found")).isFalse();
    SimClient.Response entity = client.get("/market-entities/v1/entities/91330106MA2XXXXX0X");
    assertThat(entity.status()).isEqualTo(200);
    assertThat(entity.json().getBoolean("found")).isFalse();
  }

  /** The http-json convention: {@code {name}} in the path from the same-named top-level property; GET has no body. */
  static SimClient.Response call(JsonObject template, JsonObject request) {
    JsonObject operation = template.getJsonObject("operation");
    Matcher m = PATH_PARAM.matcher(operation.getString("path"));
    StringBuilder path = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(path, Matcher.quoteReplacement(SimClient.segment(
          String.valueOf(request.getValue(m.group(1), "missing")))));
    }
    m.appendTail(path);
    boolean write = template.getJsonArray("purposes").stream().anyMatch(p -> p.equals("push") || p.equals("issue"));
    if ("GET".equals(operation.getString("method"))) {
      String query = request.fieldNames().stream().filter(n -> !operation.getString("path").contains("{" + n + "}"))
          .map(n -> n + "=" + SimClient.segment(String.valueOf(request.getValue(n))))
          .collect(Collectors.joining("&"));
      return client.get(path + (query.isEmpty() ? "" : "?" + query));
    }
    return write ? client.write(path.toString(), request) : client.post(path.toString(), request);
  }

  static Map<String, JsonObject> sampleRequests() {
    Enterprise company = simulator.world().enterpriseNamed(SeedData.CHEN_JIE_COMPANY_NAME).orElseThrow();
    return Map.ofEntries(
        Map.entry("mps/population-identity", new JsonObject().put("idNumber", SeedData.ZHANG_WEI).put("name", "张伟")),
        Map.entry("national/e-licence-lookup", new JsonObject().put("holderId", SeedData.LI_NA)
            .put("licenceType", "marriage-certificate")),
        Map.entry("national/e-licence-issue", new JsonObject().put("holderId", SeedData.LI_NA)
            .put("licenceType", "vaccination-certificate").put("licenceNo", "YF33010600000001")),
        Map.entry("mnr/realty-registry-lookup", new JsonObject().put("certificateNo", SeedData.CHEN_JIE_CERTIFICATE)
            .put("ownerIdNumber", SeedData.CHEN_JIE)),
        Map.entry("sta/tax-status", new JsonObject().put("taxpayerId", company.uscc())),
        Map.entry("sta/deed-tax-calculation", new JsonObject()
            .put("house", new JsonObject().put("transactionPrice", 3_200_000).put("area", 98.76))
            .put("buyer", new JsonObject().put("idNumber", SeedData.ZHANG_WEI).put("firstHome", true))),
        Map.entry("nhsa/medical-insurance-enrolment", new JsonObject()
            .put("insured", new JsonObject().put("idNumber", SeedData.LI_NA).put("name", "李娜"))
            .put("insuranceType", "310").put("insuredRegion", "330106")),
        Map.entry("mohrss/social-security-registration", new JsonObject()
            .put("employer", new JsonObject().put("uscc", company.uscc()).put("name", company.name()))
            .put("handler", new JsonObject().put("idNumber", SeedData.CHEN_JIE).put("name", "陈杰"))),
        Map.entry("samr/enterprise-registry", new JsonObject().put("uscc", company.uscc())),
        Map.entry("mohurd/housing-fund-registration", new JsonObject()
            .put("unit", new JsonObject().put("uscc", company.uscc()).put("name", company.name()))
            .put("depositRate", 12)),
        Map.entry("mohurd/utilities-transfer", new JsonObject().put("unitNo", SeedData.CHEN_JIE_UNIT)
            .put("newOwner", new JsonObject().put("idNumber", SeedData.CHEN_JIE).put("name", "陈杰"))
            .put("accounts", new JsonObject().put("water", "1020345678").put("power", "3300123456"))));
  }

  static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
