package com.datacoves.jade.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract for the Azure Blob adapter against Azurite (started by the test from node_modules). */
class AzureBlobStorageContractTest extends ObjectStorageContractTest {

    @RegisterExtension
    static final AzuriteExtension AZURITE = new AzuriteExtension();

    private static AzureBlobStorage ready;

    @Override
    ObjectStorage storage() {
        if (ready == null) {
            ready = new AzureBlobStorage(new BlobStorageConfig("jade-test", AZURITE.connectionString(), null, null,
                    null), true);
            ready.checkWritable(); // creates the container
        }
        return ready;
    }

    @Override
    ObjectStorage storageWithMissingBucket(boolean createBucket) {
        return new AzureBlobStorage(new BlobStorageConfig("missing-" + UUID.randomUUID().toString().substring(0, 8),
                AZURITE.connectionString(), null, null, null), createBucket);
    }

    @Override
    ObjectStorage unreachableStorage() {
        String closed = AZURITE.connectionString().replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:" + FreePort.pick());
        return new AzureBlobStorage(new BlobStorageConfig("jade-test", closed, null, null, null), false);
    }

    @Test
    void accountNameAndKeyWithAnEndpointWorkLikeAConnectionString() throws IOException {
        storage();
        AzureBlobStorage byKey = new AzureBlobStorage(new BlobStorageConfig("jade-test", null,
                AzuriteExtension.ACCOUNT, AzuriteExtension.KEY, AZURITE.blobEndpoint()), false);
        byKey.checkWritable();
        StorageKey k = key("by-key.json");
        byKey.put(k, new ByteArrayInputStream(bytes("{}")), 2, "application/json");
        assertArrayEquals(bytes("{}"), read(storage(), k));
    }

    @Test
    void aWrongKeyIsAStorageExceptionWithoutTheKey() {
        String wrong = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleQ==";
        AzureBlobStorage bad = new AzureBlobStorage(new BlobStorageConfig("jade-test", null,
                AzuriteExtension.ACCOUNT, wrong, AZURITE.blobEndpoint()), false);
        StorageException e = assertThrows(StorageException.class, bad::checkWritable);
        assertTrue(!e.detail().contains(wrong) && e.detail().startsWith("storage: "), e.detail());
    }

    @Test
    void aBrokenConnectionStringIsRefusedWithoutQuotingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AzureBlobStorage(
                new BlobStorageConfig("c", "AccountKey=secret-value;nonsense", null, null, null), false));
        assertTrue(!e.getMessage().contains("secret-value"), e.getMessage());
    }
}
