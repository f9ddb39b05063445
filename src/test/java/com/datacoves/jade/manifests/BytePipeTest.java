package com.datacoves.jade.manifests;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The streams {@link BytePipe} puts on Okio's pipe: order, end of stream, bound, and failures both ways. */
class BytePipeTest {

    private static final byte[] DATA = new byte[3_000_000];

    static {
        new Random(1).nextBytes(DATA);
    }

    /** Writes DATA in pieces of changing sizes on another thread, then closes the sink. */
    private static CompletableFuture<Void> produce(BytePipe pipe) {
        return CompletableFuture.runAsync(() -> {
            try (OutputStream out = pipe.sink()) {
                for (int i = 0, size = 1; i < DATA.length; i += size, size = size % 300_000 + 997) {
                    out.write(DATA, i, Math.min(size, DATA.length - i));
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void passesEveryByteOnceAndInOrder() throws Exception {
        // a pipe smaller than the data and than some writes: the producer waits for the reader
        BytePipe pipe = new BytePipe(64 * 1024);
        CompletableFuture<Void> producer = produce(pipe);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try (InputStream in = pipe.source()) {
            byte[] buffer = new byte[777];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.write(buffer, 0, n);
            }
            assertEquals(-1, in.read(buffer), "the end stays the end");
        }
        producer.get();
        assertArrayEquals(DATA, read.toByteArray());

        BytePipe large = new BytePipe(BytePipe.REFILL_BYTES * 4L);
        CompletableFuture<Void> again = produce(large);
        try (InputStream in = large.source()) {
            assertArrayEquals(DATA, in.readAllBytes());
        }
        again.get();
    }

    @Test
    void cancelFailsTheReaderAndAClosedReaderFailsTheWriter() throws Exception {
        BytePipe cancelled = new BytePipe(1024);
        OutputStream out = cancelled.sink();
        out.write(new byte[]{1, 2});
        out.flush();
        InputStream in = cancelled.source();
        cancelled.cancel();
        assertThrows(IOException.class, in::read);
        assertThrows(IOException.class, () -> {
            out.write(new byte[20_000]);
            out.flush();
        });

        BytePipe abandoned = new BytePipe(1024);
        abandoned.source().close();
        assertThrows(IOException.class, () -> {
            OutputStream sink = abandoned.sink();
            sink.write(new byte[20_000]);
            sink.flush();
        });

        // a reader, waiting for bytes or not reading yet, fails once the pipe is cancelled
        BytePipe waiting = new BytePipe(1024);
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream source = waiting.source()) {
                return source.read();
            } catch (IOException e) {
                return -2;
            }
        });
        waiting.cancel();
        assertEquals(-2, reader.get());
    }
}
