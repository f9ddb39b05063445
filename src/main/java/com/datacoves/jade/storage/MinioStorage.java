package com.datacoves.jade.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetObjectResponse;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.errors.MinioException;
import io.minio.messages.Item;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/**
 * Objects in a MinIO bucket ({@code STORAGE_ADAPTER=minio}) through the minio-java 9 client.
 *
 * <p>Puts stream in 10 MiB parts (a multipart upload when larger, which MinIO completes only after the last part), so
 * memory stays bounded whether the length is known or not ({@code -1}).
 */
@Singleton
@Requires(property = "jade.storage.adapter", value = "minio")
public class MinioStorage implements ObjectStorage {

    /** Size in bytes of the upload parts; each part is held in memory while it is sent. */
    static final long PART_BYTES = 10L * 1024 * 1024;

    private static final String DEFAULT_TYPE = "application/octet-stream";

    private final MinioClient minio;
    private final String url;
    private final String bucket;
    private final boolean createBucket;

    /**
     * @param config       server, credentials and bucket
     * @param createBucket whether {@link #checkWritable()} creates a missing bucket ({@code STORAGE_CREATE_BUCKET})
     * @throws IllegalArgumentException when a setting is blank or the URL is not understood
     */
    @Inject
    public MinioStorage(MinioStorageConfig config,
                        @Property(name = "jade.storage.create-bucket", defaultValue = "false") boolean createBucket) {
        this.url = StorageFailures.require(config.url(), "jade.storage.minio.url (MINIO_URL)");
        this.bucket = StorageFailures.require(config.bucket(), "jade.storage.minio.bucket (MINIO_BUCKET_NAME)");
        this.createBucket = createBucket;
        this.minio = MinioClient.builder()
                .endpoint(url)
                .credentials(StorageFailures.require(config.accessKey(), "jade.storage.minio.access-key (MINIO_ACCESS_KEY)"),
                        StorageFailures.require(config.secretKey(), "jade.storage.minio.secret-key (MINIO_SECRET_KEY)"))
                .httpClient(SharedHttp.CLIENT, false)
                .build();
    }

    /**
     * One HTTP client for every MinIO adapter in the JVM, made on first use: minio's default client (which trusts the
     * extra certificates named by {@code SSL_CERT_FILE}, several seconds to load) with a 10 s connect timeout.
     */
    private static final class SharedHttp {
        static final OkHttpClient CLIENT = Http.newDefaultClient().newBuilder()
                .connectTimeout(10, TimeUnit.SECONDS)
                .build();
    }

