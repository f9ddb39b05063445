package com.datacoves.jade.storage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.ConfigurationProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * Settings of {@link AzureBlobStorage} ({@code jade.storage.blob.*}, from {@code BLOB_CONTAINER},
 * {@code BLOB_STORAGE_ACCOUNT_CONNECTION_STRING}, {@code BLOB_STORAGE_ACCOUNT_NAME}, {@code BLOB_STORAGE_ACCOUNT_KEY},
 * {@code BLOB_ENDPOINT}). Either the connection string, or the account name and key, must be set.
 *
 * @param container        container holding the objects
 * @param connectionString full connection string; wins over name and key; never printed
 * @param accountName      storage account name
 * @param accountKey       storage account key (base64); never printed
 * @param endpoint         blob endpoint when name and key are used; default {@code https://<account>.blob.core.windows.net},
 *                         e.g. {@code http://127.0.0.1:10000/devstoreaccount1} for Azurite
 */
@ConfigurationProperties("jade.storage.blob")
public record BlobStorageConfig(@NotBlank String container, @Nullable String connectionString,
                                @Nullable String accountName, @Nullable String accountKey,
                                @Nullable String endpoint) {

    /** The settings without the connection string or account key. */
    @Override
    public String toString() {
        return "BlobStorageConfig[container=" + container + ", connectionString="
                + (connectionString == null ? null : "***") + ", accountName=" + accountName + ", accountKey="
                + (accountKey == null ? null : "***") + ", endpoint=" + endpoint + "]";
    }
}
