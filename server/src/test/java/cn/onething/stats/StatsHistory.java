package cn.onething.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated history for the figures: published services with their releases, and thousands of
 * applications with their steps, 补正 events and ratings at known times, written into the runtime's
 * own tables. Deterministic for a seed. Every time is a whole number of hours after submission, so
 * the figures the test computes and those PostgreSQL computes are the same doubles.
 */
final class StatsHistory {
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  static final ZoneOffset CST = ZoneOffset.ofHours(8);
  static final LocalDate FAR = LocalDate.of(2099, 12, 31);
  static final String SHARED = "shared";
  static final String ACCEPT = "shared-accept";
  static final String SECRET_ID = "330106199208151424";
  static final String SECRET_MOBILE = "13912345678";
  static final List<String> BAD_TAGS = List.of("办理慢", "材料反复提交", "态度差", "跑了多次");

  record StepDef(String id, String name, String department, int limitDays, int slowHours, int fastHours) {}

  record BranchDef(String matter, String title, List<StepDef> steps) {}

  record ServiceDef(String region, String slug, String title, String fromPackage, List<BranchDef> branches,
      int releases, JsonObject figures) {
    String key() {
      return region + "/" + slug;
    }

    List<String> matters() {
      return branches.stream().map(BranchDef::matter).toList();
    }
  }

  static final class Step {
    long id;
    String branch;
    StepDef def;
    String status;
    OffsetDateTime activated;
    OffsetDateTime completed;
    LocalDate due;
    int supplements;

    String key(App a) {
      return a.service.key() + "|" + branch + "#" + def.id();
    }

    boolean worked() {
      return status.equals("done") || status.equals("rejected");
    }

    boolean open() {
      return status.equals("active") || status.equals("claimed");
    }
  }

  record Rating(int score, List<String> tags, String comment, List<String> matters, OffsetDateTime ratedAt) {}

  static final class App {
    String id;
    ServiceDef service;
    int release;
    String status;
    OffsetDateTime submitted;
    OffsetDateTime completed;
    LocalDate due;
    List<Step> steps = new ArrayList<>();
    Rating rating;

    LocalDate submittedDate() {
      return submitted.atZoneSameInstant(CHINA).toLocalDate();
    }
  }

  static final StepDef ACCEPT_STEP = new StepDef(ACCEPT, "一窗受理", "data", 1, 24, 8);

  static JsonObject figures(int fields, int fieldSum, int materials, int materialSum, int waived, int steps, int stepSum,
      int visits, int visitSum, int days, int daySum) {
    return new JsonObject()
        .put("fields", new JsonObject().put("asked", fields).put("memberSum", fieldSum))
        .put("materials", new JsonObject().put("asked", materials).put("memberSum", materialSum).put("waived", waived))
        .put("steps", new JsonObject().put("service", steps).put("memberSum", stepSum))
        .put("offlineVisits", new JsonObject().put("service", visits).put("memberSum", visitSum))
        .put("workingDays", new JsonObject().put("promised", days).put("memberSum", daySum));
  }

  static final BranchDef BIRTH = new BranchDef("nhc/birth-medical-certificate", "出生医学证明", List.of(
      new StepDef("review", "材料审核", "health", 3, 96, 30), new StepDef("issue", "签发证明", "health", 2, 30, 20)));
  static final BranchDef HUKOU = new BranchDef("mps/birth-registration", "出生登记（户口）", List.of(
      new StepDef("review", "户籍审核", "public-security", 5, 60, 60)));
  static final BranchDef INSURANCE = new BranchDef("nhsa/newborn-insurance", "新生儿参保登记", List.of(
      new StepDef("register", "参保登记", "medical-insurance", 2, 20, 20)));

