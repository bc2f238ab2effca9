package io.cinema.auth.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/** Generated key material kept in files, created once even when several processes start together. */
public final class KeyFiles {

    private KeyFiles() {
    }

    /** The file's bytes; when it does not exist, the supplier's bytes are written to it first (owner-only). */
    public static byte[] readOrCreate(Path file, Supplier<byte[]> generator) {
        try {
            if (Files.exists(file)) {
                return Files.readAllBytes(file);
            }
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".tmp-", ".key");
            try {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the directory's own permissions apply
                }
                Files.write(tmp, generator.get());
                try {
                    // a hard link never replaces an existing file, so the first process to finish wins everywhere
                    Files.createLink(file, tmp);
                } catch (UnsupportedOperationException e) {
                    Files.move(tmp, file);
                }
                if (Files.readAllBytes(file).length == 0) {
                    throw new IOException("empty key file " + file);
                }
            } catch (FileAlreadyExistsException raced) {
                // another process created it first: use theirs
            } finally {
                Files.deleteIfExists(tmp);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create key file " + file, e);
        }
    }
}
