package io.cinema.auth.support;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * Sealed cache entries: {@code value|expiresAtEpochMs|mac}, the MAC an HMAC-SHA-256 over the cache key, the value and
 * the expiry. An entry that anyone without the key wrote, one copied under another key, or an old one written back
 * after its expiry opens as null, a miss, never as state to believe. Each cache takes its own key (derived from the
 * service secret for its purpose), so an entry of one cache never opens in another.
 */
public final class SealedEntries {

    private final Crypto.Hmac mac;
    private final Clock clock;

    public SealedEntries(byte[] macKey, Clock clock) {
        this.mac = new Crypto.Hmac(macKey.clone());
        this.clock = clock;
    }

    /** {@code value|expiresAt|mac}: the expiry is now plus the TTL the entry is written with, so never later. */
    public String seal(String key, String value, Duration ttl) {
        long expiresAt = clock.millis() + ttl.toMillis();
        return value + "|" + expiresAt + "|" + Crypto.base64Url(mac(key, value, expiresAt));
    }

    /** A sealed entry's value and the expiry it was sealed with (epoch milliseconds). */
    public record Opened(String value, long expiresAt) {
    }

    /** The value of a sealed entry, or null for a missing, forged, misplaced or expired one. */
    public String open(String key, String entry) {
        Opened opened = openEntry(key, entry);
        return opened == null ? null : opened.value();
    }

    /** {@link #open}, with the entry's expiry (from which a cache can tell when it was written). */
    public Opened openEntry(String key, String entry) {
        if (entry == null) {
            return null;
        }
        int m = entry.lastIndexOf('|');
        int e = m <= 0 ? -1 : entry.lastIndexOf('|', m - 1);
        if (e < 0) {
            return null;
        }
        String value = entry.substring(0, e);
        long expiresAt;
        byte[] given;
        try {
            expiresAt = Long.parseLong(entry.substring(e + 1, m));
            given = Crypto.fromBase64Url(entry.substring(m + 1));
        } catch (IllegalArgumentException bad) {
            return null;
        }
        if (!Crypto.constantTimeEquals(mac(key, value, expiresAt), given)) {
            return null;
        }
        return expiresAt > clock.millis() ? new Opened(value, expiresAt) : null;
    }

    /** Over key, value and expiry, newline-separated: neither a key nor an expiry holds a newline. */
    private byte[] mac(String key, String value, long expiresAt) {
        return mac.of((key + "\n" + value + "\n" + expiresAt).getBytes(StandardCharsets.UTF_8));
    }
}
