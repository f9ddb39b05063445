package com.datacoves.jade.http;

import com.datacoves.jade.storage.StoredObject;
import io.micronaut.buffer.netty.NettyByteBufferFactory;
import io.micronaut.buffer.netty.NettyReadBufferFactory;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.scheduling.TaskExecutors;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.InputStream;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;

/**
 * 200 answers carrying bytes in large chunks ({@link BodyChunks}), read on the I/O pool: a stored object unchanged,
 * with {@code Content-Type} and {@code Content-Length} (a local file, {@link StoredObject#file()}, straight from its
 * channel; an object of a remote store from its stream), or any stream ({@code Transfer-Encoding: chunked}). The
 * answer owns what it sends and closes it when the body is sent or the client goes away.
 *
 * <p>The body is a Micronaut {@link ByteBody} made from the chunks, which the server writes as it is: a
 * {@code Publisher} body would lose its {@code Content-Length} (sent chunked) and, as {@code application/json}, be
 * taken for a stream of JSON values (the chunks wrapped in {@code [ , ]}).
 */
@Singleton
public class ObjectResponses {

    private static final ByteBodyFactory BODIES = ByteBodyFactory.createDefault(NettyByteBufferFactory.DEFAULT);
    private static final NettyReadBufferFactory BUFFERS = NettyReadBufferFactory.of(ByteBufAllocator.DEFAULT);

    private final Scheduler reads;

    /** @param io the blocking I/O pool on which chunks are read */
    public ObjectResponses(@Named(TaskExecutors.IO) ExecutorService io) {
        this.reads = Schedulers.fromExecutorService(io);
    }

    /**
     * The object's bytes as they are stored.
     *
     * @param object an opened object (its size in {@code info().sizeBytes()}, in bytes)
     * @param type   the {@code Content-Type} to declare
     */
    public MutableHttpResponse<ByteBody> ok(StoredObject object, MediaType type) {
        long size = object.info().sizeBytes();
        Publisher<ByteBuf> chunks = object.file() != null
                ? BodyChunks.of(object.file(), size, reads)
                : BodyChunks.of(object.content(), reads);
        return HttpResponse.ok(body(chunks, OptionalLong.of(size))).contentType(type).contentLength(size);
    }

    /**
     * The bytes of a stream of unknown length.
     *
     * @param in   the stream, closed when sent
     * @param type the {@code Content-Type} to declare
     */
    public MutableHttpResponse<ByteBody> ok(InputStream in, MediaType type) {
        return HttpResponse.ok(body(BodyChunks.of(in, reads), OptionalLong.empty())).contentType(type);
    }

    private static ByteBody body(Publisher<ByteBuf> chunks, OptionalLong length) {
        return BODIES.adapt(Flux.from(chunks).map(BUFFERS::adapt), length);
    }
}
