package com.datacoves.jade.storage;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an Amazon S3 bucket, or in any S3-compatible server when an endpoint is set
 * ({@code STORAGE_ADAPTER=s3}), through the AWS SDK v2 with the Apache HTTP client.
 *
 * <p>A put of known length streams in one request; a put of unknown length ({@code -1}) reads 8 MiB parts into one
 * reused buffer and sends them as a multipart upload, completed only after the last part and aborted on any failure,
 * so nothing partial is ever visible and memory stays bounded. Streams shorter than one part go in a single request.
 */
@Singleton
@Requires(property = "jade.storage.adapter", value = "s3")
public class S3Storage implements ObjectStorage {

    /** Size in bytes of the parts of an upload of unknown length (S3 needs at least 5 MiB but for the last). */
    static final int PART_BYTES = 8 * 1024 * 1024;

    private final boolean createBucket;
    private final String bucket;
    private final String region;
    private final String where;
    private final S3Client s3;

    /**
     * @param config       bucket, region, optional static credentials and endpoint
     * @param createBucket whether {@link #checkWritable()} creates a missing bucket ({@code STORAGE_CREATE_BUCKET})
     * @throws IllegalArgumentException when the bucket or region is blank, or only one of the keys is set
     */
    @Inject
    public S3Storage(S3StorageConfig config,
                     @Property(name = "jade.storage.create-bucket", defaultValue = "false") boolean createBucket) {
        this.createBucket = createBucket;
        this.bucket = StorageFailures.require(config.bucket(), "jade.storage.s3.bucket (S3_BUCKET_NAME)");
        this.region = StorageFailures.require(config.region(), "jade.storage.s3.region (S3_REGION)");
        String accessKey = StorageFailures.blankToNull(config.accessKey());
        String secretKey = StorageFailures.blankToNull(config.secretKey());
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("storage: S3_ACCESS_KEY and S3_SECRET_ACCESS_KEY must be set together");
        }
        AwsCredentialsProvider credentials = accessKey == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2)));
        String endpoint = StorageFailures.blankToNull(config.endpoint());
        if (endpoint != null) {
            // S3-compatible servers: path-style URLs, and only the checksums S3 itself has always required.
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        this.where = endpoint != null ? endpoint : "region " + region;
        this.s3 = builder.build();
    }

    @Override
    public ObjectInfo put(StorageKey key, InputStream content, long length, String contentType) {
        CountingInputStream counted = new CountingInputStream(content);
        try {
            if (length >= 0) {
                s3.putObject(b -> b.bucket(bucket).key(key.value()).contentType(contentType).contentLength(length),
                        RequestBody.fromInputStream(counted, length));
                return new ObjectInfo(key.value(), length, contentType);
            }
            byte[] buffer = new byte[PART_BYTES];
            int first = StorageFailures.readFully(counted, buffer);
            if (first < PART_BYTES) {
                s3.putObject(b -> b.bucket(bucket).key(key.value()).contentType(contentType).contentLength((long) first),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, first), first));
                return new ObjectInfo(key.value(), first, contentType);
            }
            return multipart(key, counted, contentType, buffer);
        } catch (IOException | RuntimeException e) {
            if (counted.failure() != null) { // the caller's stream broke (and the SDK may have tried to resend it)
                throw new StorageException("storage: reading the content of object '" + key + "' failed: "
                        + StorageFailures.rootMessage(counted.failure()), counted.failure());
            }
            throw failure("write object '" + key + "'", e);
        }
    }

    /** Multipart upload of a stream whose first full part is already in {@code buffer}. */
    private ObjectInfo multipart(StorageKey key, InputStream content, String contentType, byte[] buffer)
            throws IOException {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key.value()).contentType(contentType))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            int n = buffer.length;
            while (n > 0) {
                int partNumber = parts.size() + 1;
                int size = n;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key.value()).uploadId(uploadId)
                                .partNumber(partNumber).contentLength((long) size),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, size), size)).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
                total += size;
                n = size < buffer.length ? 0 : StorageFailures.readFully(content, buffer);
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key.value()).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            return new ObjectInfo(key.value(), total, contentType);
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key.value()).uploadId(uploadId));
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    @Override
    public Optional<StoredObject> get(StorageKey key) {
        try {
            ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key.value()));
            GetObjectResponse r = in.response();
            return Optional.of(new StoredObject(new ObjectInfo(key.value(), r.contentLength(), r.contentType()), in));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read object '" + key + "'", e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(StorageKey key) {
        try {
            HeadObjectResponse r = s3.headObject(b -> b.bucket(bucket).key(key.value()));
            return Optional.of(new ObjectInfo(key.value(), r.contentLength(), r.contentType()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("stat object '" + key + "'", e);
        }
    }

    @Override
    public void delete(StorageKey key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key.value()));
        } catch (SdkException e) {
            throw failure("delete object '" + key + "'", e);
        }
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        try {
            List<ObjectInfo> found = new ArrayList<>();
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                found.add(new ObjectInfo(o.key(), o.size(), null));
            }
            found.sort(Comparator.comparing(ObjectInfo::key));
            return found;
        } catch (SdkException e) {
            throw failure("list '" + prefix + "'", e);
        }
    }

    /**
     * Checks the bucket exists (creating it when allowed), then writes and deletes a probe object.
     *
     * @throws StorageException e.g. {@code storage: S3 bucket 'x' does not exist (set STORAGE_CREATE_BUCKET=true to
     *                          create it)}
     */
    @Override
    public void checkWritable() {
        if (!bucketExists()) {
            if (!createBucket) {
                throw new StorageException("storage: S3 bucket '" + bucket
                        + "' does not exist (set STORAGE_CREATE_BUCKET=true to create it)");
            }
            try {
                s3.createBucket(b -> {
                    b.bucket(bucket);
                    if (!"us-east-1".equals(region)) {
                        b.createBucketConfiguration(c -> c.locationConstraint(region));
                    }
                });
            } catch (SdkException e) {
                throw failure("create bucket '" + bucket + "'", e);
            }
        }
        StorageKey probe = StorageFailures.probeKey();
        put(probe, new ByteArrayInputStream(new byte[] {'o', 'k'}), 2, "text/plain");
        delete(probe);
    }

    /** @throws StorageException when S3 is unreachable or the bucket is missing or forbidden */
    @Override
    public void checkReachable() {
        if (!bucketExists()) {
            throw new StorageException("storage: S3 bucket '" + bucket + "' does not exist");
        }
    }

    private boolean bucketExists() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("open bucket '" + bucket + "'", e);
        } catch (SdkException e) {
            throw failure("open bucket '" + bucket + "'", e);
        }
    }

    @Override
    public String location() {
        return bucket;
    }

    @Override
    public String adapterName() {
        return "s3";
    }

    /** Closes the HTTP connection pool. */
    @PreDestroy
    public void close() {
        s3.close();
    }

    private StorageException failure(String action, Exception e) {
        String cause = StorageFailures.rootMessage(e);
        if (StorageFailures.isNetwork(e)) {
            return new StorageException("storage: cannot reach S3 at " + where + " to " + action + ": " + cause, e);
        }
        if (e instanceof S3Exception s3e) {
            String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                return new StorageException("storage: S3 bucket '" + bucket + "' does not exist", e);
            }
            if (s3e.statusCode() == 403) {
                return new StorageException("storage: S3 denied access to bucket '" + bucket + "' to " + action
                        + " (check S3_ACCESS_KEY/S3_SECRET_ACCESS_KEY or the role's permissions): " + cause, e);
            }
            return new StorageException("storage: S3 bucket '" + bucket + "' refused to " + action + ": "
                    + (code != null ? code + ", " : "") + "HTTP " + s3e.statusCode(), e);
        }
        return new StorageException("storage: S3 bucket '" + bucket + "' failed to " + action + ": " + cause, e);
    }
}
