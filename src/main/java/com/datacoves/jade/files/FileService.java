package com.datacoves.jade.files;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.NotFoundException;
import com.datacoves.jade.common.TextInput;
import com.datacoves.jade.common.UnprocessableException;
import com.datacoves.jade.datacoves.EnvironmentRepository;
import com.datacoves.jade.discovery.DiscoveryExtractor;
import com.datacoves.jade.storage.ObjectInfo;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.storage.StorageKey;
import com.datacoves.jade.storage.StoredObject;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Environment files (Jade's FileRepo): bytes in object storage, metadata in {@code environment_files}.
 *
 * <p>Keys are {@code environments/{env}/files/{uuid}/{filename}} built with {@link StorageKey#of} (every part
 * sanitised), {@code uuid} fresh for every stored object: the tag is not part of the key, so a file's bytes are
 * stored as they arrive even when its tag comes later in the form, and a new upload with the same tag and filename
 * never overwrites an older row's bytes (the Elixir Jade's {@code …/{tag}/{filename}} did; imported rows keep their
 * keys). Each upload streams from the request body to storage while SHA-256 is computed ({@link #store}); rows are
 * written only after every object of the request is stored, in one transaction, so an upload is all or nothing
 * (stored objects are deleted when a later part, a check or the insert fails). Answers read the contents back from
 * storage.
 */
@Singleton
public class FileService {

    private static final Logger LOG = LoggerFactory.getLogger(FileService.class);
    private static final int MAX_NAME = 255;

    private final FileRepository files;
    private final ObjectStorage storage;
    private final DiscoveryExtractor discovery;
    private final EnvironmentRepository environments;

    /** Files' rows in {@code files} (Jade's database), their bytes in {@code storage}. */
    public FileService(FileRepository files, ObjectStorage storage, DiscoveryExtractor discovery,
                       EnvironmentRepository environments) {
        this.files = files;
        this.storage = storage;
        this.discovery = discovery;
        this.environments = environments;
    }

    /**
     * Hands a stored run artifact ({@code <run_id>-run_results}, {@code -catalog}, {@code -sources}) to the Discovery
     * API's extraction, in the background; other files are not read. Never fails the upload.
     */
    private void extract(FileRow row) {
        if (DiscoveryExtractor.splitTag(row.tag()) == null) {
            return;
        }
        try {
            environments.findBySlug(row.environmentSlug()).ifPresent(env ->
                    discovery.fileStoredLater(env.id(), row.tag(), () -> open(row).content()));
        } catch (RuntimeException e) {
            LOG.warn("discovery: not extracting {} of {}: {}", row.tag(), row.environmentSlug(), e.toString());
        }
    }

    /**
     * The bytes of one uploaded file, stored under a fresh key, not yet recorded in a row.
     *
     * @param key         where the bytes are
     * @param filename    the file name the client sent (at most 255 characters)
     * @param contentType the part's {@code Content-Type}, or null
     * @param size        bytes stored
     * @param sha256      hex SHA-256 of the bytes
     */
    public record StoredFile(StorageKey key, String filename, @Nullable String contentType, long size,
                             String sha256) {
    }

    /**
     * One file of an upload: its tag and its stored bytes.
     *
     * @param tag  the caller's tag (required, at most 255 characters)
     * @param file the stored bytes
     */
    public record NewFile(String tag, StoredFile file) {
    }

    /**
     * Streams one uploaded file to storage under a fresh key, computing its SHA-256; the stream is read to its end.
     *
     * @param filename    the part's file name
     * @param contentType the part's {@code Content-Type}, or null
     * @throws JadeException 422 when the file name is blank or longer than 255 characters, 400 when it or the content
     *                       type holds a NUL (nothing stored)
     * @throws com.datacoves.jade.storage.StorageException when the store fails (nothing left behind)
     */
    public StoredFile store(String environmentSlug, @Nullable String filename, @Nullable String contentType,
                            InputStream content) {
        if (filename == null || filename.isBlank()) {
            throw new UnprocessableException("filename can't be blank");
        }
        TextInput.check("filename", filename, Integer.MAX_VALUE);
        if (filename.length() > MAX_NAME) {
            throw new UnprocessableException("tag and filename must be at most " + MAX_NAME + " characters");
        }
        if (contentType != null) {
            TextInput.name("Content-Type of the file", contentType);
        }
        StorageKey key = StorageKey.of("environments", environmentSlug, "files", UUID.randomUUID().toString(),
                filename);
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(content, sha)) {
            ObjectInfo info = storage.put(key, in, -1, contentType);
            return new StoredFile(key, filename, contentType, info.sizeBytes(), HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            deleteQuietly(key);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(key);
            throw e;
        }
    }

    /**
     * The contents of just-stored bytes for the upload's answer, read back from storage <em>before</em> the upload is
     * recorded: a store that fails at that moment refuses the upload (503, nothing recorded) rather than answering 503
     * for an upload that was recorded, whose retry would then meet its own tag. Above
     * {@link FileContents#INLINE_MAX_BYTES} an empty binary placeholder (not inlined).
     *
     * @throws com.datacoves.jade.storage.StorageException when the store cannot be read
     */
    public FileContents answerContents(StoredFile file) {
        return inline(file.size(), file.key().value(), () -> storage.get(file.key()).orElseThrow(() ->
                new com.datacoves.jade.storage.StorageException("stored " + file.key().value()
                        + " is not readable back", null)))
                .orElseGet(() -> new FileContents(new byte[0], FileContents.Kind.BINARY));
    }

    /**
     * Stored bytes as {@link FileContents}, or empty when they are larger than {@link FileContents#INLINE_MAX_BYTES}
     * (by the recorded size, or found so while reading).
     *
     * @param sizeBytes the recorded size
     * @param name      the storage key, for the error
     * @param opener    opens the object (throws when it is missing)
     * @throws com.datacoves.jade.storage.StorageException when reading fails
     */
    private static Optional<FileContents> inline(long sizeBytes, String name, Supplier<StoredObject> opener) {
        if (sizeBytes > FileContents.INLINE_MAX_BYTES) {
            return Optional.empty();
        }
        try (StoredObject o = opener.get()) {
            return Optional.ofNullable(FileContents.read(o.content(), FileContents.INLINE_MAX_BYTES));
        } catch (IOException e) {
            throw new com.datacoves.jade.storage.StorageException("reading " + name + " failed", e);
        }
    }

    /** Removes stored bytes that will not be recorded (an upload refused after its files were stored). */
    public void discard(StoredFile file) {
        deleteQuietly(file.key());
    }

    /**
     * Records stored files as new rows in one transaction; all or nothing.
     *
     * @return the rows, in the order given
     * @throws JadeException 422 when a tag is missing or too long; nothing is recorded and the caller discards the
     *                       stored files
     */
    public List<FileRow> create(String environmentSlug, List<NewFile> newFiles) {
        newFiles.forEach(f -> validateTag(f.tag()));
        List<FileRow> created = files.inTransaction(h -> {
            List<FileRow> rows = new ArrayList<>();
            for (NewFile f : newFiles) {
                StoredFile s = f.file();
                rows.add(files.insert(h, UUID.randomUUID(), environmentSlug, f.tag(), s.filename(), s.key().value(),
                        s.size(), s.sha256(), s.contentType()));
            }
            return rows;
        });
        created.forEach(this::extract);
        return created;
    }

    /**
     * The newest file matching the selector in the environment.
     *
     * @throws JadeException 404 {@code Not Found} when none
     */
    public FileRow find(String environmentSlug, FileSelector selector) {
        Optional<FileRow> row = switch (selector.kind()) {
            case SLUG -> files.findBySlug(environmentSlug, UUID.fromString(selector.value()));
            case TAG -> files.findNewestByTag(environmentSlug, selector.value());
            case FILENAME -> files.findNewestByFilename(environmentSlug, selector.value());
        };
        return row.orElseThrow(NotFoundException::new);
    }

    /**
     * Points the selected file at newly stored bytes (and gives it {@code newTag} when given); the old object is
     * deleted after the row points at the new one.
     *
     * @throws JadeException 404 when no file matches, 422 for a bad tag; the caller then discards {@code file}
     */
    public FileRow replace(String environmentSlug, FileSelector selector, StoredFile file, @Nullable String newTag) {
        FileRow old = find(environmentSlug, selector);
        String tag = newTag == null ? old.tag() : newTag;
        validateTag(tag);
        FileRow updated = files.update(old.id(), tag, file.filename(), file.key().value(), file.size(), file.sha256(),
                file.contentType());
        deleteQuietly(StorageKey.of(old.storageKey().split("/")));
        extract(updated);
        return updated;
    }

    /**
     * Deletes the selected file's object, then its row (Jade's order: a failing store leaves both in place).
     *
     * @throws JadeException 404 when no file matches
     */
    public void delete(String environmentSlug, FileSelector selector) {
        FileRow row = find(environmentSlug, selector);
        storage.delete(keyOf(row));
        files.deleteById(row.id());
    }

    /** Every file with that tag in the environment, newest first (for the dbt Cloud artifact routes). */
    public List<FileRow> listByTag(String environmentSlug, String tag) {
        return files.findAllByTag(environmentSlug, tag);
    }

    /** Every file whose tag starts with {@code prefix}, newest first (a run's files: {@code <run_id>-}). */
    public List<FileRow> listByTagPrefix(String environmentSlug, String prefix) {
        return files.findAllByTagPrefix(environmentSlug, prefix);
    }

    /** The newest file with that tag in the environment, if any (for the dbt Cloud artifact routes). */
    public Optional<FileRow> newestByTag(String environmentSlug, String tag) {
        return files.findNewestByTag(environmentSlug, tag);
    }

    /**
     * Opens the file's bytes; the caller closes the stream.
     *
     * @throws JadeException 404 when the object is missing from storage
     */
    public StoredObject open(FileRow row) {
        return storage.get(keyOf(row)).orElseThrow(() -> new NotFoundException("File found but could not download contents from storage bucket."));
    }

    /**
     * The file's contents for a JSON answer.
     *
     * @throws JadeException 422 when the file is larger than {@link FileContents#INLINE_MAX_BYTES}
     */
    public FileContents contents(FileRow row) {
        return inline(row.sizeBytes(), row.storageKey(), () -> open(row)).orElseThrow(() -> tooLargeInline(row));
    }

    private static JadeException tooLargeInline(FileRow row) {
        return new UnprocessableException("File is larger than " + FileContents.INLINE_MAX_BYTES
                + " bytes; download it from /api/v2/datacoves/environments/" + row.environmentSlug()
                + "/files/raw?slug=" + row.slug());
    }

    private static void validateTag(@Nullable String tag) {
        if (tag == null || tag.isBlank()) {
            throw new UnprocessableException("tag can't be blank");
        }
        TextInput.check("tag", tag, Integer.MAX_VALUE); // the length rule below is a 422, as the original Jade
        if (tag.length() > MAX_NAME) {
            throw new UnprocessableException("tag and filename must be at most " + MAX_NAME + " characters");
        }
    }

    private static StorageKey keyOf(FileRow row) {
        return StorageKey.of(row.storageKey().split("/"));
    }

    private void deleteQuietly(StorageKey key) {
        try {
            storage.delete(key);
        } catch (RuntimeException e) {
            LOG.warn("could not remove object {}: {}", key, e.getMessage());
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
