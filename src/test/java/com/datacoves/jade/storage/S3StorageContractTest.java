package com.datacoves.jade.storage;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract for the S3 adapter against S3Proxy. */
class S3StorageContractTest extends S3ProxyContractTest {

    @RegisterExtension
    static final S3ProxyServer S3PROXY = new S3ProxyServer();

    @Override
    S3ProxyServer server() {
        return S3PROXY;
    }

    @Override
    ObjectStorage adapter(String bucket, String endpoint, boolean createBucket) {
        return new S3Storage(new S3StorageConfig(bucket, "us-east-1", S3ProxyServer.ACCESS_KEY,
                S3ProxyServer.SECRET_KEY, endpoint), createBucket);
    }
}
