package io.roro.core.platform.docker;

import io.roro.core.lineage.StoredFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Whether a file on this machine is exactly a stored file: same size, same sha256. */
final class LocalCopies {
    private LocalCopies() {
    }

    static boolean matches(Path local, StoredFile stored) throws IOException {
        if (!Files.isRegularFile(local) || Files.size(local) != stored.size()) {
            return false;
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(local), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[64 * 1024];
            while (in.read(buffer) >= 0) {
                // the digest reads along
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest())
                    .equals(stored.sha256());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
