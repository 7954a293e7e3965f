package dev.tidings.template.repository;

import dev.tidings.contracts.Json;
import dev.tidings.template.service.Properties;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The app's users and their properties, which fill {@code {Users.<property>}} in templates. */
@ApplicationScoped
public class UserRepository {
    private final Pool pool;

    public UserRepository(Pool pool) {
        this.pool = pool;
    }

    /** Creates the user or replaces its properties. @return true when the user is new */
    public Uni<Boolean> put(String appId, String userId, Map<String, Object> properties) {
        return pool.preparedQuery("insert into template.app_user (app_id, user_id, properties, updated_at)"
                        + " values ($1, $2, cast(cast($3 as text) as jsonb), now())"
                        + " on conflict (app_id, user_id) do update set properties = excluded.properties, updated_at = now()"
                        + " returning (xmax = 0)")
                .execute(Tuple.of(appId, userId, Json.encode(properties)))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The user's properties as stored JSON text, or null for an unknown user. */
    public Uni<String> find(String appId, String userId) {
        return pool.preparedQuery("select properties::text from template.app_user where app_id = $1 and user_id = $2")
                .execute(Tuple.of(appId, userId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /** @return whether there was such a user */
    public Uni<Boolean> delete(String appId, String userId) {
        return pool.preparedQuery("delete from template.app_user where app_id = $1 and user_id = $2")
                .execute(Tuple.of(appId, userId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The properties, as smart text reads them, of those of these users the app has. */
    public Uni<Map<String, Map<String, String>>> properties(String appId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("select user_id, properties::text from template.app_user where app_id = $1 and user_id = any($2)")
                .execute(Tuple.of(appId, userIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Map<String, String>> out = new HashMap<>();
                    for (Row r : rows) {
                        out.put(r.getString(0), Properties.asText(r.getString(1)));
                    }
                    return out;
                });
    }
}
