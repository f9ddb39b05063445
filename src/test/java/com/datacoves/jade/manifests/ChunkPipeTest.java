package com.datacoves.jade.manifests;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkPipeTest {

    @Test
    void passesBytesInOrderAndPropagatesFailuresBothWays() throws Exception {
        byte[] data = new byte[3_000_000];
        new Random(1).nextBytes(data);
        ChunkPipe pipe = new ChunkPipe(4);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try (OutputStream out = pipe.sink()) {
                for (int i = 0; i < data.length; i += 10_000) {
                    out.write(data, i, Math.min(10_000, data.length - i));
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        byte[] read;
        try (InputStream in = pipe.source()) {
            read = in.readAllBytes();
        }
        producer.get();
        assertArrayEquals(data, read);

        // arrays are handed back and refilled: reads smaller than the writes, and writes of changing sizes, still see
        // every byte once and in order
        ChunkPipe reused = new ChunkPipe(2);
        CompletableFuture<Void> varied = CompletableFuture.runAsync(() -> {
            try (OutputStream out = reused.sink()) {
                for (int i = 0, size = 1; i < data.length; i += size, size = size % 20_000 + 997) {
                    out.write(data, i, Math.min(size, data.length - i));
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        java.io.ByteArrayOutputStream small = new java.io.ByteArrayOutputStream();
        try (InputStream in = reused.source()) {
            byte[] buffer = new byte[777];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                small.write(buffer, 0, n);
            }
        }
        varied.get();
        assertArrayEquals(data, small.toByteArray());

        ChunkPipe failing = new ChunkPipe(4);
        failing.sink().write(new byte[]{1, 2});
        failing.fail(new IOException("boom"));
        InputStream in = failing.source();
        assertTrue(in.read() == 1 && in.read() == 2);
        assertThrows(IOException.class, in::read);

        ChunkPipe abandoned = new ChunkPipe(1);
        abandoned.source().close();
        assertThrows(IOException.class, () -> abandoned.sink().write(new byte[10]));
    }
}
