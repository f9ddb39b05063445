package com.datacoves.jade.storage;

import java.nio.file.Path;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.io.TempDir;

/** The contract against a folder in a temporary directory. */
class LocalFolderStorageContractTest extends ObjectStorageContractTest {

    @TempDir
    Path dir;

    @Override
    ObjectStorage storage() {
        return new LocalFolderStorage(new LocalStorageConfig(dir.resolve("root").toString()),
                ForkJoinPool.commonPool());
    }
}
