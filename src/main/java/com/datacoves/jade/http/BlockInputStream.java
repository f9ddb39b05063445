package com.datacoves.jade.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * An {@link InputStream} that is read in blocks: a subclass implements {@link #read(byte[], int, int)} only, and the
 * one-byte {@link #read()} goes through it (the JDK's {@code InputStream} does it the other way round, one byte at a
 * time). Used by the streams that pass request bodies and manifests along (multipart parts, pipes, validation).
 */
public abstract class BlockInputStream extends InputStream {

    /** One byte through {@link #read(byte[], int, int)}; {@code -1} at the end. */
    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * Up to {@code len} bytes into {@code b} from {@code off}.
     *
     * @return how many were read (at least one when {@code len > 0}), or {@code -1} at the end
     */
    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
