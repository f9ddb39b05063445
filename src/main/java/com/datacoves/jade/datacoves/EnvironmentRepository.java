package com.datacoves.jade.datacoves;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Reads Datacoves' {@code projects_environment} with its project's account and its release (read-only). */
@Singleton
public class EnvironmentRepository {

    /** Datacoves deploys an environment's Airflow when its service is both enabled and valid. */
    static final String AIRFLOW_DEPLOYED = "COALESCE((e.services->'airflow'->>'enabled')::boolean, false) "
            + "AND COALESCE((e.services->'airflow'->>'valid')::boolean, false)";

    private static final String SELECT = """
            SELECT e.id, e.project_id, p.account_id, e.name, e.slug, e.type, e.dbt_home_path,
                   r.dbt_version, %s AS airflow_enabled, e.airflow_config, a.deactivated_at IS NULL AS account_active,
                   e.created_at, e.updated_at
            FROM projects_environment e
            JOIN projects_project p ON p.id = e.project_id
            JOIN users_account a ON a.id = p.account_id
            JOIN projects_release r ON r.id = e.release_id""".formatted(AIRFLOW_DEPLOYED);

    private static final RowMapper<EnvironmentRow> ROW = (rs, ctx) -> new EnvironmentRow(rs.getLong("id"),
            rs.getLong("project_id"), rs.getLong("account_id"), rs.getString("name"), rs.getString("slug"),
            rs.getString("type"), rs.getString("dbt_home_path"), rs.getString("dbt_version"),
            rs.getBoolean("airflow_enabled"), rs.getBytes("airflow_config"), rs.getBoolean("account_active"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));

    private final Jdbi datacoves;

    /** Uses Datacoves' database. */
    public EnvironmentRepository(@Named("datacoves") Jdbi datacoves) {
        this.datacoves = datacoves;
    }

    /** Every environment of the account, by id. */
    public List<EnvironmentRow> findByAccount(long accountId) {
        return datacoves.withHandle(h -> h.createQuery(SELECT + " WHERE p.account_id = ? ORDER BY e.id")
                .bind(0, accountId).map(ROW).list());
    }

    /** Every environment, by id. */
    public List<EnvironmentRow> findAll() {
        return datacoves.withHandle(h -> h.createQuery(SELECT + " ORDER BY e.id").map(ROW).list());
    }

    /** The environment with that id, whatever its account (callers check the scope). */
    public Optional<EnvironmentRow> findById(long id) {
        return datacoves.withHandle(h -> h.createQuery(SELECT + " WHERE e.id = ?").bind(0, id).map(ROW).findOne());
    }

    /** The environment with that slug, whatever its account (callers check the scope). */
    public Optional<EnvironmentRow> findBySlug(String slug) {
        return datacoves.withHandle(h -> h.createQuery(SELECT + " WHERE e.slug = ?").bind(0, slug).map(ROW)
                .findOne());
    }
}