    @Override
    public ObjectInfo put(StorageKey key, InputStream content, long length, String contentType) {
        CountingInputStream counted = new CountingInputStream(content);
        try {
            minio.putObject(PutObjectArgs.builder().bucket(bucket).object(key.value())
                    .stream(counted, length < 0 ? -1L : length, PART_BYTES)
                    .contentType(contentType == null ? DEFAULT_TYPE : contentType)
                    .parallelUploads(1)
                    .build());
            return new ObjectInfo(key.value(), length < 0 ? counted.count() : length, contentType);
        } catch (MinioException | RuntimeException e) {
            throw failure("write object '" + key + "'", e);
        }
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        try {
            GetObjectResponse in = minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key.value()).build());
            String size = in.headers().get("Content-Length");
            ObjectInfo info = new ObjectInfo(key.value(), size == null ? -1 : Long.parseLong(size),
                    in.headers().get("Content-Type"));
            return Optional.of(new StoredObject(info, in));
        } catch (ErrorResponseException e) {
            if (isNoSuchKey(e)) {
                return Optional.empty();
            }
            throw failure("read object '" + key + "'", e);
        } catch (MinioException | RuntimeException e) {
            throw failure("read object '" + key + "'", e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(StorageKey key) {
        try {
            StatObjectResponse r = minio.statObject(StatObjectArgs.builder().bucket(bucket).object(key.value()).build());
            return Optional.of(new ObjectInfo(key.value(), r.size(), r.contentType()));
        } catch (ErrorResponseException e) {
            if (isNoSuchKey(e)) {
                return Optional.empty();
            }
            throw failure("stat object '" + key + "'", e);
        } catch (MinioException | RuntimeException e) {
            throw failure("stat object '" + key + "'", e);
        }
    }

    @Override
    public void delete(StorageKey key) {
        try {
            minio.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key.value()).build());
        } catch (ErrorResponseException e) {
            if (!isNoSuchKey(e)) {
                throw failure("delete object '" + key + "'", e);
            }
        } catch (MinioException | RuntimeException e) {
            throw failure("delete object '" + key + "'", e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        try {
            List<ObjectInfo> found = new ArrayList<>();
            for (Result<Item> result : minio.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                if (!item.isDir()) {
                    found.add(new ObjectInfo(item.objectName(), item.size(), null));
                }
            }
            found.sort(Comparator.comparing(ObjectInfo::key));
            return found;
        } catch (MinioException | RuntimeException e) {
            throw failure("list '" + prefix + "'", e);
        }
    }

    /**
     * Checks the bucket exists (creating it when allowed), then writes and deletes a probe object.
     *
     * @throws StorageException e.g. {@code storage: cannot reach MinIO at http://localhost:9000: Connection refused}
     */
    @Override
    public void checkWritable() {
        if (!bucketExists()) {
            if (!createBucket) {
                throw new StorageException("storage: MinIO bucket '" + bucket + "' does not exist at " + url
                        + " (set STORAGE_CREATE_BUCKET=true to create it)");
            }
            try {
                minio.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            } catch (MinioException | RuntimeException e) {
                throw failure("create bucket '" + bucket + "'", e);
            }
        }
        StorageKey probe = StorageFailures.probeKey();
        put(probe, new ByteArrayInputStream(new byte[] {'o', 'k'}), 2, "text/plain");
        delete(probe);
    }

    /** @throws StorageException when MinIO is unreachable or the bucket is missing */
    @Override
    public void checkReachable() {
        if (!bucketExists()) {
            throw new StorageException("storage: MinIO bucket '" + bucket + "' does not exist at " + url);
        }
    }

    private boolean bucketExists() {
        try {
            return minio.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (MinioException | RuntimeException e) {
            throw failure("open bucket '" + bucket + "'", e);
        }
    }

    @Override
    public String location() {
        return bucket;
    }

    @Override
    public String adapterName() {
        return "minio";
    }

    private static boolean isNoSuchKey(ErrorResponseException e) {
        String code = e.errorResponse() == null ? null : e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code);
    }

    private StorageException failure(String action, Exception e) {
        if (e instanceof StorageException se) {
            return se;
        }
        String cause = StorageFailures.rootMessage(e);
        if (StorageFailures.isNetwork(e)) {
            return new StorageException("storage: cannot reach MinIO at " + url + " to " + action + ": " + cause, e);
        }
        if (e instanceof ErrorResponseException ere && ere.errorResponse() != null) {
            String code = ere.errorResponse().code();
            if ("NoSuchBucket".equals(code)) {
                return new StorageException("storage: MinIO bucket '" + bucket + "' does not exist at " + url, e);
            }
            if ("AccessDenied".equals(code) || "InvalidAccessKeyId".equals(code)
                    || "SignatureDoesNotMatch".equals(code)) {
                return new StorageException("storage: MinIO at " + url + " denied access to bucket '" + bucket
                        + "' to " + action + " (" + code + "; check MINIO_ACCESS_KEY/MINIO_SECRET_KEY)", e);
            }
            return new StorageException("storage: MinIO bucket '" + bucket + "' refused to " + action + ": " + code, e);
        }
        return new StorageException("storage: MinIO bucket '" + bucket + "' failed to " + action + ": " + cause, e);
    }
}
