package com.datacoves.jade.files;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Jade's {@code environment_files} table (pool {@code default}). "Newest" is by {@code inserted_at}, then id, as
 * Jade's {@code ORDER BY inserted_at DESC LIMIT 1}.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface FileRepository extends GenericRepository<FileRow, Long> {

    /** Columns of {@link FileRow}. */
    String COLUMNS = "id, slug, environment_slug, tag, filename, storage_key, size_bytes, sha256, content_type, "
            + "inserted_at, updated_at";

    /** Inserts a row and returns it with id and timestamps. */
    @Query("""
            INSERT INTO environment_files (slug, environment_slug, tag, filename, storage_key, size_bytes, sha256,
                                           content_type)
            VALUES (:slug, :environmentSlug, :tag, :filename, :storageKey, :sizeBytes, :sha256, :contentType)
            RETURNING """ + " " + COLUMNS)
    FileRow insert(UUID slug, String environmentSlug, String tag, String filename, String storageKey, long sizeBytes,
                   String sha256, String contentType);

    /** Points a row at new contents (and possibly a new tag); returns the updated row. */
    @Query("""
            UPDATE environment_files SET tag = :tag, filename = :filename, storage_key = :storageKey,
                   size_bytes = :sizeBytes, sha256 = :sha256, content_type = :contentType, updated_at = now()
            WHERE id = :id RETURNING """ + " " + COLUMNS)
    FileRow update(long id, String tag, String filename, String storageKey, long sizeBytes, String sha256,
                   String contentType);

    /** The file with that slug in the environment. */
    @Query("SELECT " + COLUMNS + " FROM environment_files WHERE environment_slug = :environmentSlug AND slug = :slug")
    Optional<FileRow> findBySlug(String environmentSlug, UUID slug);

    /** The newest file with that tag in the environment. */
    @Query("SELECT " + COLUMNS + " FROM environment_files WHERE environment_slug = :environmentSlug AND tag = :tag"
            + " ORDER BY inserted_at DESC, id DESC LIMIT 1")
    Optional<FileRow> findNewestByTag(String environmentSlug, String tag);

    /** The newest file with that filename in the environment. */
    @Query("SELECT " + COLUMNS + " FROM environment_files WHERE environment_slug = :environmentSlug"
            + " AND filename = :filename ORDER BY inserted_at DESC, id DESC LIMIT 1")
    Optional<FileRow> findNewestByFilename(String environmentSlug, String filename);

    /** Every file with that tag in the environment, newest first. */
    @Query("SELECT " + COLUMNS + " FROM environment_files WHERE environment_slug = :environmentSlug AND tag = :tag"
            + " ORDER BY inserted_at DESC, id DESC")
    List<FileRow> findAllByTag(String environmentSlug, String tag);

    /** Every file whose tag starts with {@code prefix} (taken literally, not as a pattern), newest first. */
    @Query("SELECT " + COLUMNS + " FROM environment_files WHERE environment_slug = :environmentSlug"
            + " AND starts_with(tag, :prefix) ORDER BY inserted_at DESC, id DESC")
    List<FileRow> findAllByTagPrefix(String environmentSlug, String prefix);

    /** Every file of the environment, newest first. */
    @Query("SELECT " + COLUMNS + " FROM environment_files WHERE environment_slug = :environmentSlug"
            + " ORDER BY inserted_at DESC, id DESC")
    List<FileRow> findAllInEnvironment(String environmentSlug);

    /** Deletes one row; returns 0 or 1. */
    @Query("DELETE FROM environment_files WHERE id = :id")
    int deleteById(long id);
}
