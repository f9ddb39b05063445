package com.datacoves.jade.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the local folder adapter can show: no key escapes the root, and no reader sees half an object. */
class LocalFolderStorageTest {

    @TempDir
    Path dir;

    Path root;
    LocalFolderStorage storage;

    @BeforeEach
    void setUp() throws IOException {
        root = dir.resolve("root");
        storage = new LocalFolderStorage(new LocalStorageConfig(root.toString()), ForkJoinPool.commonPool());
        Files.createDirectories(dir.resolve("sibling"));
        Files.writeString(dir.resolve("sibling/secret.txt"), "secret");
        Files.writeString(dir.resolve("outside.txt"), "outside");
    }

    @Test
    void rawHostileKeysAreRefused() {
        for (String raw : List.of("../outside.txt", "../../etc/passwd", "/etc/passwd", "a/../../outside.txt",
                "..", ".", "", "a/..", "../root-x/y", "../sibling/secret.txt", "x~1.tmp")) {
            assertThrows(StorageException.class, () -> storage.resolve(raw), raw);
        }
        assertEquals(root.resolve("a/b.json"), storage.resolve("a/b.json"));
        assertEquals(root.resolve("b.json"), storage.resolve("a/../b.json"), "normalised, still under the root");
    }

    @Test
    void hostilePrefixesListNothingOutsideTheRoot() {
        storage.put(StorageKey.of("in", "a.json"), new ByteArrayInputStream(bytes("in")), -1, null);
        for (String prefix : List.of("../", "../sibling/", "../sibling/secret", "/", "/etc/", "..", "../outside.txt",
                "in/../../")) {
            assertEquals(List.of(), storage.list(prefix), prefix);
        }
        assertEquals(1, storage.list("").size());
    }

    @Test
    void hostileKeyPartsAllLandUnderTheRoot() throws IOException {
        String[] hostile = {"../../etc", "/abs", "a\\b", "x\u0000y", "..", "...", ".", "", "~", "C:\\x", "a/../.."};
        for (String part : hostile) {
            StorageKey k = StorageKey.of("env", part, part);
            storage.put(k, new ByteArrayInputStream(bytes(part)), -1, null);
            Path file = storage.resolve(k.value());
            assertTrue(file.startsWith(root.resolve("env")), file.toString());
            assertArrayEquals(bytes(part), Files.readAllBytes(file));
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertEquals(List.of(dir.resolve("outside.txt"), dir.resolve("sibling/secret.txt")),
                    all.filter(Files::isRegularFile).filter(p -> !p.startsWith(root)).sorted().toList(),
                    "nothing was written outside the root");
        }
        assertEquals("outside", Files.readString(dir.resolve("outside.txt")));
    }

    @Test
    void aReaderNeverSeesAHalfWrittenObject() throws Exception {
        StorageKey k = StorageKey.of("env", "manifest.json");
        byte[] old = bytes("old version");
        storage.put(k, new ByteArrayInputStream(old), old.length, null);

        CountDownLatch halfWay = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        byte[] first = new byte[1024 * 1024];
        byte[] second = new byte[1024 * 1024];
        InputStream slow = new SequenceInputStream(new ByteArrayInputStream(first), new InputStream() {
            private final InputStream rest = new ByteArrayInputStream(second);

            @Override
            public int read() throws IOException {
                halfWay.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return rest.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int one = read();
                if (one < 0) {
                    return -1;
                }
                b[off] = (byte) one;
                return 1 + Math.max(0, rest.read(b, off + 1, len - 1));
            }
        });
        CompletableFuture<ObjectInfo> writer = CompletableFuture.supplyAsync(() -> storage.put(k, slow, -1, null));
        assertTrue(halfWay.await(30, TimeUnit.SECONDS));

        assertEquals(1, tempFiles().size(), "the writer is half way, in a temporary file");
        assertTrue(Files.size(tempFiles().get(0)) >= first.length);
        try (StoredObject o = storage.get(k).orElseThrow()) {
            assertArrayEquals(old, o.content().readAllBytes(), "readers still see the old object");
        }
        assertEquals(List.of(k.value()), storage.list("").stream().map(ObjectInfo::key).toList(),
                "the temporary file is not listed");
        assertEquals(old.length, storage.stat(k).orElseThrow().sizeBytes());

        StoredObject heldOpen = storage.get(k).orElseThrow();
        release.countDown();
        assertEquals(2L * first.length, writer.get(30, TimeUnit.SECONDS).sizeBytes());
        try (heldOpen) {
            assertArrayEquals(old, heldOpen.content().readAllBytes(), "a reader that opened before keeps the old");
        }
        assertEquals(2L * first.length, storage.stat(k).orElseThrow().sizeBytes());
        assertEquals(List.of(), tempFiles());
    }

