package io.cinema.auth.support;

import java.nio.ByteBuffer;
import java.time.Instant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.codec.binary.Base32;

/** RFC 6238 written again for the tests, straight on javax.crypto, so the service's own code is not trusted. */
public final class IndependentTotp {

    private IndependentTotp() {
    }

    public static String code(String base32Secret, Instant at) {
        try {
            byte[] key = new Base32().decode(base32Secret);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(Math.floorDiv(at.getEpochSecond(), 30)).array());
            int offset = h[h.length - 1] & 0x0f;
            int binary = ByteBuffer.wrap(h, offset, 4).getInt() & 0x7fffffff;
            return String.format("%06d", binary % 1_000_000);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
