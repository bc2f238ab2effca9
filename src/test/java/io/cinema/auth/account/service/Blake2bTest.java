package io.cinema.auth.account.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/** Our BLAKE2b gives RFC 7693's vector and Bouncy Castle's digest for every length, input size and way of feeding it. */
class Blake2bTest {

    private static byte[] ours(int digestBytes, byte[] in) {
        Blake2b d = new Blake2b(digestBytes);
        d.update(in, 0, in.length);
        byte[] out = new byte[digestBytes];
        d.doFinal(out, 0);
        return out;
    }

    private static byte[] bouncyCastle(int digestBytes, byte[] in) {
        Blake2bDigest d = new Blake2bDigest(digestBytes * 8);
        d.update(in, 0, in.length);
        byte[] out = new byte[digestBytes];
        d.doFinal(out, 0);
        return out;
    }

    @Test
    void theRfc7693VectorForAbcAndTheEmptyMessageCome() {
        assertArrayEquals(HexFormat.of().parseHex("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"),
                ours(64, "abc".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals(HexFormat.of().parseHex("786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419"
                + "d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce"), ours(64, new byte[0]));
    }

    @Test
    void everyDigestLengthAndEveryInputSizeAcrossThreeBlocksGiveBouncyCastlesBytes() {
        Random random = new Random(7693);
        for (int size = 0; size <= 3 * 128 + 1; size++) {
            byte[] in = new byte[size];
            random.nextBytes(in);
            for (int length = 1; length <= 64; length++) {
                assertArrayEquals(bouncyCastle(length, in), ours(length, in), "digest " + length + ", input " + size);
            }
        }
    }

    @Test
    void feedingInPiecesAndHashingAgainAfterDoFinalGiveTheSameDigest() {
        Random random = new Random(9106);
        byte[] in = new byte[1100];
        random.nextBytes(in);
        byte[] whole = bouncyCastle(64, in);
        Blake2b d = new Blake2b(64);
        for (int round = 0; round < 3; round++) {
            for (int off = 0; off < in.length; ) {
                int n = Math.min(in.length - off, random.nextInt(200));
                d.update(in, off, n);
                off += n;
            }
            byte[] out = new byte[64];
            d.doFinal(out, 0);
            assertArrayEquals(whole, out, "round " + round);
        }
    }

    @Test
    void aDigestOfNoneOrMoreThan64BytesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Blake2b(0));
        assertThrows(IllegalArgumentException.class, () -> new Blake2b(65));
    }
}
