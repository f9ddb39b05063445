package com.datacoves.jade.files;

import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;

import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Jade's {@code environment_files} table (Jdbi {@code jade}, the read-write pool {@code default}). "Newest" is by
 * {@code inserted_at}, then id, as Jade's {@code ORDER BY inserted_at DESC LIMIT 1}. Every method is one statement;
 * {@link #insert(Handle, UUID, String, String, String, String, long, String, String)} runs in a caller's transaction.
 * Database failures surface as Jdbi's {@link org.jdbi.v3.core.JdbiException}.
 */
@Singleton
public class FileRepository {

    /** Columns of {@link FileRow}. */
    public static final String COLUMNS = "id, slug, environment_slug, tag, filename, storage_key, size_bytes, sha256, "
            + "content_type, inserted_at, updated_at";

    private static final String NEWEST_FIRST = " ORDER BY inserted_at DESC, id DESC";

    private static final RowMapper<FileRow> ROW = (rs, ctx) -> new FileRow(rs.getLong("id"),
            rs.getObject("slug", UUID.class), rs.getString("environment_slug"), rs.getString("tag"),
            rs.getString("filename"), rs.getString("storage_key"), rs.getLong("size_bytes"), rs.getString("sha256"),
            rs.getString("content_type"), rs.getObject("inserted_at", OffsetDateTime.class),
            rs.getObject("updated_at", OffsetDateTime.class));

    private final Jdbi jade;

    /** Uses Jade's database. */
    public FileRepository(@Named("jade") Jdbi jade) {
        this.jade = jade;
    }

    /**
     * Inserts a row (in its own transaction) and returns it with id and timestamps.
     *
     * @param sizeBytes   size in bytes
     * @param sha256      SHA-256 of the bytes, lower-case hex
     * @param contentType MIME type, or null
     */
    public FileRow insert(UUID slug, String environmentSlug, String tag, String filename, String storageKey,
                          long sizeBytes, String sha256, String contentType) {
        return jade.withHandle(h -> insert(h, slug, environmentSlug, tag, filename, storageKey, sizeBytes, sha256,
                contentType));
    }

    /**
     * {@link #insert(UUID, String, String, String, String, long, String, String)} on the caller's handle (so several
     * inserts commit together in the caller's transaction).
     */
    FileRow insert(Handle h, UUID slug, String environmentSlug, String tag, String filename, String storageKey,
                   long sizeBytes, String sha256, String contentType) {
        return h.createQuery("""
                        INSERT INTO environment_files (slug, environment_slug, tag, filename, storage_key, size_bytes,
                                                       sha256, content_type)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        RETURNING\s""" + COLUMNS)
                .bind(0, slug).bind(1, environmentSlug).bind(2, tag).bind(3, filename).bind(4, storageKey)
                .bind(5, sizeBytes).bind(6, sha256).bindBySqlType(7, contentType, Types.VARCHAR)
                .map(ROW).one();
    }

    /**
     * Points a row at new contents (and possibly a new tag); returns the updated row.
     *
     * @throws IllegalStateException when no row has that id
     */
    public FileRow update(long id, String tag, String filename, String storageKey, long sizeBytes, String sha256,
                          String contentType) {
        return jade.withHandle(h -> h.createQuery("""
                        UPDATE environment_files SET tag = ?, filename = ?, storage_key = ?,
                               size_bytes = ?, sha256 = ?, content_type = ?, updated_at = now()
                        WHERE id = ? RETURNING\s""" + COLUMNS)
                .bind(0, tag).bind(1, filename).bind(2, storageKey).bind(3, sizeBytes).bind(4, sha256)
                .bindBySqlType(5, contentType, Types.VARCHAR).bind(6, id)
                .map(ROW).one());
    }

    /** The file with that slug in the environment. */
    public Optional<FileRow> findBySlug(String environmentSlug, UUID slug) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM environment_files WHERE environment_slug = ? AND slug = ?")
                .bind(0, environmentSlug).bind(1, slug).map(ROW).findOne());
    }

    /** The newest file with that tag in the environment. */
    public Optional<FileRow> findNewestByTag(String environmentSlug, String tag) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM environment_files WHERE environment_slug = ? AND tag = ?" + NEWEST_FIRST + " LIMIT 1")
                .bind(0, environmentSlug).bind(1, tag).map(ROW).findOne());
    }

    /** The newest file with that filename in the environment. */
    public Optional<FileRow> findNewestByFilename(String environmentSlug, String filename) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM environment_files WHERE environment_slug = ? AND filename = ?" + NEWEST_FIRST
                        + " LIMIT 1")
                .bind(0, environmentSlug).bind(1, filename).map(ROW).findOne());
    }

    /** Every file with that tag in the environment, newest first. */
    public List<FileRow> findAllByTag(String environmentSlug, String tag) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM environment_files WHERE environment_slug = ? AND tag = ?" + NEWEST_FIRST)
                .bind(0, environmentSlug).bind(1, tag).map(ROW).list());
    }

    /** Every file whose tag starts with {@code prefix} (taken literally, not as a pattern), newest first. */
    public List<FileRow> findAllByTagPrefix(String environmentSlug, String prefix) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM environment_files WHERE environment_slug = ? AND starts_with(tag, ?)" + NEWEST_FIRST)
                .bind(0, environmentSlug).bind(1, prefix).map(ROW).list());
    }

    /** Every file of the environment, newest first. */
    public List<FileRow> findAllInEnvironment(String environmentSlug) {
        return jade.withHandle(h -> h.createQuery("SELECT " + COLUMNS
                        + " FROM environment_files WHERE environment_slug = ?" + NEWEST_FIRST)
                .bind(0, environmentSlug).map(ROW).list());
    }

    /** Deletes one row; returns 0 or 1. */
    public int deleteById(long id) {
        return jade.withHandle(h -> h.createUpdate("DELETE FROM environment_files WHERE id = ?").bind(0, id)
                .execute());
    }

    /**
     * Runs {@code work} in one transaction of Jade's database: committed when it returns, rolled back when it throws.
     *
     * @return what {@code work} returns
     */
    <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
        return jade.inTransaction(work);
    }
}
