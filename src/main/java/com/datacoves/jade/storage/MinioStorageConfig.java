package com.datacoves.jade.storage;

import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * Settings of {@link MinioStorage} ({@code jade.storage.minio.*}, from {@code MINIO_URL}, {@code MINIO_ACCESS_KEY},
 * {@code MINIO_SECRET_KEY}, {@code MINIO_BUCKET_NAME}).
 *
 * @param url       the server, e.g. {@code http://localhost:9000}
 * @param accessKey access key (user)
 * @param secretKey secret key (password); never printed
 * @param bucket    bucket holding the objects, e.g. {@code jade-dev}
 */
@ConfigurationProperties("jade.storage.minio")
public record MinioStorageConfig(@NotBlank String url, @NotBlank String accessKey, @NotBlank String secretKey,
                                 @NotBlank String bucket) {

    /** The settings without the secret key. */
    @Override
    public String toString() {
        return "MinioStorageConfig[url=" + url + ", accessKey=" + accessKey + ", secretKey=***, bucket=" + bucket + "]";
    }
}
