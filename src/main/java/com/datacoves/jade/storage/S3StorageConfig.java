package com.datacoves.jade.storage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * Settings of {@link S3Storage} ({@code jade.storage.s3.*}, from {@code S3_BUCKET_NAME}, {@code S3_REGION},
 * {@code S3_ACCESS_KEY}, {@code S3_SECRET_ACCESS_KEY}, {@code S3_ENDPOINT}).
 *
 * @param bucket    bucket holding the objects
 * @param region    AWS region, e.g. {@code eu-west-1}
 * @param accessKey access key id; with {@code secretKey}, or both null to use the AWS default credentials chain
 *                  (environment, profile, web identity, instance role)
 * @param secretKey secret access key; never printed
 * @param endpoint  optional endpoint of an S3-compatible server, e.g. {@code http://127.0.0.1:9000}; path-style
 *                  addressing is then used
 */
@ConfigurationProperties("jade.storage.s3")
public record S3StorageConfig(@NotBlank String bucket, @NotBlank String region, @Nullable String accessKey,
                              @Nullable String secretKey, @Nullable String endpoint) {

    /** The settings without the secret key. */
    @Override
    public String toString() {
        return "S3StorageConfig[bucket=" + bucket + ", region=" + region + ", accessKey=" + accessKey
                + ", secretKey=" + (secretKey == null ? null : "***") + ", endpoint=" + endpoint + "]";
    }
}
