package com.datacoves.jade.storage;

import java.util.UUID;

/**
 * The contract for an S3-protocol adapter against S3Proxy (a real S3 server in this JVM, storing in a temporary
 * folder). A subclass registers its own server ({@code @RegisterExtension static final S3ProxyServer}, started once
 * per class) and says how to build its adapter.
 */
abstract class S3ProxyContractTest extends ObjectStorageContractTest {

    private ObjectStorage ready;

    /** The class's running S3Proxy. */
    abstract S3ProxyServer server();

    /**
     * The adapter under test.
     *
     * @param bucket       bucket name
     * @param endpoint     S3 endpoint URL, e.g. {@code http://127.0.0.1:41234}
     * @param createBucket whether the adapter may create a missing bucket ({@code STORAGE_CREATE_BUCKET})
     */
    abstract ObjectStorage adapter(String bucket, String endpoint, boolean createBucket);

    @Override
    ObjectStorage storage() {
        if (ready == null) {
            ready = adapter("jade-test", server().uri().toString(), true);
            ready.checkWritable(); // creates the bucket on the first test
        }
        return ready;
    }

    @Override
    ObjectStorage storageWithMissingBucket(boolean createBucket) {
        return adapter("missing-" + UUID.randomUUID().toString().substring(0, 8), server().uri().toString(),
                createBucket);
    }

    @Override
    ObjectStorage unreachableStorage() {
        return adapter("jade-test", "http://127.0.0.1:" + FreePort.pick(), false);
    }
}
