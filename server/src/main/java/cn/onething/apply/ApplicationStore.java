package cn.onething.apply;

import cn.onething.compose.ActiveReleases;
import cn.onething.db.NamedStatements;
import cn.onething.db.Transactions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** 办件数据 — applications, their materials, uploads, submission keys and prefill snapshots in PostgreSQL. */
public final class ApplicationStore {
  private static final NamedStatements SQL = NamedStatements.load(ApplicationStore.class, "applications.sql");
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  /** A service's active release as citizens see it. */
  public record ActiveRelease(String region, String slug, String title, int number, JsonObject content) {}

  /** What one stored submission is made of. */
  public record NewApplication(String region, String slug, String title, int release, String applicant, String channel,
      JsonObject data, JsonObject prefilled, List<MaterialRecord> materials, String key, String requestHash) {}

  /**
   * A material supplied by an upload ({@code sha256}, described by {@code upload}: its type, size
   * and file name) or waived by an e-licence.
   */
  public record MaterialRecord(String key, String sha256, String eLicence, JsonObject upload) {
    public MaterialRecord(String key, String sha256, String eLicence) {
      this(key, sha256, eLicence, null);
    }
  }

  /**
   * The outcome of storing: the application number, whether it was a repeat of an earlier
   * submission, and for a new one the application as {@link #find} would read it back.
   */
  public record Stored(String id, boolean repeat, JsonObject application) {}

  /** Raised when an idempotency key comes back with a different request. */
  public static final class KeyReused extends RuntimeException {
    KeyReused() {
      super(null, null, false, false);
    }
  }

  /**
   * Citizens' identities (name and ID number) as read a moment ago: they change only when the
   * identity register does, and the apply page and every submission need them.
   */
  static final Duration IDENTITY_MEMORY = Duration.ofMinutes(5);
  /**
   * How long a prefill snapshot this process wrote is taken as still stored unchanged, so that
   * viewing the form again writes nothing. Well inside the hour after which the statement renews
   * an unchanged snapshot, so a snapshot in use never ages past its day.
   */
  static final Duration SNAPSHOT_MEMORY = Duration.ofMinutes(10);
  static final int MEMORY_CAPACITY = 20_000;

  private final Pool pool;
  private final ReleaseContents releases;
  private final ActiveReleases active;
  private final ShortMemory<String, JsonObject> identities = new ShortMemory<>(MEMORY_CAPACITY, IDENTITY_MEMORY);
  private final ShortMemory<String, String> snapshots = new ShortMemory<>(MEMORY_CAPACITY, SNAPSHOT_MEMORY);

  public ApplicationStore(Pool pool, ReleaseContents releases, ActiveReleases active) {
    this.pool = pool;
    this.releases = releases;
    this.active = active;
  }

