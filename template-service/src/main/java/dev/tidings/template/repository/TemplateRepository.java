package dev.tidings.template.repository;

import dev.tidings.contracts.Json;
import dev.tidings.contracts.template.PushTemplate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The app's push templates, stored as the JSON the parser produced; every value a bound parameter. */
@ApplicationScoped
public class TemplateRepository {
    private final Pool pool;

    public TemplateRepository(Pool pool) {
        this.pool = pool;
    }

    /** @return false when the app has a template of that name already */
    public Uni<Boolean> create(String appId, PushTemplate t) {
        return pool.preparedQuery("insert into template.push_template (app_id, name, definition, created_at, updated_at)"
                        + " values ($1, $2, $3, now(), now()) on conflict do nothing")
                .execute(Tuple.of(appId, t.name(), Json.encode(t)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** @return false when the app has no template of that name */
    public Uni<Boolean> replace(String appId, PushTemplate t) {
        return pool.preparedQuery("update template.push_template set definition = $3, updated_at = now()"
                        + " where app_id = $1 and name = $2")
                .execute(Tuple.of(appId, t.name(), Json.encode(t)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The template, or null. */
    public Uni<PushTemplate> find(String appId, String name) {
        return pool.preparedQuery("select definition from template.push_template where app_id = $1 and name = $2")
                .execute(Tuple.of(appId, name))
                .map(rows -> rows.size() == 0 ? null : decode(rows.iterator().next()));
    }

    /** All the app's templates, by name. */
    public Uni<List<PushTemplate>> list(String appId) {
        return pool.preparedQuery("select definition from template.push_template where app_id = $1 order by name")
                .execute(Tuple.of(appId))
                .map(rows -> {
                    List<PushTemplate> out = new ArrayList<>(rows.size());
                    rows.forEach(r -> out.add(decode(r)));
                    return out;
                });
    }

    /** @return whether there was such a template */
    public Uni<Boolean> delete(String appId, String name) {
        return pool.preparedQuery("delete from template.push_template where app_id = $1 and name = $2")
                .execute(Tuple.of(appId, name))
                .map(rows -> rows.rowCount() == 1);
    }

    private static PushTemplate decode(Row row) {
        return Json.decode(row.getString(0), PushTemplate.class);
    }
}
