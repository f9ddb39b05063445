package com.datacoves.jade.observability;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/** A multipart manifest upload whose body trickles out in small chunks with pauses (a slow client). */
final class SlowBody {

    static final String BOUNDARY = "jade-slow-boundary";

    /** Counted down once the first chunk has been sent. */
    final CountDownLatch started = new CountDownLatch(1);
    private final byte[] body;
    private final int chunk;
    private final long pauseMillis;

    /**
     * @param manifest    the manifest's bytes (the {@code file} part)
     * @param slug        {@code environment_slug}
     * @param chunk       bytes per write
     * @param pauseMillis pause before each write
     */
    SlowBody(byte[] manifest, String slug, int chunk, long pauseMillis) {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"environment_slug\"\r\n\r\n" + slug
                + "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"manifest.json\""
                + "\r\nContent-Type: application/json\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "--\r\n";
        InputStream all = new SequenceInputStream(new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)),
                new SequenceInputStream(new ByteArrayInputStream(manifest),
                        new ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8))));
        try {
            this.body = all.readAllBytes();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        this.chunk = chunk;
        this.pauseMillis = pauseMillis;
    }

    /** Total body length. */
    long length() {
        return body.length;
    }

    /** The publisher: a fixed-length body read from a throttled stream. */
    HttpRequest.BodyPublisher publisher() {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
            private int position;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= body.length) {
                    return -1;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
                int n = Math.min(Math.min(len, chunk), body.length - position);
                System.arraycopy(body, position, b, off, n);
                position += n;
                started.countDown();
                return n;
            }
        }), body.length);
    }
}
