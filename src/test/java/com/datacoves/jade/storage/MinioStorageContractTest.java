package com.datacoves.jade.storage;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract for the MinIO adapter against S3Proxy. */
class MinioStorageContractTest extends S3ProxyContractTest {

    @RegisterExtension
    static final S3ProxyServer S3PROXY = new S3ProxyServer();

    @Override
    S3ProxyServer server() {
        return S3PROXY;
    }

    @Override
    ObjectStorage adapter(String bucket, String endpoint, boolean createBucket) {
        return new MinioStorage(new MinioStorageConfig(endpoint, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY,
                bucket), createBucket);
    }
}