  /** The services: 浙江 has two (one with a faster second release), 杭州 one, 广东 one. */
  static final List<ServiceDef> SERVICES = List.of(
      new ServiceDef("330000", "newborn-stats", "新生儿出生一件事", "nhc/newborn-package", List.of(BIRTH, HUKOU, INSURANCE), 2,
          figures(28, 61, 6, 15, 4, 5, 9, 0, 4, 8, 15)),
      new ServiceDef("330000", "hukou-stats", "户口迁移一件事", null, List.of(HUKOU), 1,
          figures(12, 12, 3, 3, 0, 2, 2, 1, 1, 6, 6)),
      new ServiceDef("330100", "newborn-hz", "杭州新生儿出生一件事", "nhc/newborn-package", List.of(BIRTH, INSURANCE), 1,
          figures(20, 40, 4, 9, 3, 4, 6, 0, 3, 5, 9)),
      new ServiceDef("440000", "newborn-gd", "广东新生儿出生一件事", "nhc/newborn-package", List.of(BIRTH, HUKOU), 1,
          figures(24, 45, 5, 11, 2, 4, 7, 1, 3, 8, 12)));

  /** When the faster second release of the first service was published: applications after it are under it. */
  static OffsetDateTime releaseSwitch(LocalDate start, int days) {
    return start.plusDays(days / 2).atStartOfDay().atOffset(CST);
  }

  static List<App> generate(long seed, LocalDate start, int days, int count) {
    Random random = new Random(seed);
    List<App> apps = new ArrayList<>();
    long stepId = 1_000_000;
    OffsetDateTime switchAt = releaseSwitch(start, days);
    for (int i = 0; i < count; i++) {
      App a = new App();
      int pick = random.nextInt(100);
      a.service = SERVICES.get(pick < 45 ? 0 : pick < 65 ? 1 : pick < 85 ? 2 : 3);
      a.submitted = start.plusDays(random.nextInt(days)).atTime(8 + random.nextInt(10), 0).atOffset(CST);
      a.id = String.format("%s-%s-%06d", a.service.region(), a.submittedDate().toString().replace("-", ""), i + 1);
      a.release = a.service.releases() == 2 && !a.submitted.isBefore(switchAt) ? 2 : 1;
      boolean fast = a.release == 2;
      a.due = a.submittedDate().plusDays(a.service.figures().getJsonObject("workingDays").getInteger("promised") + 4);

      Step accept = step(++stepId, SHARED, ACCEPT_STEP);
      a.steps.add(accept);
      accept.activated = a.submitted;
      accept.due = a.submittedDate().plusDays(ACCEPT_STEP.limitDays());
      List<Step> branchSteps = new ArrayList<>();
      for (BranchDef b : a.service.branches()) {
        for (StepDef d : b.steps()) {
          Step s = step(++stepId, b.matter(), d);
          s.status = "waiting";
          branchSteps.add(s);
          a.steps.add(s);
        }
      }
      int roll = random.nextInt(100);
      if (roll < 6) {
        accept.status = "rejected";
        accept.completed = a.submitted.plusHours(1 + random.nextInt(ACCEPT_STEP.slowHours()));
        branchSteps.forEach(s -> s.status = "cancelled");
        a.status = "rejected";
        a.completed = accept.completed;
        apps.add(a);
        continue;
      }
      if (roll < 10) {
        openStep(random, accept);
        a.status = "in-progress";
        apps.add(a);
        continue;
      }
      accept.status = "done";
      accept.completed = a.submitted.plusHours(1 + random.nextInt(fast ? ACCEPT_STEP.fastHours() : ACCEPT_STEP.slowHours()));
      BranchDef stuck = roll < 22 ? a.service.branches().get(random.nextInt(a.service.branches().size())) : null;
      int stuckAt = stuck == null ? -1 : random.nextInt(stuck.steps().size());
      boolean refuse = roll >= 22 && roll < 27;
      boolean open = false;
      boolean refused = false;
      for (BranchDef b : a.service.branches()) {
        OffsetDateTime t = accept.completed;
        boolean ended = false;
        for (int k = 0; k < b.steps().size(); k++) {
          Step s = find(a, b.matter(), b.steps().get(k).id());
          if (ended) {
            break;
          }
          s.activated = t;
          s.due = t.atZoneSameInstant(CHINA).toLocalDate().plusDays(s.def.limitDays());
          if (b == stuck && k == stuckAt) {
            openStep(random, s);
            open = true;
            ended = true;
            continue;
          }
          StepDef d = s.def;
          int hours = 1 + random.nextInt(fast ? d.fastHours() : d.slowHours());
          s.completed = t.plusHours(hours);
          t = s.completed;
          boolean last = k == b.steps().size() - 1;
          if (refuse && last && b == a.service.branches().get(0)) {
            s.status = "rejected";
            refused = true;
          } else {
            s.status = "done";
          }
          if (random.nextInt(100) < 12) {
            s.supplements = 1 + random.nextInt(2);
          }
        }
      }
      if (open) {
        a.status = "in-progress";
      } else {
        a.completed = a.steps.stream().filter(Step::worked).map(s -> s.completed).max(OffsetDateTime::compareTo).orElseThrow();
        a.status = refused ? (a.service.branches().size() > 1 ? "partly-completed" : "rejected") : "completed";
        if (!a.status.equals("rejected") && random.nextInt(100) < 75) {
          long hours = java.time.Duration.between(a.submitted, a.completed).toHours();
          int score = hours > 150 ? 1 + random.nextInt(3) : hours > 80 ? 2 + random.nextInt(4) : 3 + random.nextInt(3);
          List<String> tags = new ArrayList<>();
          if (score <= 2) {
            tags.add(BAD_TAGS.get(random.nextInt(BAD_TAGS.size())));
            if (random.nextBoolean()) {
              String more = BAD_TAGS.get(random.nextInt(BAD_TAGS.size()));
              if (!tags.contains(more)) {
                tags.add(more);
              }
            }
          } else if (score == 5 && random.nextBoolean()) {
            tags.add("办理快");
          }
          String comment = score <= 2 ? (random.nextBoolean() ? "等了太久，本人身份证 " + SECRET_ID + "，电话 " + SECRET_MOBILE
              : "审核要求反复补材料") : "满意";
          a.rating = new Rating(score, tags, comment, a.service.matters(), a.completed.plusHours(2));
        }
      }
      apps.add(a);
    }
    return apps;
  }

