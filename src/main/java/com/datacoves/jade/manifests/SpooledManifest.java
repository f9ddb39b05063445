package com.datacoves.jade.manifests;

import com.datacoves.jade.common.JadeException;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An uploaded manifest kept in a private temporary file, for the one case where it cannot go straight to storage: a
 * client that sends the {@code file} part before {@code environment_slug}, so that the storage key is not known yet
 * (see {@link ManifestUploads}). Validated by {@link ManifestInspector} while its bytes are teed into the file. Memory
 * use does not grow with the file; the temporary file is deleted on {@link #close()}.
 */
final class SpooledManifest implements AutoCloseable {

    private final Path file;
    private final ManifestFacts facts;

    private SpooledManifest(Path file, ManifestFacts facts) {
        this.file = file;
        this.facts = facts;
    }

    /**
     * Reads and validates the part.
     *
     * @throws com.datacoves.jade.common.JadeException 422/413 from {@link ManifestInspector} (temp file removed)
     */
    static SpooledManifest of(InputStream part, long maxBytes) {
        Path file;
        try {
            file = Files.createTempFile("jade-manifest-", ".json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (OutputStream copy = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            ManifestFacts facts = ManifestInspector.inspect(new Tee(part, copy), maxBytes);
            copy.flush();
            return new SpooledManifest(file, facts);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
    }

    /** What validation found. */
    ManifestFacts facts() {
        return facts;
    }

    /** A new stream over the validated bytes; the caller closes it. */
    InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    @Override
    public void close() {
        deleteQuietly(file);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the OS temp cleaner gets it
        }
    }

    /** Copies every byte read into {@code copy}. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }
    }
}
