package com.datacoves.jade.storage;

import org.gaul.s3proxy.junit.S3ProxyJunitCore;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A real S3 server (S3Proxy, files in a temporary folder) behind a {@link TcpRelay}, for outage tests: {@link #cut()}
 * makes it unreachable (open connections cut, new ones refused), {@link #restore()} reachable again at the same
 * address with its data. {@link #properties} point Jade's S3 adapter at it.
 */
final class RelayedS3Proxy implements AutoCloseable {

    private final S3ProxyJunitCore s3;
    private final TcpRelay relay;
    private final int port;

    /** Starts both. */
    RelayedS3Proxy() throws Exception {
        s3 = new S3ProxyJunitCore.Builder().withBlobStoreProvider("filesystem")
                .withCredentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        s3.beforeEach();
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        relay = new TcpRelay(port, s3.getUri().getPort());
        relay.start();
    }

    /** Micronaut properties for Jade's S3 adapter on {@code bucket} (created at start), through the relay. */
    Map<String, String> properties(String bucket) {
        return Map.of("jade.storage.adapter", "s3", "jade.storage.s3.bucket", bucket,
                "jade.storage.s3.region", "us-east-1", "jade.storage.s3.access-key", S3ProxyServer.ACCESS_KEY,
                "jade.storage.s3.secret-key", S3ProxyServer.SECRET_KEY,
                "jade.storage.s3.endpoint", "http://127.0.0.1:" + port, "jade.storage.create-bucket", "true");
    }

    /** The relay, to watch the bytes it carries. */
    TcpRelay relay() {
        return relay;
    }

    /** The store becomes unreachable. */
    void cut() throws IOException {
        relay.stop();
    }

    /** The store is reachable again. */
    void restore() throws IOException {
        relay.start();
    }

    @Override
    public void close() throws IOException {
        relay.close();
        s3.afterEach();
    }
}