  private static Step step(long id, String branch, StepDef def) {
    Step s = new Step();
    s.id = id;
    s.branch = branch;
    s.def = def;
    return s;
  }

  private static Step find(App a, String branch, String id) {
    return a.steps.stream().filter(s -> s.branch.equals(branch) && s.def.id().equals(id)).findFirst().orElseThrow();
  }

  /** An open step: active, claimed or waiting on the citizen's 补正; overdue now or not. */
  private static void openStep(Random random, Step s) {
    int kind = random.nextInt(3);
    s.status = kind == 0 ? "active" : kind == 1 ? "claimed" : "supplement";
    s.supplements = kind == 2 ? 1 : 0;
    s.due = random.nextBoolean() ? s.activated.atZoneSameInstant(CHINA).toLocalDate().plusDays(s.def.limitDays()) : FAR;
  }

  // --- writing it ----------------------------------------------------------------------------

  static JsonObject release(ServiceDef s) {
    JsonArray branches = new JsonArray();
    for (BranchDef b : s.branches()) {
      JsonArray steps = new JsonArray();
      b.steps().forEach(d -> steps.add(new JsonObject().put("id", d.id()).put("name", d.name()).put("type", "review")
          .put("department", d.department()).put("timeLimitDays", d.limitDays())));
      branches.add(new JsonObject().put("matter", b.matter()).put("title", b.title()).put("steps", steps));
    }
    JsonArray members = new JsonArray();
    s.branches().forEach(b -> members.add(new JsonObject().put("template", b.matter()).put("version", "1.0.0")));
    return new JsonObject().put("members", members).put("figures", s.figures())
        .put("process", new JsonObject().put("acceptance", new JsonObject().put("id", ACCEPT).put("name", ACCEPT_STEP.name())
            .put("department", "data").put("timeLimitDays", ACCEPT_STEP.limitDays())).put("branches", branches));
  }

