package com.datacoves.jade.artifacts;

import com.datacoves.jade.storage.StoredObject;

import java.util.function.Supplier;

/**
 * One artifact of a dbt Cloud run: a file Jade holds for the Airflow DAG run behind it.
 *
 * @param path      the artifact path as dbt Cloud names it, e.g. {@code manifest.json}
 * @param sizeBytes size in bytes
 * @param sha256    SHA-256 of the bytes, lower-case hex (the ETag)
 * @param opener    opens the bytes from object storage; the caller closes the stream
 */
public record Artifact(String path, long sizeBytes, String sha256, Supplier<StoredObject> opener) {
}
