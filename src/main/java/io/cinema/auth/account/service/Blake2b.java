package io.cinema.auth.account.service;

import java.util.Arrays;

/**
 * Unkeyed BLAKE2b (RFC 7693) with a digest of 1 to 64 bytes: what Argon2id needs for H0, its first blocks and its tag,
 * a few hundred bytes per password. {@link #doFinal} writes the digest and starts over, so one instance hashes message
 * after message. Not thread-safe.
 *
 * <p>The service's own rather than a library's so that the runtime carries no Bouncy Castle: its jar is signed, and
 * the JVM checks the signatures of its 880 KB manifest when the first class is loaded from it (0.16 s of the main
 * thread's CPU at start-up; idle RSS 201-214 MiB with it, 192-195 MiB without, measured 2026-12-07).
 * {@code Blake2bTest} checks it against the RFC's vector and Bouncy Castle's digest (a test dependency) for every
 * length and for inputs across the block boundaries.
 */
final class Blake2b {

    static final int MAX_DIGEST_BYTES = 64;
    private static final int BLOCK_BYTES = 128;
    private static final long[] IV = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L,
    };
    private static final byte[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
        {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
        {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
        {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
        {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    };

    private final int digestBytes;
    private final long[] h = new long[8];
    private final long[] v = new long[16];
    private final long[] m = new long[16];
    private final byte[] buffer = new byte[BLOCK_BYTES];
    private int buffered;
    /** Bytes compressed so far, as the 128-bit counter t of the RFC (the high word only matters past 2^64 bytes). */
    private long counterLow;
    private long counterHigh;

    Blake2b(int digestBytes) {
        if (digestBytes < 1 || digestBytes > MAX_DIGEST_BYTES) {
            throw new IllegalArgumentException("a BLAKE2b digest is 1 to 64 bytes, not " + digestBytes);
        }
        this.digestBytes = digestBytes;
        reset();
    }

    int digestBytes() {
        return digestBytes;
    }

    void update(byte[] in, int off, int len) {
        while (len > 0) {
            // A full buffer is compressed only once more input follows: the last block is compressed by doFinal.
            if (buffered == BLOCK_BYTES) {
                count(BLOCK_BYTES);
                compress(buffer, 0, false);
                buffered = 0;
            }
            int n = Math.min(len, BLOCK_BYTES - buffered);
            System.arraycopy(in, off, buffer, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    /** Writes the digest at {@code out[off]} and starts a new message. */
    void doFinal(byte[] out, int off) {
        count(buffered);
        Arrays.fill(buffer, buffered, BLOCK_BYTES, (byte) 0);
        compress(buffer, 0, true);
        for (int i = 0; i < digestBytes; i++) {
            out[off + i] = (byte) (h[i >>> 3] >>> (8 * (i & 7)));
        }
        reset();
    }

    private void reset() {
        System.arraycopy(IV, 0, h, 0, 8);
        h[0] ^= 0x01010000L ^ digestBytes;
        Arrays.fill(buffer, (byte) 0);
        Arrays.fill(v, 0);
        Arrays.fill(m, 0);
        buffered = 0;
        counterLow = 0;
        counterHigh = 0;
    }

    private void count(int bytes) {
        counterLow += bytes;
        if (Long.compareUnsigned(counterLow, bytes) < 0) {
            counterHigh++;
        }
    }

    private void compress(byte[] block, int off, boolean last) {
        for (int i = 0; i < 16; i++) {
            m[i] = le64(block, off + 8 * i);
        }
        System.arraycopy(h, 0, v, 0, 8);
        System.arraycopy(IV, 0, v, 8, 8);
        v[12] ^= counterLow;
        v[13] ^= counterHigh;
        if (last) {
            v[14] = ~v[14];
        }
        for (int round = 0; round < 12; round++) {
            byte[] s = SIGMA[round % 10];
            mix(0, 4, 8, 12, m[s[0]], m[s[1]]);
            mix(1, 5, 9, 13, m[s[2]], m[s[3]]);
            mix(2, 6, 10, 14, m[s[4]], m[s[5]]);
            mix(3, 7, 11, 15, m[s[6]], m[s[7]]);
            mix(0, 5, 10, 15, m[s[8]], m[s[9]]);
            mix(1, 6, 11, 12, m[s[10]], m[s[11]]);
            mix(2, 7, 8, 13, m[s[12]], m[s[13]]);
            mix(3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (int i = 0; i < 8; i++) {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }

    /** G of RFC 7693 §3.1. */
    private void mix(int a, int b, int c, int d, long x, long y) {
        v[a] = v[a] + v[b] + x;
        v[d] = Long.rotateRight(v[d] ^ v[a], 32);
        v[c] = v[c] + v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 24);
        v[a] = v[a] + v[b] + y;
        v[d] = Long.rotateRight(v[d] ^ v[a], 16);
        v[c] = v[c] + v[d];
        v[b] = Long.rotateRight(v[b] ^ v[c], 63);
    }

    private static long le64(byte[] b, int off) {
        long x = 0;
        for (int i = 7; i >= 0; i--) {
            x = (x << 8) | (b[off + i] & 0xFF);
        }
        return x;
    }
}
