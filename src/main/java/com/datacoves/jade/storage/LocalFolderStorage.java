package com.datacoves.jade.storage;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Objects as files under one root folder ({@code STORAGE_ADAPTER=local}, the default): key {@code a/b/c.json} is
 * the file {@code <root>/a/b/c.json}.
 *
 * <p>A put writes a temporary file next to its target, named with a {@code ~} (a character {@link StorageKey} never
 * produces, so no key can name it), forces it to disk (fsync), renames it over the target atomically and forces the
 * folder, so readers see the old object or the new one, never half of one, and a stored object survives a crash or
 * power loss. Large puts are flushed in the background as they are written (see {@code writeDurably}). Every key is
 * resolved against the root and refused unless it stays under it.
 * Content types are not recorded ({@link ObjectInfo#contentType()} is null). A key cannot be both an object and a
 * folder of other objects ({@code a} and {@code a/b}): the second put fails with a {@link StorageException}.
 */
@Singleton
@Requires(property = "jade.storage.adapter", value = "local", defaultValue = "local")
public class LocalFolderStorage implements ObjectStorage {

    /** Marks temporary files; never produced by {@link StorageKey#sanitise(String)}. */
    static final String TEMP_MARK = "~";
    /** Bytes copied per write into the temporary file. */
    static final int WRITE_CHUNK = 256 * 1024;
    /** Bytes written between two background flushes of a put's temporary file. */
    static final long FLUSH_EVERY = 32L * 1024 * 1024;

    private final Path root;
    private final Executor flusher;

    /**
     * @param config  the root folder; it is created on the first write or by {@link #checkWritable()}
     * @param flusher runs the background flushes of large puts (Micronaut's I/O pool)
     */
    public LocalFolderStorage(LocalStorageConfig config, @Named(TaskExecutors.IO) Executor flusher) {
        String path = StorageFailures.require(config.path(), "jade.storage.local.path (LOCAL_STORAGE_PATH)");
        this.root = Path.of(path).toAbsolutePath().normalize();
        this.flusher = flusher;
    }

    /** The absolute, normalised root folder. */
    public Path root() {
        return root;
    }

    @Override
    public ObjectInfo put(StorageKey key, InputStream content, long length, String contentType) {
        Path target = resolve(key.value());
        Path temp = target.resolveSibling(target.getFileName() + TEMP_MARK + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(target.getParent());
            long copied = writeDurably(content, temp);
            if (length >= 0 && copied != length) {
                throw new StorageException("storage: object '" + key + "' was announced as " + length
                        + " bytes but the stream held " + copied);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncFolder(target.getParent());
            return new ObjectInfo(key.value(), copied, null);
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException("storage: cannot write object '" + key + "' under " + root + ": "
                    + StorageFailures.rootMessage(e), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    /**
     * Copies {@code content} into the new file {@code temp} in chunks of {@link #WRITE_CHUNK} bytes and forces it to
     * the device (fsync) before returning, so that the rename that follows publishes bytes that are on disk. Every
     * {@link #FLUSH_EVERY} bytes a flush of what was written so far starts in the background (at most one at a time)
     * while the copy goes on, so the final fsync has only the last stretch left to write (a 520 MB manifest: 0.04 s
     * instead of 0.7–0.9 s here) and a large upload does not pile up dirty pages.
     *
     * @return the number of bytes written
     * @throws IOException when reading, writing or any flush fails
     */
    private long writeDurably(InputStream content, Path temp) throws IOException {
        byte[] buffer = new byte[WRITE_CHUNK];
        long copied = 0;
        long unflushed = 0;
        CompletableFuture<Void> flushing = CompletableFuture.completedFuture(null);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            try {
                for (int n; (n = content.read(buffer)) >= 0; ) {
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                    copied += n;
                    unflushed += n;
                    if (unflushed >= FLUSH_EVERY && flushing.isDone()) {
                        checkFlushed(flushing);
                        unflushed = 0;
                        flushing = flushInBackground(out);
                    }
                }
                checkFlushed(flushing);
                out.force(true);
            } finally {
                // the channel closes after the background flush (else the flush fails on a closed channel)
                flushing.exceptionally(e -> null).join();
            }
        }
        return copied;
    }

    /** Starts a flush of {@code out} on the flusher; in this thread when the flusher refuses (shutting down). */
    private CompletableFuture<Void> flushInBackground(FileChannel out) {
        try {
            return CompletableFuture.runAsync(() -> forceData(out), flusher);
        } catch (RejectedExecutionException e) {
            forceData(out);
            return CompletableFuture.completedFuture(null);
        }
    }

    private static void forceData(FileChannel out) {
        try {
            out.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for a background flush and rethrows its failure: Linux reports a write-back error to one fsync only, so
     * the final one may not see it again.
     */
    private static void checkFlushed(CompletableFuture<Void> flushing) throws IOException {
        try {
            flushing.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException("background flush failed: " + cause, cause);
        }
    }

    /**
     * Forces a folder's entries (the rename just made) to the device. Linux allows fsync of a directory opened for
     * reading; where the platform refuses, the rename is left to the file system's own journal.
     */
    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported here (e.g. Windows); the file itself is on disk
        }
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        Path file = resolve(key.value());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                long size = channel.size(); // the size of the very file opened, even if replaced since
                return Optional.of(new StoredObject(new ObjectInfo(key.value(), size, null),
                        Channels.newInputStream(channel), channel));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("storage: cannot read object '" + key + "': " + StorageFailures.rootMessage(e), e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(StorageKey key) {
        Path file = resolve(key.value());
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.isRegularFile()
                    ? Optional.of(new ObjectInfo(key.value(), attributes.size(), null))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageException("storage: cannot stat object '" + key + "': " + StorageFailures.rootMessage(e), e);
        }
    }

    @Override
    public void delete(StorageKey key) {
        Path file = resolve(key.value());
        try {
            if (!Files.isDirectory(file)) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new StorageException("storage: cannot delete object '" + key + "': "
                    + StorageFailures.rootMessage(e), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Walks only the folders under the root (starting at the deepest folder the prefix names, when that is under
     * the root), so a hostile prefix such as {@code ../} lists nothing. Temporary files are skipped.
     */
    @Override
    public List<ObjectInfo> list(String prefix) {
        String p = prefix == null ? "" : prefix;
        Path start = root;
        int slash = p.lastIndexOf('/');
        if (slash > 0) {
            Path candidate = root.resolve(p.substring(0, slash)).normalize();
            if (candidate.startsWith(root)) {
                start = candidate;
            }
        }
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<ObjectInfo> found = new ArrayList<>();
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile() && !file.getFileName().toString().contains(TEMP_MARK)) {
                        String key = root.relativize(file).toString()
                                .replace(file.getFileSystem().getSeparator(), "/");
                        if (key.startsWith(p)) {
                            found.add(new ObjectInfo(key, attributes.size(), null));
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // deleted or renamed while walking
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new StorageException("storage: cannot list '" + p + "' under " + root + ": "
                    + StorageFailures.rootMessage(e), e);
        }
        found.sort(Comparator.comparing(ObjectInfo::key));
        return found;
    }

    /**
     * Creates the root when missing, then writes and deletes a probe file under {@code .jade-probe/}.
     *
     * @throws StorageException e.g. {@code storage: local folder /data/jade is not writable: Permission denied}
     */
    @Override
    public void checkWritable() {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new StorageException("storage: cannot create local folder " + root + ": "
                    + StorageFailures.rootMessage(e), e);
        }
        StorageKey probe = StorageFailures.probeKey();
        try {
            put(probe, InputStream.nullInputStream(), 0, "text/plain");
            delete(probe);
        } catch (StorageException e) {
            throw new StorageException("storage: local folder " + root + " is not writable: "
                    + StorageFailures.rootMessage(e), e);
        }
    }

    /** @throws StorageException when the root folder is missing or is not a folder */
    @Override
    public void checkReachable() {
        if (!Files.isDirectory(root)) {
            throw new StorageException("storage: local folder " + root + " does not exist");
        }
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public String adapterName() {
        return "local";
    }

    /**
     * Resolves a key under the root, refusing anything that would land outside it, on the root itself, or on a
     * temporary file. Package-private so that tests can try raw hostile keys.
     *
     * @throws StorageException when the key is refused
     */
    Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root) || key.contains(TEMP_MARK)) {
            throw new StorageException("storage: key '" + key + "' is outside the storage folder");
        }
        return path;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file is never listed nor readable
        }
    }
}
