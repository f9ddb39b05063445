package com.datacoves.jade.storage;

import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract for the S3 adapter against S3Proxy (a real S3 server in this JVM, storing in a temporary folder). */
class S3StorageContractTest extends ObjectStorageContractTest {

    @RegisterExtension
    static final S3ProxyServer S3PROXY = new S3ProxyServer();

    private static S3Storage ready;

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

    private static S3Storage adapter(String bucket, String endpoint, boolean createBucket) {
        return new S3Storage(new S3StorageConfig(bucket, "us-east-1", S3ProxyServer.ACCESS_KEY,
                S3ProxyServer.SECRET_KEY, endpoint), createBucket);
    }
}