  static void write(Connection c, List<App> apps, LocalDate start, int days) throws SQLException {
    c.setAutoCommit(false);
    for (ServiceDef s : SERVICES) {
      JsonArray members = new JsonArray();
      s.branches().forEach(b -> members.add(new JsonObject().put("template", b.matter()).put("version", "1.0.0")));
      try (PreparedStatement p = c.prepareStatement("INSERT INTO service (region, slug, title, definition, from_package, "
          + "created_by, updated_by) VALUES (?, ?, ?, ?::jsonb, ?, 'test', 'test')")) {
        p.setString(1, s.region());
        p.setString(2, s.slug());
        p.setString(3, s.title());
        p.setString(4, new JsonObject().put("members", members).encode());
        p.setString(5, s.fromPackage());
        p.executeUpdate();
      }
      for (int n = 1; n <= s.releases(); n++) {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO service_release (region, slug, number, content, "
            + "content_hash, published_by, published_at) VALUES (?, ?, ?, ?::jsonb, ?, 'test', ?)")) {
          p.setString(1, s.region());
          p.setString(2, s.slug());
          p.setInt(3, n);
          p.setString(4, release(s).encode());
          p.setString(5, "hash-" + n);
          p.setObject(6, n == 1 ? start.minusDays(30).atStartOfDay().atOffset(CST) : releaseSwitch(start, days));
          p.executeUpdate();
        }
      }
      try (PreparedStatement p = c.prepareStatement("UPDATE service SET active_release = ? WHERE region = ? AND slug = ?")) {
        p.setInt(1, s.releases());
        p.setString(2, s.region());
        p.setString(3, s.slug());
        p.executeUpdate();
      }
    }
    try (PreparedStatement app = c.prepareStatement("INSERT INTO application (id, region, service_slug, release_number, "
            + "applicant, channel, data, status, submitted_at, completed_at, due_date) VALUES (?, ?, ?, ?, 'citizen-lina', "
            + "'online', '{}'::jsonb, ?, ?, ?, ?)");
        PreparedStatement step = c.prepareStatement("INSERT INTO step_instance (id, application_id, region, branch, step_id, "
            + "name, type, department, status, due_date, activated_at, completed_at) VALUES (?, ?, ?, ?, ?, ?, 'review', ?, ?, ?, ?, ?)");
        PreparedStatement event = c.prepareStatement("INSERT INTO application_event (application_id, type, actor, payload, at, "
            + "handled_at) VALUES (?, 'supplement-requested', 'clerk', ?::jsonb, ?, now())");
        PreparedStatement rating = c.prepareStatement("INSERT INTO rating (application_id, region, service_slug, matters, "
            + "score, tags, comment, rated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (App a : apps) {
        app.setString(1, a.id);
        app.setString(2, a.service.region());
        app.setString(3, a.service.slug());
        app.setInt(4, a.release);
        app.setString(5, a.status);
        app.setObject(6, a.submitted);
        app.setObject(7, a.completed);
        app.setObject(8, a.due);
        app.addBatch();
        for (Step s : a.steps) {
          step.setLong(1, s.id);
          step.setString(2, a.id);
          step.setString(3, a.service.region());
          step.setString(4, s.branch);
          step.setString(5, s.def.id());
          step.setString(6, s.def.name());
          step.setString(7, s.def.department());
          step.setString(8, s.status);
          step.setObject(9, s.due);
          step.setObject(10, s.activated);
          step.setObject(11, s.completed);
          step.addBatch();
          for (int k = 0; k < s.supplements; k++) {
            event.setString(1, a.id);
            event.setString(2, new JsonObject().put("step", s.id).put("comment", "请补充材料").encode());
            event.setObject(3, s.activated);
            event.addBatch();
          }
        }
        if (a.rating != null) {
          rating.setString(1, a.id);
          rating.setString(2, a.service.region());
          rating.setString(3, a.service.slug());
          rating.setArray(4, c.createArrayOf("text", a.rating.matters().toArray()));
          rating.setInt(5, a.rating.score());
          rating.setArray(6, c.createArrayOf("text", a.rating.tags().toArray()));
          rating.setString(7, a.rating.comment());
          rating.setObject(8, a.rating.ratedAt());
          rating.addBatch();
        }
      }
      app.executeBatch();
      step.executeBatch();
      event.executeBatch();
      rating.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
  }
}
