package com.datacoves.jade.storage;

import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract for the MinIO adapter against S3Proxy (a real S3 server in this JVM, storing in a temporary folder). */
class MinioStorageContractTest extends ObjectStorageContractTest {

    @RegisterExtension
    static final S3ProxyServer S3PROXY = new S3ProxyServer();

    private static MinioStorage ready;

    @Override
    ObjectStorage storage() {
        if (ready == null) {
            ready = adapter("jade-test", S3PROXY.uri().toString(), true);
            ready.checkWritable(); // creates the bucket
        }
        return ready;
    }

    @Override
    ObjectStorage storageWithMissingBucket(boolean createBucket) {
        return adapter("missing-" + UUID.randomUUID().toString().substring(0, 8), S3PROXY.uri().toString(),
                createBucket);
    }

    @Override
    ObjectStorage unreachableStorage() {
        return adapter("jade-test", "http://127.0.0.1:" + FreePort.pick(), false);
    }

    private static MinioStorage adapter(String bucket, String endpoint, boolean createBucket) {
        return new MinioStorage(new MinioStorageConfig(endpoint, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                bucket), createBucket);
    }
}
