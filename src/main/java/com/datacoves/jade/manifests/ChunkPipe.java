package com.datacoves.jade.manifests;

import com.datacoves.jade.http.BlockInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe between one producer thread (writing to {@link #sink()}) and one consumer (reading
 * {@link #source()}), passing chunks through a queue of at most {@code capacity} chunks, so memory stays bounded
 * (capacity × chunk size; a chunk is what one write passed). Unlike {@link java.io.PipedInputStream} it never sleeps
 * on a timer: both sides block on the queue. The consumer hands each emptied array back for the producer's next copy,
 * so a long stream through the pipe allocates about {@code capacity + 2} arrays, not one per write (a 520 MB upload
 * otherwise allocated 520 MB more, and the collections stopped both threads). A producer failure reaches the consumer
 * as an {@link IOException}; a consumer that closes early makes the producer's next write fail.
 */
final class ChunkPipe {

    private static final Chunk END = new Chunk(new byte[0], 0);
    private static final long POLL_MS = 200;

    private final BlockingQueue<Chunk> queue;
    /** Arrays the consumer has emptied, for the producer to fill again. */
    private final BlockingQueue<byte[]> spare;
    private volatile boolean readerClosed;
    private volatile IOException failure;

    /** {@code length} bytes at the start of {@code bytes}. */
    private record Chunk(byte[] bytes, int length) {
    }

    ChunkPipe(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.spare = new ArrayBlockingQueue<>(capacity + 2);
    }

    /** Records a producer failure and ends the stream; the consumer's next read throws it. */
    void fail(IOException e) {
        failure = e;
        offer(END);
    }

    private void offer(Chunk chunk) {
        try {
            while (!readerClosed && !queue.offer(chunk, POLL_MS, TimeUnit.MILLISECONDS)) {
                // wait for the consumer
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The producer's side; closing it ends the stream. */
    OutputStream sink() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (readerClosed) {
                    throw new IOException("reader closed the pipe");
                }
                if (len == 0) {
                    return;
                }
                try {
                    byte[] bytes = spare.poll();
                    if (bytes == null || bytes.length < len) {
                        bytes = new byte[len];
                    }
                    System.arraycopy(b, off, bytes, 0, len);
                    Chunk chunk = new Chunk(bytes, len);
                    while (!queue.offer(chunk, POLL_MS, TimeUnit.MILLISECONDS)) {
                        if (readerClosed) {
                            throw new IOException("reader closed the pipe");
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while writing to the pipe");
                }
            }

            @Override
            public void close() {
                offer(END);
            }
        };
    }

    /** The consumer's side. */
    InputStream source() {
        return new BlockInputStream() {
            private Chunk current;
            private int pos;
            private boolean ended;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (current == null || pos == current.length()) {
                    if (ended) {
                        return -1;
                    }
                    if (current != null) {
                        spare.offer(current.bytes());   // emptied: the producer may fill it again
                        current = null;
                    }
                    try {
                        current = queue.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while reading the pipe");
                    }
                    pos = 0;
                    if (current == END) {
                        ended = true;
                        if (failure != null) {
                            throw failure;
                        }
                        return -1;
                    }
                }
                int n = Math.min(len, current.length() - pos);
                System.arraycopy(current.bytes(), pos, b, off, n);
                pos += n;
                return n;
            }

            @Override
            public void close() {
                readerClosed = true;
                queue.clear();
            }
        };
    }
}
