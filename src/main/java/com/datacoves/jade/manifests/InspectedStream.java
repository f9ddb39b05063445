package com.datacoves.jade.manifests;

import com.datacoves.jade.http.ApiException;

import java.io.IOException;
import java.io.InputStream;

/**
 * The stream handed to {@link com.datacoves.jade.storage.ObjectStorage#put}: the uploaded part's bytes, passed through
 * a {@link ManifestInspector} as the store reads them, in the store's thread. Two guarantees make a bad upload
 * invisible whatever the adapter:
 * <ul>
 *   <li>as soon as the bytes cannot be a manifest (or pass the size limit) a read throws {@link Rejected}, an
 *       {@link IOException}, so the adapter aborts its temporary file or multipart upload;</li>
 *   <li>end of input ({@code -1}) is returned only after {@link ManifestInspector#finish()} accepted the whole file,
 *       so no adapter can commit an incomplete or invalid manifest.</li>
 * </ul>
 * Adapters wrap stream failures in their own exceptions; {@link #rejection()} and {@link #readFailure()} tell the
 * caller afterwards what really happened. Reads fill the caller's buffer as far as the part allows (the multipart
 * parser hands out a few KiB at a time), so the store writes and the parser parses in large chunks. Not closed by the
 * store; closing does not close the part.
 */
final class InspectedStream extends InputStream {

    private final InputStream part;
    private final ManifestInspector inspector;
    private ManifestFacts facts;
    private ApiException rejection;
    private IOException readFailure;

    /** Thrown to the store when the upload is refused; carries the answer for the client. */
    static final class Rejected extends IOException {
        Rejected(ApiException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * @param part     the file part's bytes
     * @param maxBytes largest accepted size in bytes
     */
    InspectedStream(InputStream part, long maxBytes) {
        this.part = part;
        this.inspector = new ManifestInspector(maxBytes);
    }

    /** What inspection found, once the end of the part was read and accepted; else null. */
    ManifestFacts facts() {
        return facts;
    }

    /** Why the upload was refused (422/413), or null. */
    ApiException rejection() {
        return rejection;
    }

    /** The failure reading the part (e.g. the client went away), or null. */
    IOException readFailure() {
        return readFailure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (rejection != null) {
            throw new Rejected(rejection);
        }
        if (facts != null) {
            return -1;
        }
        int filled = 0;
        try {
            while (filled < len) {
                int n = part.read(b, off + filled, len - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (IOException e) {
            if (readFailure == null) {
                readFailure = e;
            }
            throw e;
        }
        try {
            inspector.feed(b, off, filled);
            if (filled == 0) {
                facts = inspector.finish();
                return -1;
            }
        } catch (ApiException e) {
            rejection = e;
            throw new Rejected(e);
        }
        return filled;
    }
}
