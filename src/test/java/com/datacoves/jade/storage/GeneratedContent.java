package com.datacoves.jade.storage;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * A stream of {@code length} pseudo-random bytes generated on the fly (never held whole), where every 64 KiB chunk
 * starts with its own index so that reordered or repeated parts change the digest. Computes the SHA-256 of what it
 * emits and takes a heap probe every {@code probeEvery} bytes.
 */
final class GeneratedContent extends InputStream {

    private static final int CHUNK = 64 * 1024;
    private static final long PROBE_EVERY = 32L * 1024 * 1024;

    private final byte[] pattern = new byte[CHUNK];
    private final byte[] chunk = new byte[CHUNK];
    private final long length;
    private final MessageDigest sha;
    private final HeapWatch heap;
    private long position;
    private long nextProbe = PROBE_EVERY;

    /**
     * @param length bytes to emit
     * @param seed   makes different contents
     * @param heap   where to record probes, or null for none
     */
    GeneratedContent(long length, long seed, HeapWatch heap) {
        this.length = length;
        this.heap = heap;
        new Random(seed).nextBytes(pattern);
        this.sha = sha256();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex SHA-256 of everything read so far (complete once the stream is exhausted). */
    String sha256Hex() {
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Reads {@code in} to its end, digesting it and probing the heap.
     *
     * @return hex SHA-256 and the number of bytes
     */
    static Digest digest(InputStream in, HeapWatch heap) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        long nextProbe = PROBE_EVERY;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            sha.update(buffer, 0, n);
            total += n;
            if (heap != null && total >= nextProbe) {
                heap.probe();
                nextProbe += PROBE_EVERY;
            }
        }
        return new Digest(HexFormat.of().formatHex(sha.digest()), total);
    }

    /** A digest and a size in bytes. */
    record Digest(String sha256, long bytes) {
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (position >= length) {
            return -1;
        }
        int inChunk = (int) (position % CHUNK);
        if (inChunk == 0) {
            fillChunk(position / CHUNK);
        }
        int n = (int) Math.min(Math.min(len, CHUNK - inChunk), length - position);
        System.arraycopy(chunk, inChunk, b, off, n);
        sha.update(b, off, n);
        position += n;
        if (heap != null && position >= nextProbe) {
            heap.probe();
            nextProbe += PROBE_EVERY;
        }
        return n;
    }

    private void fillChunk(long index) {
        System.arraycopy(pattern, 0, chunk, 0, CHUNK);
        for (int i = 0; i < 8; i++) {
            chunk[i] = (byte) (index >>> (8 * i));
        }
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, Math.min(length - position, CHUNK - position % CHUNK));
    }
}
