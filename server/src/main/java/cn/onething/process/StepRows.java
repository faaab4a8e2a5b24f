package cn.onething.process;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** A step instance row as JSON (what the workbench, the progress view and the engine read). */
final class StepRows {
  private StepRows() {}

  static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getLong("id")).put("application_id", r.getString("application_id"))
        .put("region", r.getString("region")).put("branch", r.getString("branch")).put("step_id", r.getString("step_id"))
        .put("name", r.getString("name")).put("type", r.getString("type")).put("department", r.getString("department"))
        .put("status", r.getString("status")).put("automatic", r.getBoolean("automatic"))
        .put("waitsOn", r.getString("waits_on"))
        .put("assignee", r.getString("assignee")).put("outcome", r.getString("outcome"))
        .put("comment", r.getString("comment"))
        .put("dueDate", r.getLocalDate("due_date") == null ? null : r.getLocalDate("due_date").toString())
        .put("activatedAt", r.getValue("activated_at") == null ? null : String.valueOf(r.getValue("activated_at")))
        .put("completedAt", r.getValue("completed_at") == null ? null : String.valueOf(r.getValue("completed_at")))
        .put("version", r.getInteger("version"));
  }
}
