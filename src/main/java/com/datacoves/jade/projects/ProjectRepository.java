package com.datacoves.jade.projects;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.Optional;

/** Reads projects from the Datacoves database, always scoped to an account where the caller has one. */
@JdbcRepository(dataSource = "datacoves", dialect = Dialect.POSTGRES)
public interface ProjectRepository extends GenericRepository<ProjectRow, Long> {

    String SELECT = """
            SELECT p.id, p.account_id, p.name, p.slug, p.release_branch, p.repository_id,
                   r.git_url AS repository_git_url, r.url AS repository_url, r.provider AS repository_provider,
                   p.created_at, p.updated_at
            FROM projects_project p LEFT JOIN projects_repository r ON r.id = p.repository_id
            """;

    /** The account's projects, by id. */
    @Query(SELECT + " WHERE p.account_id = :accountId ORDER BY p.id")
    List<ProjectRow> findByAccount(long accountId);

    /** The project with that id if it belongs to the account. */
    @Query(SELECT + " WHERE p.account_id = :accountId AND p.id = :id")
    Optional<ProjectRow> findInAccount(long accountId, long id);

    /** The project with that slug, whatever its account (callers check the account). */
    @Query(SELECT + " WHERE p.slug = :slug")
    Optional<ProjectRow> findBySlug(String slug);
}
