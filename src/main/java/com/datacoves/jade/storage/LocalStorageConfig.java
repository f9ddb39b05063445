package com.datacoves.jade.storage;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * Settings of {@link LocalFolderStorage} ({@code jade.storage.local.*}, from {@code LOCAL_STORAGE_PATH}).
 *
 * @param path folder holding the objects, relative to the working directory or absolute; created when missing.
 *             Default {@code ./.jade/storage}.
 */
@ConfigurationProperties("jade.storage.local")
public record LocalStorageConfig(@Bindable(defaultValue = "./.jade/storage") @NotBlank String path) {
}
