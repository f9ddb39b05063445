package com.datacoves.jade.manifests;

import com.datacoves.jade.http.BlockInputStream;
import okio.Buffer;
import okio.Okio;
import okio.Pipe;
import okio.Source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A bounded pipe between one producer thread and one consumer thread, as {@code java.io} streams: Okio's
 * {@link Pipe}, which does the waiting and signalling (no concurrency code of Jade's own). The producer writes to
 * {@link #sink()} and blocks while {@code maxBytes} are unread; the consumer reads {@link #source()}, which takes up to
 * {@link #REFILL_BYTES} from the pipe at a time (Okio's own buffered source would take 8 KiB, one lock hand-over per
 * 8 KiB, measured 1.5 × the CPU on a 520 MB manifest). So a stream through it holds at most
 * {@code maxBytes + REFILL_BYTES} (plus the producer's last partial 8 KiB segment), whatever its length.
 *
 * <p>Failures: once the consumer closed its side, the producer's next write throws an {@link IOException}
 * ({@code source is closed}); after {@link #cancel()} every read and write on either side throws one
 * ({@code canceled}) and unread bytes are dropped.
 */
final class BytePipe {

    /** Most bytes the consumer takes from the pipe in one hand-over. */
    static final int REFILL_BYTES = 256 * 1024;

    private final Pipe pipe;

    /** @param maxBytes most bytes written and not yet read, in bytes */
    BytePipe(long maxBytes) {
        this.pipe = new Pipe(maxBytes);
    }

    /** The producer's side; closing it ends the stream after the bytes written so far. */
    OutputStream sink() {
        return Okio.buffer(pipe.sink()).outputStream();
    }

    /** The consumer's side; closing it makes the producer's next write fail. */
    InputStream source() {
        Source from = pipe.source();
        Buffer ready = new Buffer();
        return new BlockInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (ready.size() == 0 && from.read(ready, REFILL_BYTES) < 0) {
                    return -1;
                }
                return ready.read(b, off, len);
            }

            @Override
            public void close() throws IOException {
                ready.clear();
                from.close();
            }
        };
    }

    /** Fails both sides from now on: the consumer's next read throws, as does the producer's next write. */
    void cancel() {
        pipe.cancel();
    }
}
