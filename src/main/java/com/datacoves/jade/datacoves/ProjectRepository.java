package com.datacoves.jade.datacoves;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Reads Datacoves' {@code projects_project} with its repository (read-only). */
@Singleton
public class ProjectRepository {

    private static final String SELECT = """
            SELECT p.id, p.account_id, p.name, p.slug, p.release_branch, p.repository_id,
                   r.git_url AS repository_git_url, r.url AS repository_url, r.provider AS repository_provider,
                   p.created_at, p.updated_at
            FROM projects_project p JOIN projects_repository r ON r.id = p.repository_id""";

    private static final RowMapper<ProjectRow> ROW = (rs, ctx) -> new ProjectRow(rs.getLong("id"),
            rs.getLong("account_id"), rs.getString("name"), rs.getString("slug"), rs.getString("release_branch"),
            rs.getLong("repository_id"), rs.getString("repository_git_url"), rs.getString("repository_url"),
            rs.getString("repository_provider"), rs.getObject("created_at", OffsetDateTime.class),
            rs.getObject("updated_at", OffsetDateTime.class));

    private final Jdbi datacoves;

    /** Uses Datacoves' database. */
    public ProjectRepository(@Named("datacoves") Jdbi datacoves) {
        this.datacoves = datacoves;
    }

    /** The account's projects, by id. */
    public List<ProjectRow> findByAccount(long accountId) {
        return datacoves.withHandle(h -> h.createQuery(SELECT + " WHERE p.account_id = ? ORDER BY p.id")
                .bind(0, accountId).map(ROW).list());
    }

    /** The project with that id, whatever its account (callers check the scope). */
    public Optional<ProjectRow> findById(long id) {
        return datacoves.withHandle(h -> h.createQuery(SELECT + " WHERE p.id = ?").bind(0, id).map(ROW).findOne());
    }

    /** The project with that slug, whatever its account (callers check the scope). */
    public Optional<ProjectRow> findBySlug(String slug) {
        return datacoves.withHandle(h -> h.createQuery(SELECT + " WHERE p.slug = ?").bind(0, slug).map(ROW)
                .findOne());
    }
}
