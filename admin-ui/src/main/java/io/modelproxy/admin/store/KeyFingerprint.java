package io.modelproxy.admin.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What the admin shows of a key: a short SHA-256 prefix, enough to tell keys apart, useless to call with. */
public final class KeyFingerprint {
    private KeyFingerprint() {}

    public static String of(String value) {
        return "sha256:" + sha256Hex(value).substring(0, 12);
    }

    /** The full hex digest, for versions of manifest documents. */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
