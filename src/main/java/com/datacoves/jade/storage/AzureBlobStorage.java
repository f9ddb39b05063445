package com.datacoves.jade.storage;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.specialized.BlobInputStream;
import com.azure.storage.blob.specialized.BlockBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Objects in an Azure Blob Storage container ({@code STORAGE_ADAPTER=blob}) as block blobs, through
 * azure-storage-blob 12.
 *
 * <p>A put, of known or unknown ({@code -1}) length, reads 8 MiB blocks into one reused buffer, stages them under
 * block ids unique to this upload and commits the list at the end, so nothing partial is visible (Azure discards
 * uncommitted blocks) and memory stays bounded; a stream that fits in one block goes up in a single request. (The
 * SDK's own {@code BlobClient.upload(InputStream, length, true)} was measured holding about 45 MiB for 200 MB.)
 */
@Singleton
@Requires(property = "jade.storage.adapter", value = "blob")
public class AzureBlobStorage implements ObjectStorage {

    /** Size in bytes of the blocks of an upload. */
    static final int BLOCK_BYTES = 8 * 1024 * 1024;

    private final BlobContainerClient container;
    private final String name;
    private final String where;
    private final boolean createBucket;

    /**
     * @param config       container plus connection string, or account name and key (and optional endpoint)
     * @param createBucket whether {@link #checkWritable()} creates a missing container ({@code STORAGE_CREATE_BUCKET})
     * @throws IllegalArgumentException when neither a connection string nor an account name and key are set
     */
    @Inject
    public AzureBlobStorage(BlobStorageConfig config,
                            @Property(name = "jade.storage.create-bucket", defaultValue = "false") boolean createBucket) {
        this.name = StorageFailures.require(config.container(), "jade.storage.blob.container (BLOB_CONTAINER)");
        this.createBucket = createBucket;
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 3, (Duration) null,
                        Duration.ofMillis(200), Duration.ofSeconds(5), null));
        String connection = StorageFailures.blankToNull(config.connectionString());
        if (connection != null) {
            try {
                builder.connectionString(connection);
            } catch (RuntimeException e) { // its message may quote the connection string: do not repeat it
                throw new IllegalArgumentException("storage: BLOB_STORAGE_ACCOUNT_CONNECTION_STRING is not a valid "
                        + "Azure Storage connection string");
            }
        } else {
            String account = StorageFailures.require(config.accountName(),
                    "jade.storage.blob.account-name (BLOB_STORAGE_ACCOUNT_NAME, or a connection string)");
            String key = StorageFailures.require(config.accountKey(),
                    "jade.storage.blob.account-key (BLOB_STORAGE_ACCOUNT_KEY, or a connection string)");
            String endpoint = StorageFailures.blankToNull(config.endpoint());
            builder.credential(new StorageSharedKeyCredential(account, key))
                    .endpoint(endpoint != null ? endpoint : "https://" + account + ".blob.core.windows.net");
        }
        this.container = builder.buildClient().getBlobContainerClient(name);
        this.where = container.getAccountUrl();
    }

    @Override
    public ObjectInfo put(StorageKey key, InputStream content, long length, String contentType) {
        BlobClient blob = container.getBlobClient(key.value());
        BlobHttpHeaders headers = new BlobHttpHeaders().setContentType(contentType);
        try {
            return uploadBlocks(blob.getBlockBlobClient(), key, content, length, headers);
        } catch (IOException | RuntimeException e) {
            throw failure("write object '" + key + "'", e);
        }
    }

    /**
     * Reads blocks into one reused buffer: a stream that fits in one block goes up in a single request; a longer one
     * is staged block by block and committed at the end (replacing any existing blob). When {@code length} is known
     * and the stream holds another number of bytes, nothing is committed.
     */
    private ObjectInfo uploadBlocks(BlockBlobClient blob, StorageKey key, InputStream content, long length,
                                    BlobHttpHeaders headers) throws IOException {
        // A small known length needs no full block: one byte more than announced is enough to see the end.
        byte[] buffer = new byte[length >= 0 && length < BLOCK_BYTES ? (int) length + 1 : BLOCK_BYTES];
        int n = StorageFailures.readFully(content, buffer);
        if (n < buffer.length) {
            checkLength(key, length, n);
            blob.uploadWithResponse(new ByteArrayInputStream(buffer, 0, n), n, headers, null, null, null, null, null,
                    Context.NONE);
            return new ObjectInfo(key.value(), n, headers.getContentType());
        }
        // Ids must have the same length within a blob; the random part keeps concurrent uploads apart.
        String upload = UUID.randomUUID().toString();
        List<String> ids = new ArrayList<>();
        long total = 0;
        while (n > 0) {
            String id = Base64.getEncoder().encodeToString(
                    String.format("%s-%06d", upload, ids.size()).getBytes(StandardCharsets.US_ASCII));
            blob.stageBlock(id, BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, n)));
            ids.add(id);
            total += n;
            n = n < buffer.length ? 0 : StorageFailures.readFully(content, buffer);
        }
        checkLength(key, length, total);
        blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(ids).setHeaders(headers), null,
                Context.NONE);
        return new ObjectInfo(key.value(), total, headers.getContentType());
    }

    private static void checkLength(StorageKey key, long announced, long actual) {
        if (announced >= 0 && announced != actual) {
            throw new StorageException("storage: object '" + key + "' was announced as " + announced
                    + " bytes but the stream held " + actual);
        }
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        try {
            BlobInputStream in = container.getBlobClient(key.value()).openInputStream();
            BlobProperties p = in.getProperties();
            return Optional.of(new StoredObject(new ObjectInfo(key.value(), p.getBlobSize(), p.getContentType()), in));
        } catch (RuntimeException e) {
            if (isBlobNotFound(e)) {
                return Optional.empty();
            }
            throw failure("read object '" + key + "'", e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(StorageKey key) {
        try {
            BlobProperties p = container.getBlobClient(key.value()).getProperties();
            return Optional.of(new ObjectInfo(key.value(), p.getBlobSize(), p.getContentType()));
        } catch (RuntimeException e) {
            if (isBlobNotFound(e)) {
                return Optional.empty();
            }
            throw failure("stat object '" + key + "'", e);
        }
    }

    @Override
    public void delete(StorageKey key) {
        try {
            container.getBlobClient(key.value()).deleteIfExists();
        } catch (RuntimeException e) {
            throw failure("delete object '" + key + "'", e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        try {
            List<ObjectInfo> found = new ArrayList<>();
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null)) {
                if (!Boolean.TRUE.equals(item.isPrefix())) {
                    found.add(new ObjectInfo(item.getName(), item.getProperties().getContentLength(),
                            item.getProperties().getContentType()));
                }
            }
            found.sort(Comparator.comparing(ObjectInfo::key));
            return found;
        } catch (RuntimeException e) {
            throw failure("list '" + prefix + "'", e);
        }
    }

    /**
     * Checks the container exists (creating it when allowed), then writes and deletes a probe blob.
     *
     * @throws StorageException e.g. {@code storage: Azure container 'x' does not exist (set STORAGE_CREATE_BUCKET=true
     *                          to create it)}
     */
    @Override
    public void checkWritable() {
        if (!containerExists()) {
            if (!createBucket) {
                throw new StorageException("storage: Azure container '" + name
                        + "' does not exist (set STORAGE_CREATE_BUCKET=true to create it)");
            }
            try {
                container.createIfNotExists();
            } catch (RuntimeException e) {
                throw failure("create container '" + name + "'", e);
            }
        }
        StorageKey probe = StorageFailures.probeKey();
        put(probe, new ByteArrayInputStream(new byte[] {'o', 'k'}), 2, "text/plain");
        delete(probe);
    }

    /** @throws StorageException when Azure is unreachable, refuses the credentials or the container is missing */
    @Override
    public void checkReachable() {
        if (!containerExists()) {
            throw new StorageException("storage: Azure container '" + name + "' does not exist");
        }
    }

    private boolean containerExists() {
        try {
            return container.exists();
        } catch (RuntimeException e) {
            throw failure("open container '" + name + "'", e);
        }
    }

    @Override
    public String location() {
        return name;
    }

    @Override
    public String adapterName() {
        return "blob";
    }

    private static boolean isBlobNotFound(RuntimeException e) {
        return e instanceof BlobStorageException bse && (BlobErrorCode.BLOB_NOT_FOUND.equals(bse.getErrorCode())
                || bse.getStatusCode() == 404 && bse.getErrorCode() == null);
    }

    private StorageException failure(String action, Exception e) {
        if (e instanceof StorageException se) {
            return se;
        }
        if (StorageFailures.isNetwork(e)) {
            return new StorageException("storage: cannot reach Azure Blob Storage at " + where + " to " + action + ": "
                    + StorageFailures.rootMessage(e), e);
        }
        if (e instanceof BlobStorageException bse) {
            BlobErrorCode code = bse.getErrorCode();
            if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
                return new StorageException("storage: Azure container '" + name + "' does not exist", e);
            }
            if (bse.getStatusCode() == 403) {
                return new StorageException("storage: Azure denied access to container '" + name + "' to " + action
                        + " (" + code + "; check the account key or connection string)", e);
            }
            return new StorageException("storage: Azure container '" + name + "' refused to " + action + ": "
                    + (code != null ? code + ", " : "") + "HTTP " + bse.getStatusCode(), e);
        }
        return new StorageException("storage: Azure container '" + name + "' failed to " + action + ": "
                + StorageFailures.rootMessage(e), e);
    }
}
