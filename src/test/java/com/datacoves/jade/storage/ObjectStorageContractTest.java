package com.datacoves.jade.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The behaviour every {@link ObjectStorage} adapter must show (see the port's documentation). Each subclass supplies a
 * ready store, and, where it means something, a store whose bucket is missing and one whose server is down.
 */
abstract class ObjectStorageContractTest {

    static final long LARGE = 200L * 1024 * 1024;
    static final long MAX_HEAP_GROWTH = 64L * 1024 * 1024;

    /** Every test works under its own prefix so that stores can be shared. */
    String prefix;

    /** A store whose bucket exists and accepts writes. */
    abstract ObjectStorage storage();

    /** A store whose bucket does not exist, or null when that cannot happen (local folder). */
    ObjectStorage storageWithMissingBucket(boolean createBucket) {
        return null;
    }

    /** A store pointed at a server that is down, or null when that cannot happen (local folder). */
    ObjectStorage unreachableStorage() {
        return null;
    }

    @BeforeEach
    void newPrefix() {
        prefix = "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    StorageKey key(String... parts) {
        String[] all = new String[parts.length + 1];
        all[0] = prefix;
        System.arraycopy(parts, 0, all, 1, parts.length);
        return StorageKey.of(all);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] read(ObjectStorage storage, StorageKey key) throws IOException {
        try (StoredObject o = storage.get(key).orElseThrow()) {
            byte[] data = o.content().readAllBytes();
            assertEquals(data.length, o.info().sizeBytes(), "size reported by get");
            return data;
        }
    }

    @Test
    void emptyObjectRoundTripsWithKnownAndUnknownLength() throws IOException {
        ObjectStorage s = storage();
        for (long length : new long[] {0, -1}) {
            StorageKey k = key("empty" + length);
            ObjectInfo info = s.put(k, InputStream.nullInputStream(), length, "application/octet-stream");
            assertEquals(0, info.sizeBytes());
            assertArrayEquals(new byte[0], read(s, k));
            assertEquals(0, s.stat(k).orElseThrow().sizeBytes());
            assertTrue(s.exists(k));
        }
    }

    @Test
    void smallObjectRoundTripsWithKnownAndUnknownLength() throws IOException {
        ObjectStorage s = storage();
        byte[] data = bytes("{\"hello\": \"world\"}\n");
        for (long length : new long[] {data.length, -1}) {
            StorageKey k = key("small" + length, "manifest.json");
            ObjectInfo info = s.put(k, new ByteArrayInputStream(data), length, "application/json");
            assertEquals(k.value(), info.key());
            assertEquals(data.length, info.sizeBytes());
            assertArrayEquals(data, read(s, k));
            ObjectInfo stat = s.stat(k).orElseThrow();
            assertEquals(data.length, stat.sizeBytes());
            assertTrue(stat.contentType() == null || stat.contentType().equals("application/json"),
                    "content type is recorded or absent: " + stat.contentType());
        }
    }

    @Test
    void theCallersStreamIsReadToItsEndButNotClosed() {
        ObjectStorage s = storage();
        for (long length : new long[] {5, -1}) {
            boolean[] closed = {false};
            ByteArrayInputStream in = new ByteArrayInputStream(bytes("hello")) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            };
            s.put(key("open" + length), in, length, "text/plain");
            assertEquals(0, in.available(), "read to its end");
            assertFalse(closed[0], "not closed");
        }
    }

    @Test
    void aFailedPutLeavesTheOldObjectAndNothingPartial() throws IOException {
        ObjectStorage s = storage();
        StorageKey k = key("replace-me.json");
        byte[] old = bytes("old");
        s.put(k, new ByteArrayInputStream(old), old.length, null);
        long failAfter = 12L * 1024 * 1024; // past the first part of a multipart upload
        for (long length : new long[] {20L * 1024 * 1024, -1}) {
            InputStream breaking = new FilterInputStreamThatBreaks(new GeneratedContent(20L * 1024 * 1024, 7, null),
                    failAfter);
            assertThrows(StorageException.class, () -> s.put(k, breaking, length, null), "length " + length);
            assertArrayEquals(old, read(s, k), "the old object is intact after a failed put of length " + length);
            StorageKey fresh = key("never-complete" + length);
            InputStream breakingAgain = new FilterInputStreamThatBreaks(
                    new GeneratedContent(20L * 1024 * 1024, 7, null), failAfter);
            assertThrows(StorageException.class, () -> s.put(fresh, breakingAgain, length, null));
            assertFalse(s.exists(fresh), "nothing is visible after a failed put of length " + length);
        }
        assertEquals(List.of(k.value()), s.list(prefix + "/").stream().map(ObjectInfo::key).toList());
    }

    /** Fails with an {@link IOException} once {@code failAfter} bytes were read, like a client that went away. */
    static final class FilterInputStreamThatBreaks extends java.io.FilterInputStream {
        private long left;

        FilterInputStreamThatBreaks(InputStream in, long failAfter) {
            super(in);
            this.left = failAfter;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                throw new IOException("client went away");
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    @Test
    void largeObjectOfUnknownLengthStreamsInBoundedMemory() throws IOException {
        roundTripLarge(-1);
    }

    @Test
    void largeObjectOfKnownLengthStreamsInBoundedMemory() throws IOException {
        roundTripLarge(LARGE);
    }

    private void roundTripLarge(long announced) throws IOException {
        ObjectStorage s = storage();
        StorageKey k = key("large", "graph.gpickle");
        HeapWatch uploadHeap = new HeapWatch();
        GeneratedContent content = new GeneratedContent(LARGE, 42, uploadHeap);
        ObjectInfo info = s.put(k, content, announced, "application/octet-stream");
        uploadHeap.probe();
        assertEquals(LARGE, info.sizeBytes());
        assertEquals(LARGE, s.stat(k).orElseThrow().sizeBytes());
        assertTrue(uploadHeap.growth() < MAX_HEAP_GROWTH,
                "upload grew the heap by " + uploadHeap.growth() / (1024 * 1024) + " MiB");

        HeapWatch downloadHeap = new HeapWatch();
        GeneratedContent.Digest got;
        try (StoredObject o = s.get(k).orElseThrow()) {
            assertEquals(LARGE, o.info().sizeBytes());
            got = GeneratedContent.digest(o.content(), downloadHeap);
        }
        downloadHeap.probe();
        System.out.printf("%s %s length %d: heap growth upload %d MiB, download %d MiB%n",
                getClass().getSimpleName(), s.adapterName(), announced,
                uploadHeap.growth() >> 20, downloadHeap.growth() >> 20);
        assertEquals(LARGE, got.bytes());
        assertEquals(content.sha256Hex(), got.sha256(), "SHA-256 of what was read back");
        assertTrue(downloadHeap.growth() < MAX_HEAP_GROWTH,
                "download grew the heap by " + downloadHeap.growth() / (1024 * 1024) + " MiB");
        s.delete(k);
    }

    @Test
    void putOverAnExistingKeyReplacesTheObject() throws IOException {
        ObjectStorage s = storage();
        StorageKey k = key("run", "run_results.json");
        s.put(k, new ByteArrayInputStream(bytes("first version, the longer one")), -1, "application/json");
        byte[] second = bytes("second");
        s.put(k, new ByteArrayInputStream(second), second.length, "application/json");
        assertArrayEquals(second, read(s, k));
        assertEquals(second.length, s.stat(k).orElseThrow().sizeBytes());
        assertEquals(1, s.list(prefix + "/").size());
    }

    @Test
    void listReturnsOnlyThePrefixSortedByKey() {
        ObjectStorage s = storage();
        List<StorageKey> keys = List.of(key("p", "b", "c.json"), key("p", "ab.json"), key("p", "a.json"),
                key("p", "b", "a.json"), key("q", "x"), key("pp", "x"));
        for (StorageKey k : keys) {
            s.put(k, new ByteArrayInputStream(bytes(k.value())), -1, null);
        }
        String p = prefix + "/p/";
        assertEquals(List.of(p + "a.json", p + "ab.json", p + "b/a.json", p + "b/c.json"),
                s.list(p).stream().map(ObjectInfo::key).toList());
        assertEquals(List.of(p + "a.json", p + "ab.json"), s.list(p + "a").stream().map(ObjectInfo::key).toList());
        assertEquals(List.of(p + "b/a.json", p + "b/c.json"),
                s.list(p + "b/").stream().map(ObjectInfo::key).toList());
        assertEquals(5, s.list(prefix + "/p").size(), "a prefix need not end at a folder: p/ and pp/");
        assertEquals(bytes(p + "b/a.json").length, s.list(p + "b/a").get(0).sizeBytes(), "sizes are listed");
        assertEquals(List.of(), s.list(prefix + "/nothing-here/"));
        assertEquals(6, s.list(prefix + "/").size());
    }

    @Test
    void deleteRemovesTheObjectAndMissingIsFine() {
        ObjectStorage s = storage();
        StorageKey k = key("gone.json");
        s.put(k, new ByteArrayInputStream(bytes("x")), 1, null);
        s.delete(k);
        assertFalse(s.exists(k));
        assertEquals(Optional.empty(), s.get(k));
        s.delete(k);
        s.delete(key("never", "there"));
        assertEquals(List.of(), s.list(prefix + "/"));
    }

    @Test
    void missingKeyIsEmptyNotAnError() {
        ObjectStorage s = storage();
        StorageKey k = key("no", "such", "object.json");
        assertEquals(Optional.empty(), s.get(k));
        assertEquals(Optional.empty(), s.stat(k));
        assertFalse(s.exists(k));
    }

    @Test
    void hostileKeyPartsStayInsideThePrefix() throws IOException {
        ObjectStorage s = storage();
        String[] hostile = {"../../etc", "/abs", "a\\b", "x\u0000y", "..", ".", "", " ", "a/../../b", "~tmp"};
        for (int i = 0; i < hostile.length; i++) {
            StorageKey k = key("h" + i, hostile[i], "passwd");
            assertTrue(k.value().startsWith(prefix + "/h" + i + "/"), k.value());
            s.put(k, new ByteArrayInputStream(bytes("h" + i)), -1, null);
            assertArrayEquals(bytes("h" + i), read(s, k));
        }
        List<ObjectInfo> listed = s.list(prefix + "/");
        assertEquals(hostile.length, listed.size());
        listed.forEach(o -> assertTrue(o.key().startsWith(prefix + "/h"), o.key()));
        assertEquals(hostile.length, s.list("").stream().filter(o -> o.key().startsWith(prefix + "/")).count());
    }

    @Test
    void checkWritableAcceptsAReadyStore() {
        ObjectStorage s = storage();
        s.checkWritable();
        s.checkReachable();
        assertTrue(s.list(StorageFailures.PROBE_PREFIX).isEmpty(), "the probe is deleted");
    }

    @Test
    void missingBucketIsReportedInOneLineOrCreatedWhenAllowed() {
        ObjectStorage refusing = storageWithMissingBucket(false);
        assumeTrue(refusing != null, "this adapter has no bucket");
        StorageException e = assertThrows(StorageException.class, refusing::checkWritable);
        assertTrue(e.detail().contains("does not exist") && e.detail().contains("STORAGE_CREATE_BUCKET"),
                e.detail());
        assertFalse(e.detail().contains("\n"), e.detail());
        assertThrows(StorageException.class, refusing::checkReachable);

        ObjectStorage creating = storageWithMissingBucket(true);
        creating.checkWritable();
        creating.checkReachable();
        StorageKey k = key("after-create");
        creating.put(k, new ByteArrayInputStream(bytes("ok")), 2, null);
        assertTrue(creating.exists(k));
    }

    @Test
    void unreachableServerIsAStorageException() {
        ObjectStorage down = unreachableStorage();
        assumeTrue(down != null, "this adapter has no server");
        StorageKey k = key("any.json");
        long started = System.nanoTime();
        List<Executable> calls = List.of(
                () -> down.put(k, new ByteArrayInputStream(bytes("x")), 1, null),
                () -> down.put(k, new ByteArrayInputStream(bytes("x")), -1, null),
                () -> down.get(k), () -> down.stat(k), () -> down.exists(k), () -> down.delete(k),
                () -> down.list(prefix + "/"), down::checkWritable, down::checkReachable);
        for (Executable call : calls) {
            StorageException e = assertThrows(StorageException.class, call);
            assertFalse(e.detail().contains("\n"), e.detail());
            assertTrue(e.detail().startsWith("storage: "), e.detail());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.toSeconds() < 60, "failing took " + took);
    }
}