    /**
     * "Stored" means on disk: the temporary file is forced (fsync) before it is renamed, then its folder (so the
     * rename survives a crash too). Observed through the JDK's own {@code jdk.FileForce} flight-recorder events, which
     * {@link java.nio.channels.FileChannel#force} emits with the file's path.
     */
    @Test
    void aPutForcesTheFileAndItsFolderToDisk() throws IOException {
        StorageKey k = StorageKey.of("env", "durable.json");
        byte[] content = new byte[3 * LocalFolderStorage.WRITE_CHUNK + 17];
        new java.util.Random(5).nextBytes(content);
        List<String> forced;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.FileForce").withThreshold(Duration.ZERO);
            recording.start();
            storage.put(k, new ByteArrayInputStream(content), -1, null);
            recording.stop();
            Path dump = dir.resolve("force.jfr");
            recording.dump(dump);
            forced = RecordingFile.readAllEvents(dump).stream().map(e -> e.getString("path")).toList();
        }
        Path target = root.resolve("env/durable.json");
        assertEquals(2, forced.size(), forced.toString());
        Path first = Path.of(forced.get(0));
        assertEquals(target.getParent(), first.getParent(), forced.toString());
        assertTrue(first.getFileName().toString().startsWith("durable.json" + LocalFolderStorage.TEMP_MARK),
                "the temporary file is forced before the rename: " + forced);
        assertEquals(target.getParent().toString(), forced.get(1), "then the folder holding the new name");
        assertArrayEquals(content, Files.readAllBytes(target));
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void aLargePutIsFlushedInTheBackgroundAsItIsWritten() throws IOException {
        StorageKey k = StorageKey.of("env", "large.json");
        byte[] block = new byte[1024 * 1024];
        new java.util.Random(7).nextBytes(block);
        int blocks = (int) (2 * LocalFolderStorage.FLUSH_EVERY / block.length) + 3;
        List<ByteArrayInputStream> parts = Stream.generate(() -> new ByteArrayInputStream(block)).limit(blocks).toList();
        List<RecordedEvent> forces;
        try (Recording recording = new Recording()) {
            recording.enable("jdk.FileForce").withThreshold(Duration.ZERO);
            recording.start();
            storage.put(k, new SequenceInputStream(Collections.enumeration(parts)), -1, null);
            recording.stop();
            Path dump = dir.resolve("force-large.jfr");
            recording.dump(dump);
            forces = RecordingFile.readAllEvents(dump).stream()   // per-thread buffers: order by time
                    .sorted(Comparator.comparing(RecordedEvent::getEndTime)).toList();
        }
        Path target = root.resolve("env/large.json");
        List<RecordedEvent> ofTemp = forces.stream()
                .filter(e -> e.getString("path").contains("large.json" + LocalFolderStorage.TEMP_MARK)).toList();
        assertTrue(ofTemp.size() >= 2, "at least one flush while writing, then the final one: " + ofTemp);
        String caller = Thread.currentThread().getName();
        assertTrue(ofTemp.stream().anyMatch(e -> !caller.equals(e.getThread().getJavaName())),
                "a flush ran on another thread: " + ofTemp);
        assertEquals(target.getParent().toString(), forces.get(forces.size() - 1).getString("path"),
                "the folder is forced last, after the rename");
        assertEquals((long) blocks * block.length, Files.size(target));
        try (InputStream in = Files.newInputStream(target)) {
            for (int i = 0; i < blocks; i++) {
                assertArrayEquals(block, in.readNBytes(block.length), "block " + i);
            }
        }
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void aWriteThatFailsLeavesNothing() throws IOException {
        StorageKey k = StorageKey.of("env", "broken.json");
        InputStream failing = new SequenceInputStream(new ByteArrayInputStream(new byte[100_000]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("client went away");
            }
        });
        StorageException e = assertThrows(StorageException.class, () -> storage.put(k, failing, -1, null));
        assertTrue(e.detail().contains("env/broken.json") && e.detail().contains("client went away"),
                e.detail());
        assertEquals(Optional.empty(), storage.stat(k));
        assertEquals(List.of(), tempFiles());

        assertThrows(StorageException.class,
                () -> storage.put(k, new ByteArrayInputStream(bytes("short")), 10, null));
        assertFalse(storage.exists(k), "a stream shorter than announced is not stored");
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void checkWritableCreatesTheRootAndReportsAnUnusableOne() throws IOException {
        assertFalse(Files.exists(root));
        assertThrows(StorageException.class, storage::checkReachable);
        storage.checkWritable();
        assertTrue(Files.isDirectory(root));
        storage.checkReachable();
        assertEquals(List.of(), storage.list(""), "the probe is gone");

        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a folder");
        LocalFolderStorage onAFile = new LocalFolderStorage(new LocalStorageConfig(file.resolve("sub").toString()),
                ForkJoinPool.commonPool());
        StorageException e = assertThrows(StorageException.class, onAFile::checkWritable);
        assertTrue(e.detail().startsWith("storage: cannot create local folder") && !e.detail().contains("\n"),
                e.detail());
    }

    @Test
    void aKeyCannotBeBothAnObjectAndAFolder() {
        storage.put(StorageKey.of("a", "b"), new ByteArrayInputStream(bytes("b")), -1, null);
        assertThrows(StorageException.class,
                () -> storage.put(StorageKey.of("a"), new ByteArrayInputStream(bytes("a")), -1, null));
        assertEquals(Optional.empty(), storage.get(StorageKey.of("a")), "a folder is not an object");
        assertEquals(Optional.empty(), storage.stat(StorageKey.of("a")));
        storage.delete(StorageKey.of("a"));
        assertTrue(storage.exists(StorageKey.of("a", "b")), "deleting a folder's key leaves its objects");
    }

    private List<Path> tempFiles() throws IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().contains(LocalFolderStorage.TEMP_MARK)).toList();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
