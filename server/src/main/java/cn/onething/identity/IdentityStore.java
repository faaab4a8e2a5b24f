package cn.onething.identity;

import cn.onething.db.NamedStatements;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** 身份数据 — users, tenants and departments in PostgreSQL. */
public final class IdentityStore {
  private static final NamedStatements SQL = NamedStatements.load(IdentityStore.class, "identity.sql");
  private static final String DEMO_IDENTITIES = "cn/onething/identity/demo-identities.sql";

  private final Pool pool;

  public IdentityStore(Pool pool) {
    this.pool = pool;
  }

  /** 租户 — a tenant row. */
  public record Tenant(String id, TenantKind kind, String name, String parent) {
    JsonObject toJson() {
      return new JsonObject().put("id", id).put("kind", kind.code()).put("name", name).put("parent", parent);
    }
  }

  /** Loads the demo cities, departments and users (dev mode); safe to run on every start. */
  public static Future<Void> seedDemoIdentities(Pool pool) {
    String sql;
    try (InputStream in = IdentityStore.class.getClassLoader().getResourceAsStream(DEMO_IDENTITIES)) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // A simple-protocol query may hold several statements; one transaction keeps them all-or-nothing.
    return pool.withTransaction(conn -> conn.query(sql).execute()).mapEmpty();
  }

  public Future<Optional<Caller>> findActiveUser(String id) {
    return pool.preparedQuery(SQL.get("findActiveUser")).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toCaller(rows.iterator().next())));
  }

  public Future<List<Caller>> listUsers() {
    return pool.preparedQuery(SQL.get("listDemoUsers")).execute()
        .map(IdentityStore::callers);
  }

  public Future<List<Tenant>> listTenants() {
    return pool.preparedQuery(SQL.get("listTenants")).execute().map(rows -> {
      List<Tenant> tenants = new ArrayList<>();
      rows.forEach(row -> tenants.add(toTenant(row)));
      return tenants;
    });
  }

  public Future<Optional<Tenant>> findTenant(String id) {
    return pool.preparedQuery(SQL.get("findTenant")).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toTenant(rows.iterator().next())));
  }

  public Future<JsonArray> listDepartments(String tenant) {
    return pool.preparedQuery(SQL.get("listDepartments")).execute(Tuple.of(tenant)).map(rows -> {
      JsonArray departments = new JsonArray();
      rows.forEach(row -> departments.add(new JsonObject()
          .put("code", row.getString("code")).put("name", row.getString("name"))));
      return departments;
    });
  }

  public Future<JsonArray> listTenantUsers(String tenant) {
    return pool.preparedQuery(SQL.get("listTenantUsers")).execute(Tuple.of(tenant)).map(rows -> {
      JsonArray users = new JsonArray();
      rows.forEach(row -> users.add(new JsonObject()
          .put("id", row.getString("id"))
          .put("name", row.getString("name"))
          .put("department", row.getString("department_code"))
          .put("roles", new JsonArray(List.of(row.getArrayOfStrings("roles"))))
          .put("active", row.getBoolean("active"))));
      return users;
    });
  }

  /** Creates or renames a department; true when it was created. */
  public Future<Boolean> upsertDepartment(String tenant, String code, String name) {
    return pool.preparedQuery(SQL.get("upsertDepartment")).execute(Tuple.of(tenant, code, name))
        .map(rows -> rows.iterator().next().getBoolean("created"));
  }

  private static List<Caller> callers(RowSet<Row> rows) {
    List<Caller> callers = new ArrayList<>();
    rows.forEach(row -> callers.add(toCaller(row)));
    return callers;
  }

  private static Caller toCaller(Row row) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String code : row.getArrayOfStrings("roles")) {
      Role.fromCode(code).ifPresent(roles::add);
    }
    String kind = row.getString("tenant_kind");
    return new Caller(row.getString("id"), row.getString("name"), row.getString("tenant_id"),
        kind == null ? null : TenantKind.fromCode(kind), row.getString("department_code"), roles);
  }

  private static Tenant toTenant(Row row) {
    return new Tenant(row.getString("id"), TenantKind.fromCode(row.getString("kind")), row.getString("name"),
        row.getString("parent_id"));
  }
}
