package com.datacoves.jade.http;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.InvalidInputException;
import com.datacoves.jade.common.UnprocessableException;
import com.datacoves.jade.common.PayloadTooLargeException;
import com.datacoves.jade.common.RequestTimeoutException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.exceptions.BufferLengthExceededException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.Content;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Function;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A {@code multipart/form-data} request body read part by part, in the order the client sent them, while it arrives:
 * each part's content is a stream over the request body itself, so nothing is spooled to disk or held whole in
 * memory (unlike Micronaut's {@code MultipartBody}, whose parts are completed — above
 * {@code micronaut.server.multipart.threshold} in temporary files — before the controller sees them).
 *
 * <p>Parsing is Jetty's {@link MultiPart.Parser} (RFC 7578; chosen over Commons FileUpload 2's streaming iterator
 * because its boundary search ran at 0.6–1.1 GB/s against 0.2 GB/s on a 520 MB body, here), fed with the request's
 * body as Micronaut receives it ({@link ByteBody#toByteArrayPublisher()}), with a read-ahead of {@link #PREFETCH}
 * chunks: the event loop keeps reading the socket while the caller's thread parses, instead of waking each other up
 * for every chunk (Micronaut's own {@code @Body InputStream} asks for one chunk at a time; measured ~60 % idle on a
 * loaded machine). So at most {@link #PREFETCH} chunks of the body are held (each at most
 * {@code micronaut.server.netty.max-chunk-size}, 64 KiB in application.yml). A part must be read (or left) before
 * {@link #next()} is called again: moving on skips the rest of the current part. Size limits are the caller's (the
 * whole request is bounded by {@code micronaut.server.max-request-size}). Close it when done: that cancels the rest of
 * the body. Plain fields are bounded ({@link UploadSettings}: 64 KiB each, 1 MiB in all, at most 1,000 parts by
 * default), so a form of many or huge fields costs no more than that much memory. Routes get one from
 * {@link UploadForms}, which also bounds how many are read at once. Not thread-safe.
 */
public final class MultipartStream implements AutoCloseable {

    /** Chunks of the body read ahead of the parser (with 64 KiB chunks, 2 MiB). */
    static final int PREFETCH = 32;

    /** Marks the end of a part's content in {@link #events}. */
    private static final Object PART_END = new Object();

    private final Stream<byte[]> body;
    private final Iterator<byte[]> chunks;
    private final MultiPart.Parser parser;
    /** Parser events not consumed yet: {@link Part}, content {@link ByteBuffer}, {@link #PART_END}. */
    private final ArrayDeque<Object> events = new ArrayDeque<>();
    private boolean complete;
    private boolean bodyEnded;
    private IOException failure;
    private Part current;
    private long fieldBytes;
    private final UploadSettings limits;
    private Runnable onClose;
    /** Set by {@link #close()} before the body is cancelled. */
    private volatile boolean closing;

    /** Reads {@code body} (a request's, or a test's), split by {@code boundary}; {@code onClose} runs once at close. */
    MultipartStream(Publisher<byte[]> body, String boundary, UploadSettings limits, Runnable onClose) {
        // Micronaut ends a body it discards after this stream was closed with BodyDiscardedException; nobody reads it
        // then, and Reactor would log the late error at ERROR as "dropped": it ends the body quietly instead
        Flux<byte[]> discardedQuietly = Flux.from(body)
                .onErrorResume(e -> closing && e instanceof ByteBody.BodyDiscardedException, e -> Flux.empty());
        this.body = atLeastMinimumRate(discardedQuietly, limits).toStream(PREFETCH);
        this.chunks = this.body.iterator();
        this.limits = limits;
        this.onClose = onClose;
        this.parser = new MultiPart.Parser(boundary, new Listener());
        this.parser.setMaxParts(limits.maxParts()); // Jetty's parser fails past it: 400
    }

    /**
     * The body, failing with a {@link TimeoutException} as soon as its average rate since it began falls below
     * {@code min-bytes-per-second} after {@code min-rate-grace} (Reactor's per-item timeout: after each chunk, the
     * next must come before the time at which the bytes so far would fall under the rate). A client that trickles its
     * body so loses its upload slot within the grace period or when its average drops, not only after the idle
     * timeout between two bytes.
     */
    private static Flux<byte[]> atLeastMinimumRate(Flux<byte[]> body, UploadSettings limits) {
        long started = System.nanoTime();
        long graceNanos = limits.minRateGrace().toNanos();
        double nanosPerByte = 1e9 / limits.minBytesPerSecond();
        AtomicLong received = new AtomicLong();
        return body.doOnNext(chunk -> received.addAndGet(chunk.length))
                .timeout(Mono.delay(limits.minRateGrace()), chunk -> {
                    long allowedUntil = started + Math.max(graceNanos, (long) (received.get() * nanosPerByte));
                    return Mono.delay(Duration.ofNanos(Math.max(0, allowedUntil - System.nanoTime())));
                });
    }

    /** The form could not be parsed (bad framing, cut off before its closing boundary). */
    public static final class MalformedFormException extends IOException {
        MalformedFormException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * One part of the form.
     */
    public final class Part {
        private final String name;
        private final String filename;
        private final String contentType;
        private final InputStream content = new PartContent();
        private boolean ended;
        private IOException readFailure;

        private Part(String name, @Nullable String filename, @Nullable String contentType) {
            this.name = name;
            this.filename = filename;
            this.contentType = contentType;
        }

        /** The part's field name ({@code Content-Disposition} {@code name}); empty when it has none. */
        public String name() {
            return name;
        }

        /** The file name sent with it, or null for a plain field. */
        @Nullable
        public String filename() {
            return filename;
        }

        /** The part's own {@code Content-Type} header, or null when it sent none. */
        @Nullable
        public String contentType() {
            return contentType;
        }

        /**
         * Its bytes, streamed from the request; valid until {@link #next()} is called again. Reads throw
         * {@link MalformedFormException} when the form breaks and the body's own exception when it cannot be read.
         */
        public InputStream content() {
            return content;
        }

        /**
         * Hands {@link #content()} to a consumer (a store) and returns what it returns. When the consumer fails
         * because the request body failed under it (the client went away, sent a malformed form, or sent too
         * slowly), the answer is the body's failure — 400, 408 or 413 from {@link #unreadable(IOException)} — not
         * the consumer's own exception: a storage adapter wraps what the stream threw in its own exception, which
         * would otherwise reach the client as a 503.
         *
         * @throws JadeException the body's failure, as above
         * @throws RuntimeException what the consumer threw, when the body did not fail
         */
        public <T> T consume(Function<InputStream, T> consumer) {
            try {
                return consumer.apply(content);
            } catch (RuntimeException e) {
                if (readFailure != null) {
                    throw unreadable(readFailure);
                }
                throw e;
            }
        }

        /**
         * The content as UTF-8 text.
         *
         * @throws JadeException 422 when longer than {@code jade.uploads.max-field-bytes}, or when the form's fields read
         *                      so far take more than {@code max-fields-bytes}; 400/413 when the body cannot be read
         *                      (see {@link #unreadable(IOException)})
         */
        public String text() {
            try {
                byte[] bytes = content.readNBytes(limits.maxFieldBytes() + 1);
                if (bytes.length > limits.maxFieldBytes()) {
                    throw new UnprocessableException(name + " is longer than " + limits.maxFieldBytes() + " bytes");
                }
                fieldBytes += bytes.length;
                if (fieldBytes > limits.maxFieldsBytes()) {
                    throw new UnprocessableException("the form's fields take more than " + limits.maxFieldsBytes()
                            + " bytes in total");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw unreadable(e);
            }
        }

        private void skipRest() throws IOException {
            while (!ended) {
                Object event = nextEvent();
                ended = event == PART_END;
            }
        }

        /** The part's content: the parser's slices of the body, in order, up to the part's end. */
        private final class PartContent extends BlockInputStream {
            private ByteBuffer slice;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (slice == null || !slice.hasRemaining()) {
                    if (ended) {
                        return -1;
                    }
                    Object event;
                    try {
                        event = nextEvent();
                    } catch (IOException e) {
                        readFailure = e;
                        throw e;
                    }
                    if (event == PART_END) {
                        ended = true;
                    } else if (event instanceof ByteBuffer buffer) {
                        slice = buffer;
                    }
                }
                int n = Math.min(len, slice.remaining());
                slice.get(b, off, n);
                return n;
            }
        }
    }

    /**
     * Starts reading the request's body as the multipart form announced by its {@code Content-Type} (with its
     * {@code boundary}). Nothing is read yet.
     *
     * @param limits  the field and part bounds
     * @param onClose run once when the stream is closed
     * @throws JadeException 400 when the request is not {@code multipart/…} or has no boundary
     */
    static MultipartStream open(HttpRequest<?> request, UploadSettings limits, Runnable onClose) {
        if (!(request instanceof ServerHttpRequest<?> server)) {
            throw new IllegalStateException("not a server request: " + request.getClass().getName());
        }
        String contentType = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new InvalidInputException("the request is not a multipart form");
        }
        String boundary = MultiPart.extractBoundary(contentType);
        if (boundary == null || boundary.isEmpty()) {
            throw new InvalidInputException("the multipart form has no boundary");
        }
        return new MultipartStream(server.byteBody().toByteArrayPublisher(), boundary, limits, onClose);
    }

    /**
     * The next part, or null after the last one.
     *
     * @throws JadeException 400 when the body is not a well-formed multipart form or cannot be read (e.g. the client
     *                      went away) or has more than {@code max-parts} parts; 413 when it is larger than the
     *                      server accepts
     */
    @Nullable
    public Part next() {
        try {
            if (current != null) {
                current.skipRest();
                current = null;
            }
            while (true) {
                Object event = nextEvent();
                if (event == null) {
                    return null;
                }
                if (event instanceof Part part) {
                    current = part;
                    return part;
                }
            }
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * The answer for a failure while reading the body: 413 when the server's own limit
     * ({@code micronaut.server.max-request-size}, or for a gzip-encoded body {@code max-request-buffer-size}) ended it, 408 when it arrived slower than
     * {@code jade.uploads.min-bytes-per-second}, else 400, saying whether the form was malformed (e.g. cut
     * off before its closing boundary) or the body could not be read (e.g. the client went away).
     */
    public static JadeException unreadable(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ContentLengthExceededException || t instanceof BufferLengthExceededException) {
                // the second: a gzip-encoded body, inflated and buffered up to micronaut.server.max-request-buffer-size
                return new PayloadTooLargeException("Request Entity Too Large");
            }
            if (t instanceof TimeoutException) {
                return new RequestTimeoutException("the upload arrived too slowly: below "
                        + "jade.uploads.min-bytes-per-second on average after jade.uploads.min-rate-grace");
            }
        }
        if (e instanceof MalformedFormException) {
            return new InvalidInputException("the multipart form could not be read: " + e.getMessage());
        }
        return new InvalidInputException("the upload was interrupted"
                + (e.getMessage() == null || e.getMessage().isBlank() ? "" : ": " + e.getMessage()));
    }

    /** The next parser event, reading more of the body when none is waiting; null once the form is complete. */
    @Nullable
    private Object nextEvent() throws IOException {
        while (events.isEmpty()) {
            if (failure != null) {
                throw failure;
            }
            if (complete) {
                return null;
            }
            if (bodyEnded) {
                throw new MalformedFormException("the body ended before the form's closing boundary", null);
            }
            // each chunk is a fresh array: the parser's content slices point into it until they are consumed
            byte[] chunk = nextChunk();
            if (chunk == null) {
                bodyEnded = true;
                parser.parse(Content.Chunk.EOF);
            } else {
                parser.parse(Content.Chunk.from(ByteBuffer.wrap(chunk), false));
            }
        }
        return events.poll();
    }

    /** The next chunk of the body (waiting for it), or null at its end. */
    @Nullable
    private byte[] nextChunk() throws IOException {
        try {
            return chunks.hasNext() ? chunks.next() : null;
        } catch (RuntimeException e) {
            Throwable cause = Exceptions.unwrap(e);
            throw cause instanceof IOException io ? io : new IOException(String.valueOf(cause.getMessage()), cause);
        }
    }

    /** Stops reading: the rest of the body, if any, is cancelled (the server discards it). Idempotent. */
    @Override
    public void close() {
        closing = true;
        try {
            body.close();
        } finally {
            Runnable release = onClose;
            onClose = null;
            if (release != null) {
                release.run();
            }
        }
    }

    /** Turns the parser's callbacks into {@link #events}; Jetty's base class parses {@code Content-Disposition}. */
    private final class Listener extends MultiPart.AbstractPartsListener {

        /** The current part's {@code Content-Type}, while its headers are parsed. */
        private String partContentType;

        @Override
        public void onPartHeader(String name, String value) {
            super.onPartHeader(name, value);
            if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
                partContentType = value;
            }
        }

        @Override
        public void onPartHeaders() {
            String name = getName();
            events.add(new Part(name == null ? "" : name, getFileName(), partContentType));
            partContentType = null;
        }

        @Override
        public void onPartContent(Content.Chunk chunk) {
            // a view of the array read in nextEvent (or of Jetty's constant CR); the parser releases the chunk
            // itself, and no pool is involved, so keeping the view until it is read is safe
            ByteBuffer bytes = chunk.getByteBuffer();
            if (bytes.hasRemaining()) {
                events.add(bytes.slice());
            }
        }

        @Override
        public void onPartEnd() {
            super.onPartEnd();
            events.add(PART_END);
        }

        @Override
        public void onPart(String name, String fileName, HttpFields headers) {
            // parts are announced in onPartHeaders, as they start
        }

        @Override
        public void onComplete() {
            complete = true;
        }

        @Override
        public void onFailure(Throwable cause) {
            if (failure == null) {
                failure = new MalformedFormException(String.valueOf(cause.getMessage()), cause);
            }
        }
    }
}
