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
import io.micronaut.http.HttpStatus;
import io.micronaut.http.multipart.CompletedFileUpload;
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

/**
 * Environment files (Jade's FileRepo): bytes in object storage, metadata in {@code environment_files}.
 *
 * <p>Keys are {@code environments/{env}/files/{tag}/{uuid}/{filename}} built with {@link StorageKey#of} (every
 * part sanitised), where {@code uuid} is the file's slug on creation and a fresh UUID for each replacement. Unlike
 * Jade's {@code …/{tag}/{filename}}, a new upload with the same tag and filename thus never overwrites an older row's
 * bytes. Rows are written only after their objects are
 * stored; a multi-file upload is all or nothing (objects already stored are deleted when a later part or the insert
 * fails). Uploads stream from the server's spooled parts to storage while SHA-256 is computed; a part's stream can be
 * read only once (Micronaut releases it), so answers read the contents back from storage.
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
     * One file of an upload.
     *
     * @param tag    the caller's tag (required, at most 255 characters)
     * @param upload the completed file part (its filename is required)
     */
    public record NewFile(String tag, CompletedFileUpload upload) {
    }

    private record Stored(StorageKey key, UUID slug, long size, String sha256) {
    }

    /**
     * Stores every file, then inserts every row in one transaction; all or nothing.
     *
     * @return the rows, in the order given
     * @throws JadeException 422 when a tag or filename is missing or too long (nothing stored)
     * @throws com.datacoves.jade.storage.StorageException when the store fails (nothing left behind)
     */
    public List<FileRow> create(String environmentSlug, List<NewFile> newFiles) {
        newFiles.forEach(FileService::validate);
        List<Stored> stored = new ArrayList<>();
        try {
            for (NewFile f : newFiles) {
                UUID slug = UUID.randomUUID();
                stored.add(store(key(environmentSlug, f.tag(), slug, f.upload().getFilename()), slug, f.upload()));
            }
            List<FileRow> created = files.inTransaction(h -> {
                List<FileRow> rows = new ArrayList<>();
                for (int i = 0; i < newFiles.size(); i++) {
                    NewFile f = newFiles.get(i);
                    Stored s = stored.get(i);
                    rows.add(files.insert(h, s.slug(), environmentSlug, f.tag(), f.upload().getFilename(),
                            s.key().value(), s.size(), s.sha256(), contentType(f.upload())));
                }
                return rows;
            });
            created.forEach(this::extract);
            return created;
        } catch (RuntimeException e) {
            LOG.warn("Creating {} file(s) in {} failed, removing stored objects: {}", newFiles.size(),
                    environmentSlug, e.toString());
            stored.forEach(s -> deleteQuietly(s.key()));
            throw e;
        }
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
     * Replaces the selected file's contents (and its tag when {@code newTag} is given); the old object is deleted
     * after the row points at the new one.
     *
     * @throws JadeException 404 when no file matches, 422 for a bad tag or filename
     */
    public FileRow replace(String environmentSlug, FileSelector selector, CompletedFileUpload upload, String newTag) {
        FileRow old = find(environmentSlug, selector);
        String tag = newTag == null ? old.tag() : newTag;
        validate(new NewFile(tag, upload));
        Stored s = store(key(environmentSlug, tag, UUID.randomUUID(), upload.getFilename()), old.slug(), upload);
        FileRow updated;
        try {
            updated = files.update(old.id(), tag, upload.getFilename(), s.key().value(), s.size(), s.sha256(),
                    contentType(upload));
        } catch (RuntimeException e) {
            deleteQuietly(s.key());
            throw e;
        }
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
        if (row.sizeBytes() > FileContents.INLINE_MAX_BYTES) {
            throw tooLargeInline(row);
        }
        try (StoredObject o = open(row)) {
            FileContents c = FileContents.read(o.content(), FileContents.INLINE_MAX_BYTES);
            if (c == null) {
                throw tooLargeInline(row);
            }
            return c;
        } catch (IOException e) {
            throw new com.datacoves.jade.storage.StorageException("reading " + row.storageKey() + " failed", e);
        }
    }

    private static JadeException tooLargeInline(FileRow row) {
        return new UnprocessableException("File is larger than " + FileContents.INLINE_MAX_BYTES
                + " bytes; download it from /api/v2/datacoves/environments/" + row.environmentSlug()
                + "/files/raw?slug=" + row.slug());
    }

    private static void validate(NewFile f) {
        if (f.tag() == null || f.tag().isBlank()) {
            throw new UnprocessableException("tag can't be blank");
        }
        if (f.upload() == null) {
            throw new UnprocessableException("file can't be blank");
        }
        String name = f.upload().getFilename();
        if (name == null || name.isBlank()) {
            throw new UnprocessableException("filename can't be blank");
        }
        TextInput.check("tag", f.tag(), Integer.MAX_VALUE); // the length rule below is a 422, as the original Jade
        TextInput.check("filename", name, Integer.MAX_VALUE);
        f.upload().getContentType().ifPresent(t -> TextInput.name("Content-Type of the file", t.toString()));
        if (f.tag().length() > MAX_NAME || name.length() > MAX_NAME) {
            throw new UnprocessableException("tag and filename must be at most " + MAX_NAME + " characters");
        }
    }

    private static StorageKey key(String environmentSlug, String tag, UUID slug, String filename) {
        return StorageKey.of("environments", environmentSlug, "files", tag, slug.toString(), filename);
    }

    private static StorageKey keyOf(FileRow row) {
        return StorageKey.of(row.storageKey().split("/"));
    }

    private static String contentType(CompletedFileUpload upload) {
        return upload.getContentType().map(Object::toString).orElse(null);
    }

    private Stored store(StorageKey key, UUID slug, CompletedFileUpload upload) {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(upload.getInputStream(), sha)) {
            ObjectInfo info = storage.put(key, in, upload.getSize(), contentType(upload));
            return new Stored(key, slug, info.sizeBytes(), HexFormat.of().formatHex(sha.digest()));
        } catch (IOException e) {
            deleteQuietly(key);
            throw new UncheckedIOException(e);
        }
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
