package com.datacoves.jade.http;

import com.datacoves.jade.common.InvalidInputException;
import io.micronaut.http.body.ByteBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Hooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link MultipartStream} takes a body that Micronaut discards: after the stream was closed, quietly (Reactor
 * would otherwise log the late error at ERROR); while the form is still being read, as the failure it is (400).
 */
class MultipartStreamTest {

    private static final UploadSettings LIMITS = new UploadSettings(32, 65536, 1048576, 1000, 16384,
            Duration.ofSeconds(30));
    /** The start of a form: one file part whose content has begun, no closing boundary yet. */
    private static final byte[] START = ("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.json\"\r\n"
            + "\r\n{\"metadata\":").getBytes(StandardCharsets.US_ASCII);

    private final List<Throwable> dropped = new CopyOnWriteArrayList<>();

    /**
     * A body that sends {@link #START}, then, asked for more, fails with BodyDiscardedException if
     * {@code failWhenAsked}; and fails with it after being cancelled, as Micronaut's discarded bodies do.
     */
    private static Publisher<byte[]> discardedBody(boolean failWhenAsked) {
        return subscriber -> subscriber.onSubscribe(new Subscription() {
            private boolean sent;
            private boolean ended;

            @Override
            public void request(long n) {
                long wanted = n;
                if (!sent) {
                    sent = true;
                    wanted--;
                    subscriber.onNext(START);
                }
                if (wanted > 0 && failWhenAsked && !ended) {
                    ended = true;
                    subscriber.onError(ByteBody.BodyDiscardedException.create());
                }
            }

            @Override
            public void cancel() {
                if (!ended) {
                    ended = true;
                    subscriber.onError(ByteBody.BodyDiscardedException.create());
                }
            }
        });
    }

    @AfterEach
    void resetHook() {
        Hooks.resetOnErrorDropped();
    }

    @Test
    void aBodyDiscardedAfterCloseEndsQuietly() throws IOException {
        Hooks.onErrorDropped(dropped::add);
        MultipartStream form = new MultipartStream(discardedBody(false), "B", LIMITS, () -> { });
        MultipartStream.Part part = form.next();
        assertEquals("file", part.name());
        byte[] first = new byte[12];
        assertEquals(12, part.content().readNBytes(first, 0, 12));
        assertEquals("{\"metadata\":", new String(first, StandardCharsets.US_ASCII));
        form.close();
        assertTrue(dropped.isEmpty(), "dropped after close: " + dropped);
    }

    @Test
    void aBodyDiscardedWhileReadingFailsTheUpload() {
        Hooks.onErrorDropped(dropped::add);
        MultipartStream form = new MultipartStream(discardedBody(true), "B", LIMITS, () -> { });
        InvalidInputException failure = assertThrows(InvalidInputException.class,
                () -> form.next().content().readAllBytes());
        assertEquals("the upload was interrupted", failure.getMessage());
        form.close();
        assertTrue(dropped.isEmpty(), "dropped: " + dropped);
    }
}
