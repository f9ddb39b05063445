package com.datacoves.jade.storage;

import java.net.URI;
import org.gaul.s3proxy.junit.S3ProxyJunitCore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3 server (S3Proxy, in this JVM, on a random port of 127.0.0.1) started once for a test class: register it
 * with {@code @RegisterExtension static}. It stores objects in a temporary folder rather than in the heap, so that
 * the heap measurements of the 200 MB cases see only the client's memory, and it removes everything at the end.
 *
 * <p>Unlike S3Proxy's own {@code S3ProxyExtension}, which restarts the server around every test, this keeps one server
 * (and one client) per class; tests stay apart by writing under their own prefixes.
 */
final class S3ProxyServer implements BeforeAllCallback, AfterAllCallback {

    static final String ACCESS_KEY = "jade-access";
    static final String SECRET_KEY = "jade-secret-key";

    private final S3ProxyJunitCore core = new S3ProxyJunitCore.Builder()
            .withBlobStoreProvider("filesystem")
            .withCredentials(ACCESS_KEY, SECRET_KEY)
            .build();

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        core.beforeEach();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        core.afterEach();
    }

    /** The server's address, e.g. {@code http://127.0.0.1:41234}. */
    URI uri() {
        return core.getUri();
    }
}
