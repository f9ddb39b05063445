package com.datacoves.jade.environments;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.Optional;

/** Reads environments from the Datacoves database, with their project's account and release's dbt version. */
@JdbcRepository(dataSource = "datacoves", dialect = Dialect.POSTGRES)
public interface EnvironmentRepository extends GenericRepository<EnvironmentRow, Long> {

    String SELECT = """
            SELECT e.id, e.project_id, p.account_id, e.name, e.slug, e.type, e.dbt_home_path,
                   r.dbt_version AS dbt_version, COALESCE((e.services->'airflow'->>'enabled')::boolean, false) AS airflow_enabled, e.airflow_config,
                   e.created_at, e.updated_at
            FROM projects_environment e
            JOIN projects_project p ON p.id = e.project_id
            LEFT JOIN projects_release r ON r.id = e.release_id
            """;

    /** Every environment of the account, by id. */
    @Query(SELECT + " WHERE p.account_id = :accountId ORDER BY e.id")
    List<EnvironmentRow> findByAccount(long accountId);

    /** Every environment of every account, by id (health checks, index refresh). */
    @Query(SELECT + " ORDER BY e.id")
    List<EnvironmentRow> findAll();

    /** The environment with that id if it belongs to the account. */
    @Query(SELECT + " WHERE p.account_id = :accountId AND e.id = :id")
    Optional<EnvironmentRow> findInAccount(long accountId, long id);

    /** The environment with that slug, whatever its account (callers check the account). */
    @Query(SELECT + " WHERE e.slug = :slug")
    Optional<EnvironmentRow> findBySlug(String slug);
}
