package com.datacoves.jade.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ReferenceCountUtil;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Scheduler;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;

/**
 * Response bodies sent in large chunks: a local file, read straight into pooled direct buffers of
 * {@link #FILE_CHUNK_BYTES} ({@link ByteBuf#writeBytes(FileChannel, long, int)}: one copy, from the page cache, which
 * Netty then writes to the socket without another), or an {@code InputStream} (a remote object, a trimmed manifest)
 * read into pooled heap buffers of {@link #STREAM_CHUNK_BYTES}.
 *
 * <p>Why not {@code SystemFile} or {@code StreamedFile}: since Micronaut 4.3 (micronaut-core PR #10138, "Replace
 * chunked write API") both are read through an {@code InputStream} 8 KiB at a time, each piece handed from a blocking
 * thread to the event loop, and Netty's zero-copy {@code FileRegion} cannot be reached from a controller any more. A
 * 520 MB manifest took 9.5 s that way.
 *
 * <p>Reads run on the given blocking I/O scheduler, never on the event loop, one chunk per demand, so only a few chunks
 * are in memory whatever the size. The source is closed at the end, on error and on cancellation (client gone);
 * chunks not yet written are released.
 */
public final class BodyChunks {

    /** Bytes per chunk of a file: large enough that per-chunk hand-offs cost nothing, small enough for the pool. */
    public static final int FILE_CHUNK_BYTES = 1024 * 1024;
    /** Bytes per chunk of a stream. */
    public static final int STREAM_CHUNK_BYTES = 256 * 1024;

    private BodyChunks() {
    }

    /**
     * The first {@code length} bytes of {@code file}.
     *
     * @param file   an open channel, owned (and closed) by the returned publisher
     * @param length bytes to send, normally the channel's size when it was opened
     * @param reads  where the reads run, e.g. {@code Schedulers.fromExecutorService(ioExecutor)}
     * @return the chunks; fails with an {@link IOException} when the file ends early or cannot be read
     */
    public static Publisher<ByteBuf> of(FileChannel file, long length, Scheduler reads) {
        return chunks(file, reads, (position, sink) -> {
            long remaining = length - position;
            if (remaining <= 0) {
                return null;
            }
            int size = (int) Math.min(FILE_CHUNK_BYTES, remaining);
            ByteBuf chunk = ByteBufAllocator.DEFAULT.directBuffer(size, size);
            try {
                while (chunk.isWritable()) {
                    if (chunk.writeBytes(file, position + chunk.writerIndex(), chunk.writableBytes()) < 0) {
                        throw new EOFException("file ended " + (remaining - chunk.writerIndex()) + " bytes early");
                    }
                }
                return chunk;
            } catch (IOException | RuntimeException e) {
                chunk.release();
                throw e;
            }
        });
    }

    /**
     * The bytes of {@code in} up to its end.
     *
     * @param in    a stream, owned (and closed) by the returned publisher
     * @param reads where the (blocking) reads run
     * @return the chunks; fails with the stream's {@link IOException}
     */
    public static Publisher<ByteBuf> of(InputStream in, Scheduler reads) {
        return chunks(in, reads, (position, sink) -> {
            // a heap buffer: the stream reads straight into its array (a direct one would copy through a temporary
            // array of the same size on every read)
            ByteBuf chunk = ByteBufAllocator.DEFAULT.heapBuffer(STREAM_CHUNK_BYTES, STREAM_CHUNK_BYTES);
            try {
                while (chunk.isWritable() && chunk.writeBytes(in, chunk.writableBytes()) >= 0) {
                    // fill the chunk: fewer, larger writes to the socket
                }
                if (chunk.isReadable()) {
                    return chunk;
                }
                chunk.release();
                return null;
            } catch (IOException | RuntimeException e) {
                chunk.release();
                throw e;
            }
        });
    }

    /** Reads the next chunk at {@code position}; null at the end. */
    private interface Reader {
        ByteBuf read(long position, SynchronousSink<ByteBuf> sink) throws IOException;
    }

    private static Publisher<ByteBuf> chunks(Closeable source, Scheduler reads, Reader reader) {
        return Flux.<ByteBuf, long[]>generate(() -> new long[]{0}, (position, sink) -> {
                    try {
                        ByteBuf chunk = reader.read(position[0], sink);
                        if (chunk == null) {
                            sink.complete();
                        } else {
                            position[0] += chunk.readableBytes();
                            sink.next(chunk);
                        }
                    } catch (IOException | RuntimeException e) {
                        sink.error(e);
                    }
                    return position;
                }, position -> closeQuietly(source))
                .doOnDiscard(ByteBuf.class, ReferenceCountUtil::safeRelease)
                .subscribeOn(reads, true);
    }

    private static void closeQuietly(Closeable source) {
        try {
            source.close();
        } catch (IOException ignored) {
            // a read side: nothing was pending
        }
    }
}