  /**
   * The service's active release: which one is active comes from {@link ActiveReleases} (kept in
   * memory between changes), its content from {@link ReleaseContents}, read once per release. The
   * content is shared between requests: read it, never change it.
   */
  public Future<Optional<ActiveRelease>> activeRelease(String region, String slug) {
    return active.get(region, slug).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Optional.<ActiveRelease>empty());
      }
      int number = found.get().number();
      String title = found.get().title();
      return releases.get(region, slug, number).map(content -> content == null
          ? Optional.<ActiveRelease>empty()
          : Optional.of(new ActiveRelease(region, slug, title, number, content)));
    });
  }

  /** A release's content (shared: read it, never change it), or null. */
  public Future<JsonObject> releaseContent(String region, String slug, int number) {
    return releases.get(region, slug, number);
  }

  /** The region's services with an active release. */
  public Future<JsonArray> publishedServices(String region) {
    return pool.preparedQuery(SQL.get("publishedServices")).execute(Tuple.of(region)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(new JsonObject().put("slug", row.getString("slug")).put("title", row.getString("title"))
          .put("release", row.getInteger("active_release")).put("fromPackage", row.getString("from_package"))
          .put("figures", row.getJsonObject("figures")).put("members", row.getJsonArray("members"))));
      return out;
    });
  }

  /** The user's identity number and name (citizens have one in the demo). */
  public Future<JsonObject> applicant(String userId) {
    JsonObject known = identities.get(userId);
    if (known != null) {
      return Future.succeededFuture(known.copy());
    }
    return pool.preparedQuery(SQL.get("applicantIdNumber")).execute(Tuple.of(userId)).map(rows -> {
      if (rows.size() == 0) {
        return new JsonObject();
      }
      Row row = rows.iterator().next();
      JsonObject identity = new JsonObject().put("idNumber", row.getString("id_number")).put("name", row.getString("name"));
      identities.put(userId, identity.copy());
      return identity;
    });
  }

  /** The application an idempotency key already made, whatever the request was. */
  public Future<Optional<String>> applicationForKey(String applicant, String key) {
    return pool.preparedQuery(SQL.get("findSubmissionKey")).execute(Tuple.of(applicant, key))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("application_id")));
  }

  /** The application an idempotency key already made, if any, and whether the request matches. */
  public Future<Optional<Stored>> byKey(String applicant, String key, String requestHash) {
    return pool.preparedQuery(SQL.get("findSubmissionKey")).execute(Tuple.of(applicant, key)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      if (!row.getString("request_hash").equals(requestHash)) {
        throw new KeyReused();
      }
      return Optional.of(new Stored(row.getString("application_id"), true, null));
    });
  }

  /**
   * Stores a submission in one transaction: the application with its number, its materials, the
   * event the process starts from, and the idempotency key. A concurrent repeat of the same key
   * waits for the first and gets its result.
   */
  public Future<Stored> submit(NewApplication a, LocalDate today) {
    // The lock and the look-up go out together (pipelined); PostgreSQL runs the look-up once the lock is held.
    // BEGIN is not waited for (Transactions.run): the lock and the look-up follow it on the wire.
    return Transactions.run(pool, conn -> Future.all(
            conn.preparedQuery(SQL.get("lockSubmissionKey")).execute(Tuple.of(a.applicant(), a.key())),
            conn.preparedQuery(SQL.get("findSubmissionKey")).execute(Tuple.of(a.applicant(), a.key())))
        .map(both -> both.<RowSet<Row>>resultAt(1))
        .compose(rows -> {
          if (rows.size() > 0) {
            Row row = rows.iterator().next();
            if (!row.getString("request_hash").equals(a.requestHash())) {
              return Future.failedFuture(new KeyReused());
            }
            return Future.succeededFuture(new Stored(row.getString("application_id"), true, null));
          }
          return insert(conn, a, today);
        }));
  }

  private Future<Stored> insert(SqlConnection conn, NewApplication a, LocalDate today) {
    return conn.preparedQuery(SQL.get("nextSequence")).execute(Tuple.of(a.region(), today)).compose(seq -> {
      String id = a.region() + "-" + DAY.format(today) + "-" + String.format("%06d", seq.iterator().next().getInteger("last"));
      // The application, its materials, its event and its key, sent together (pipelined, in this order).
      List<Future<?>> writes = new ArrayList<>();
      Future<RowSet<Row>> application = conn.preparedQuery(SQL.get("insertApplication"))
          .execute(Tuple.from(new Object[] {id, a.region(), a.slug(), a.release(), a.applicant(), a.channel(), a.data(),
              a.prefilled()}));
      writes.add(application);
      List<Tuple> materials = new ArrayList<>();
      for (MaterialRecord m : a.materials()) {
        materials.add(Tuple.of(id, m.key(), m.sha256() == null ? null : a.applicant(), m.sha256(), m.eLicence()));
      }
      if (!materials.isEmpty()) {
        writes.add(conn.preparedQuery(SQL.get("insertMaterial")).executeBatch(materials));
      }
      writes.add(conn.preparedQuery(SQL.get("insertEvent")).execute(Tuple.of(id, "submitted", a.applicant(),
          new JsonObject().put("release", a.release()).put("channel", a.channel()))));
      writes.add(conn.preparedQuery(SQL.get("insertSubmissionKey")).execute(Tuple.of(a.applicant(), a.key(), a.requestHash(), id)));
      return Future.all(writes).map(x -> new Stored(id, false, stored(id, a, application.result().iterator().next())));
    });
  }

  /** The application just inserted, as {@link #find} reads it, from what the transaction has: no read back. */
  private static JsonObject stored(String id, NewApplication a, Row inserted) {
    JsonArray materials = new JsonArray();
    // In code-point order, as applicationMaterials reads them (COLLATE "C", whatever the database's locale).
    a.materials().stream().sorted(java.util.Comparator.comparing(MaterialRecord::key)).forEach(m -> {
      JsonObject upload = m.upload() == null ? new JsonObject() : m.upload();
      materials.add(new JsonObject().put("key", m.key()).put("sha256", m.sha256()).put("eLicence", m.eLicence())
          .put("contentType", upload.getString("contentType")).put("size", upload.getInteger("size"))
          .put("filename", upload.getString("filename")));
    });
    return new JsonObject().put("id", id).put("region", a.region()).put("service", a.slug()).put("title", a.title())
        .put("release", a.release()).put("status", inserted.getString("status"))
        .put("submittedAt", String.valueOf(inserted.getValue("submitted_at"))).put("applicant", a.applicant())
        .put("channel", a.channel()).put("data", a.data()).put("prefilled", a.prefilled()).put("materials", materials);
  }

  /** Stores an upload once per owner and content; returns its description. */
  public Future<JsonObject> upload(String owner, String sha256, String contentType, Buffer bytes, String filename) {
    return pool.preparedQuery(SQL.get("insertUpload"))
        .execute(Tuple.of(owner, sha256, contentType, bytes.length(), filename, bytes))
        .map(rows -> new JsonObject().put("sha256", sha256).put("contentType", contentType).put("size", bytes.length())
            .put("filename", filename).put("stored", rows.rowCount() == 1));
  }

  /** Which of these uploads the owner has. */
  public Future<List<String>> ownedUploads(String owner, List<String> hashes) {
    return uploadsOf(owner, hashes).map(found -> List.copyOf(found.keySet()));
  }

  /** The owner's uploads among these, by SHA-256: type, size and file name. */
  public Future<Map<String, JsonObject>> uploadsOf(String owner, List<String> hashes) {
    return pool.preparedQuery(SQL.get("ownedUploads"))
        .execute(Tuple.tuple().addString(owner).addArrayOfString(hashes.toArray(String[]::new)))
        .map(rows -> {
          Map<String, JsonObject> out = new java.util.LinkedHashMap<>();
          rows.forEach(r -> out.put(r.getString("sha256"), new JsonObject().put("contentType", r.getString("content_type"))
              .put("size", r.getInteger("size")).put("filename", r.getString("filename"))));
          return out;
        });
  }

  /** The application and its materials (the two reads go out at once). */
  public Future<Optional<JsonObject>> find(String id) {
    Future<RowSet<Row>> application = pool.preparedQuery(SQL.get("findApplication")).execute(Tuple.of(id));
    Future<RowSet<Row>> materials = pool.preparedQuery(SQL.get("applicationMaterials")).execute(Tuple.of(id));
    return Future.all(application, materials).map(both -> {
      if (application.result().size() == 0) {
        return Optional.<JsonObject>empty();
      }
      Row row = application.result().iterator().next();
      JsonObject app = summary(row).put("applicant", row.getString("applicant")).put("channel", row.getString("channel"))
          .put("data", row.getJsonObject("data")).put("prefilled", row.getJsonObject("prefilled"));
      JsonArray list = new JsonArray();
      materials.result().forEach(m -> list.add(new JsonObject().put("key", m.getString("material_key"))
          .put("sha256", m.getString("sha256")).put("eLicence", m.getString("e_licence"))
          .put("contentType", m.getString("content_type")).put("size", m.getInteger("size"))
          .put("filename", m.getString("filename"))));
      return Optional.of(app.put("materials", list));
    });
  }

  public Future<JsonArray> applicationsOf(String applicant) {
    return pool.preparedQuery(SQL.get("applicationsOf")).execute(Tuple.of(applicant)).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(row -> out.add(summary(row)));
      return out;
    });
  }

  private static JsonObject summary(Row row) {
    return new JsonObject().put("id", row.getString("id")).put("region", row.getString("region"))
        .put("service", row.getString("service_slug")).put("title", row.getString("title"))
        .put("release", row.getInteger("release_number")).put("status", row.getString("status"))
        .put("submittedAt", String.valueOf(row.getValue("submitted_at")));
  }

  /**
   * Keeps what prefill found for this applicant and release, for the submission that follows. A
   * snapshot this process wrote a moment ago is not written again (see {@link #SNAPSHOT_MEMORY}).
   */
  public Future<Void> savePrefill(String applicant, ActiveRelease release, JsonObject values, JsonObject sources,
      JsonObject licences) {
    String key = applicant + "\n" + release.region() + "/" + release.slug() + "/" + release.number();
    String snapshot = new JsonArray().add(values).add(sources).add(licences).encode();
    if (snapshot.equals(snapshots.get(key))) {
      return Future.succeededFuture();
    }
    snapshots.forget(key);
    return pool.preparedQuery(SQL.get("upsertPrefill"))
        .execute(Tuple.of(applicant, release.region(), release.slug(), release.number(), values, sources, licences))
        .<Void>mapEmpty().onSuccess(x -> {
          // Two different snapshots written at once (two tabs): which one the database kept is not
          // known here, so neither is remembered and the next view writes again.
          String other = snapshots.get(key);
          if (other == null) {
            snapshots.put(key, snapshot);
          } else if (!other.equals(snapshot)) {
            snapshots.forget(key);
          }
        });
  }

  /** The last prefill for this applicant and release (within a day), or null. */
  public Future<JsonObject> findPrefill(String applicant, ActiveRelease release) {
    return pool.preparedQuery(SQL.get("findPrefill"))
        .execute(Tuple.of(applicant, release.region(), release.slug(), release.number()))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return new JsonObject().put("values", row.getJsonObject("values")).put("sources", row.getJsonObject("sources"))
              .put("licences", row.getJsonObject("licences"));
        });
  }
}
