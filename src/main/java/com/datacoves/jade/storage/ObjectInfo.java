package com.datacoves.jade.storage;

/**
 * What the store knows about one object.
 *
 * @param key         the object's key, e.g. {@code environments/dev123/files/latest-graph/graph.gpickle}
 * @param sizeBytes   size in bytes
 * @param contentType MIME type recorded at upload, or null when the store has none
 */
public record ObjectInfo(String key, long sizeBytes, String contentType) {
}
