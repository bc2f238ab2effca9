package io.cinema.auth.account.service;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Argon2id version 1.3 (RFC 9106), written for this service's hot path: the memory is one flat {@code long[]} that a
 * caller may reuse from hash to hash, and the compression function is straight-line code on local variables.
 *
 * <p>Why not Bouncy Castle's generator, which computes the same bytes: it allocates the memory anew for every hash
 * (7,168 separate {@code long[128]} blocks, 7.3 MB of garbage per login at the default parameters), and its inner
 * loop runs fast or twice as slow for a whole JVM life depending on whether C2 happened to inline one call into it.
 * Here no inlining decision is left to the profile: the eight mixing steps of a round are written out in one method,
 * and the only call inside them is a three-operation helper any compiler inlines. Blake2b (the initial and the final
 * hash, a few hundred bytes per password) is {@link Blake2b}.
 *
 * <p>{@link #hashNative} leaves the filling of the memory, nearly all of the work, to {@link Argon2idNative}'s AVX2
 * code (about 2.7 times as fast on the build machine:
 * 78.8 against 29.3 hashes/s at one thread, 2026-12-07) and keeps H0, the first blocks and the tag here.
 *
 * <p>The lanes are filled one after another within each slice, which gives the same bytes as filling them in parallel
 * (a slice only reads blocks of earlier slices from other lanes). {@code Argon2idTest} checks the output against Bouncy
 * Castle's for many parameter sets and against the RFC's test vector.
 */
final class Argon2id {

    static final int VERSION = 0x13;
    private static final int TYPE = 2;
    private static final int SYNC_POINTS = 4;
    private static final int BLOCK_LONGS = 128;
    private static final int BLOCK_BYTES = 1024;
    private static final long LOW = 0xFFFFFFFFL;

    private final long[] memory;
    private final int lanes;
    private final int laneLength;
    private final int segmentLength;
    private final int iterations;
    private final int blocks;
    /** The compression function's scratch blocks, and the two blocks of Argon2i addressing. */
    private final long[] r = new long[BLOCK_LONGS];
    private final long[] t = new long[BLOCK_LONGS];
    private final long[] address = new long[BLOCK_LONGS];
    private final long[] input = new long[BLOCK_LONGS];
    private final long[] zero = new long[BLOCK_LONGS];

    private Argon2id(long[] memory, int blocks, int lanes, int iterations) {
        this.memory = memory;
        this.blocks = blocks;
        this.lanes = lanes;
        this.segmentLength = blocks / (lanes * SYNC_POINTS);
        this.laneLength = segmentLength * SYNC_POINTS;
        this.iterations = iterations;
    }

    /** The number of 1 KiB blocks a hash of these parameters fills (m' of RFC 9106). */
    static int blocks(int memoryKib, int parallelism) {
        int m = Math.max(memoryKib, 2 * SYNC_POINTS * parallelism);
        return m / (SYNC_POINTS * parallelism) * (SYNC_POINTS * parallelism);
    }

    /** The {@code long[]} length a hash of these parameters needs as its memory. */
    static int memoryLongs(int memoryKib, int parallelism) {
        return blocks(memoryKib, parallelism) * BLOCK_LONGS;
    }

    /**
     * The tag of {@code password}. {@code memory} is at least {@link #memoryLongs} long (its contents do not matter,
     * every block is written before it is read) and is zeroed before this returns.
     */
    static byte[] hash(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKib, int iterations,
            int parallelism, int tagLength, long[] memory) {
        if (parallelism < 1 || iterations < 1 || tagLength < 4 || memory.length < memoryLongs(memoryKib, parallelism)) {
            throw new IllegalArgumentException("Argon2id parameters out of range");
        }
        Argon2id a = new Argon2id(memory, blocks(memoryKib, parallelism), parallelism, iterations);
        byte[] first = firstBlocks(password, salt, secret, associated, memoryKib, iterations, parallelism, tagLength);
        byte[] last = new byte[BLOCK_BYTES];
        try {
            for (int lane = 0; lane < parallelism; lane++) {
                for (int i = 0; i < 2; i++) {
                    int base = (lane * a.laneLength + i) * BLOCK_LONGS;
                    for (int k = 0; k < BLOCK_LONGS; k++) {
                        memory[base + k] = getLe64(first, (lane * 2 + i) * BLOCK_BYTES + k * 8);
                    }
                }
            }
            for (int pass = 0; pass < iterations; pass++) {
                for (int slice = 0; slice < SYNC_POINTS; slice++) {
                    for (int lane = 0; lane < parallelism; lane++) {
                        a.fillSegment(pass, lane, slice);
                    }
                }
            }
            a.lastBlock(last);
            return tag(last, tagLength);
        } finally {
            Arrays.fill(first, (byte) 0);
            Arrays.fill(last, (byte) 0);
            Arrays.fill(memory, 0, a.blocks * BLOCK_LONGS, 0L);
            Arrays.fill(a.r, 0L);
            Arrays.fill(a.t, 0L);
        }
    }

    /**
     * The same tag with the memory filled by {@link Argon2idNative} (AVX2) in {@code memory}, a direct buffer of at
     * least {@link #blocks} KiB, zeroed before this returns. Only when {@link Argon2idNative#available()}.
     */
    static byte[] hashNative(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKib,
            int iterations, int parallelism, int tagLength, ByteBuffer memory) {
        int blocks = blocks(memoryKib, parallelism);
        if (parallelism < 1 || iterations < 1 || tagLength < 4 || !memory.isDirect()
                || memory.capacity() < (long) blocks * BLOCK_BYTES) {
            throw new IllegalArgumentException("Argon2id parameters out of range");
        }
        byte[] first = firstBlocks(password, salt, secret, associated, memoryKib, iterations, parallelism, tagLength);
        byte[] last = new byte[BLOCK_BYTES];
        try {
            Argon2idNative.fill(memory, blocks, parallelism, iterations, first, last);
            return tag(last, tagLength);
        } finally {
            Arrays.fill(first, (byte) 0);
            Arrays.fill(last, (byte) 0);
        }
    }

    /**
     * Blocks 0 and 1 of every lane, lane after lane, as little-endian bytes: H'(H0 || LE32(0 or 1) || LE32(lane)),
     * where H0 is Blake2b-512 over the parameters and the inputs, each input preceded by its length.
     */
    private static byte[] firstBlocks(byte[] password, byte[] salt, byte[] secret, byte[] associated, int memoryKib,
            int iterations, int lanes, int tagLength) {
        Blake2b d = new Blake2b(64);
        for (int v : new int[] {lanes, tagLength, memoryKib, iterations, VERSION, TYPE}) {
            le32(d, v);
        }
        for (byte[] part : new byte[][] {password, salt, secret, associated}) {
            byte[] p = part == null ? new byte[0] : part;
            le32(d, p.length);
            d.update(p, 0, p.length);
        }
        byte[] seed = new byte[72];
        d.doFinal(seed, 0);
        byte[] first = new byte[lanes * 2 * BLOCK_BYTES];
        byte[] block = new byte[BLOCK_BYTES];
        for (int lane = 0; lane < lanes; lane++) {
            for (int i = 0; i < 2; i++) {
                putLe32(seed, 64, i);
                putLe32(seed, 68, lane);
                variableHash(seed, block);
                System.arraycopy(block, 0, first, (lane * 2 + i) * BLOCK_BYTES, BLOCK_BYTES);
            }
        }
        Arrays.fill(seed, (byte) 0);
        Arrays.fill(block, (byte) 0);
        return first;
    }

    private void fillSegment(int pass, int lane, int slice) {
        boolean independent = pass == 0 && slice < SYNC_POINTS / 2;
        if (independent) {
            Arrays.fill(input, 0L);
            input[0] = pass;
            input[1] = lane;
            input[2] = slice;
            input[3] = blocks;
            input[4] = iterations;
            input[5] = TYPE;
        }
        int start = 0;
        if (pass == 0 && slice == 0) {
            start = 2; // the first two blocks come from H0
            if (independent) {
                nextAddresses();
            }
        }
        int current = lane * laneLength + slice * segmentLength + start;
        int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
        for (int i = start; i < segmentLength; i++, current++, previous++) {
            if (current % laneLength == 1) {
                previous = current - 1;
            }
            long pseudoRandom;
            if (independent) {
                if (i % BLOCK_LONGS == 0) {
                    nextAddresses();
                }
                pseudoRandom = address[i % BLOCK_LONGS];
            } else {
                pseudoRandom = memory[previous * BLOCK_LONGS];
            }
            int refLane = pass == 0 && slice == 0 ? lane : (int) Long.remainderUnsigned(pseudoRandom >>> 32, lanes);
            int refIndex = referenceIndex(pass, slice, i, pseudoRandom & LOW, refLane == lane);
            compress(memory, previous * BLOCK_LONGS, memory, (refLane * laneLength + refIndex) * BLOCK_LONGS,
                    memory, current * BLOCK_LONGS, pass > 0);
        }
    }

    /** The next block of Argon2i addresses: G(0, G(0, input)), the input's counter moved on first. */
    private void nextAddresses() {
        input[6]++;
        compress(zero, 0, input, 0, address, 0, false);
        compress(zero, 0, address, 0, address, 0, false);
    }

    /** The index in the reference lane of the block that block {@code index} of this segment mixes in. */
    private int referenceIndex(int pass, int slice, int index, long j1, boolean sameLane) {
        long area;
        if (pass == 0) {
            if (slice == 0) {
                area = index - 1;
            } else if (sameLane) {
                area = (long) slice * segmentLength + index - 1;
            } else {
                area = (long) slice * segmentLength + (index == 0 ? -1 : 0);
            }
        } else {
            area = sameLane ? (long) laneLength - segmentLength + index - 1
                    : (long) laneLength - segmentLength + (index == 0 ? -1 : 0);
        }
        long x = (j1 * j1) >>> 32;
        long relative = area - 1 - ((area * x) >>> 32);
        long startPosition = pass == 0 || slice == SYNC_POINTS - 1 ? 0 : (long) (slice + 1) * segmentLength;
        return (int) ((startPosition + relative) % laneLength);
    }

    /**
     * next = P(prev XOR ref) XOR (prev XOR ref), XORed into next's old content from the second pass on (version 1.3):
     * P is the Blake2b round without message applied to the eight rows, then to the eight columns.
     */
    private void compress(long[] prevArray, int prev, long[] refArray, int ref, long[] nextArray, int next,
            boolean xorOld) {
        long[] r = this.r;
        long[] t = this.t;
        for (int k = 0; k < BLOCK_LONGS; k++) {
            long v = prevArray[prev + k] ^ refArray[ref + k];
            r[k] = v;
            t[k] = xorOld ? v ^ nextArray[next + k] : v;
        }
        for (int i = 0; i < 8; i++) {
            rowRound(r, 16 * i);
        }
        for (int i = 0; i < 8; i++) {
            columnRound(r, 2 * i);
        }
        for (int k = 0; k < BLOCK_LONGS; k++) {
            nextArray[next + k] = t[k] ^ r[k];
        }
    }

    /** The Blake2b round without message (with BlaMka's multiplications) on row {@code b / 16}: words b to b + 15. */
    private static void rowRound(long[] v, int b) {
        long a;
        long x;
        long c;
        long d;
        // G on the 4×4 state's columns, then on its diagonals (RFC 7693's G without message words)
        a = v[b];
        x = v[b + 4];
        c = v[b + 8];
        d = v[b + 12];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b] = a;
        v[b + 4] = x;
        v[b + 8] = c;
        v[b + 12] = d;
        a = v[b + 1];
        x = v[b + 5];
        c = v[b + 9];
        d = v[b + 13];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 1] = a;
        v[b + 5] = x;
        v[b + 9] = c;
        v[b + 13] = d;
        a = v[b + 2];
        x = v[b + 6];
        c = v[b + 10];
        d = v[b + 14];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 2] = a;
        v[b + 6] = x;
        v[b + 10] = c;
        v[b + 14] = d;
        a = v[b + 3];
        x = v[b + 7];
        c = v[b + 11];
        d = v[b + 15];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 3] = a;
        v[b + 7] = x;
        v[b + 11] = c;
        v[b + 15] = d;
        a = v[b];
        x = v[b + 5];
        c = v[b + 10];
        d = v[b + 15];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b] = a;
        v[b + 5] = x;
        v[b + 10] = c;
        v[b + 15] = d;
        a = v[b + 1];
        x = v[b + 6];
        c = v[b + 11];
        d = v[b + 12];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 1] = a;
        v[b + 6] = x;
        v[b + 11] = c;
        v[b + 12] = d;
        a = v[b + 2];
        x = v[b + 7];
        c = v[b + 8];
        d = v[b + 13];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 2] = a;
        v[b + 7] = x;
        v[b + 8] = c;
        v[b + 13] = d;
        a = v[b + 3];
        x = v[b + 4];
        c = v[b + 9];
        d = v[b + 14];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 3] = a;
        v[b + 4] = x;
        v[b + 9] = c;
        v[b + 14] = d;
    }

    /** The same round on column {@code b / 2}: words b, b + 1, b + 16, b + 17, ... b + 112, b + 113. */
    private static void columnRound(long[] v, int b) {
        long a;
        long x;
        long c;
        long d;
        // G on the 4×4 state's columns, then on its diagonals (RFC 7693's G without message words)
        a = v[b];
        x = v[b + 32];
        c = v[b + 64];
        d = v[b + 96];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b] = a;
        v[b + 32] = x;
        v[b + 64] = c;
        v[b + 96] = d;
        a = v[b + 1];
        x = v[b + 33];
        c = v[b + 65];
        d = v[b + 97];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 1] = a;
        v[b + 33] = x;
        v[b + 65] = c;
        v[b + 97] = d;
        a = v[b + 16];
        x = v[b + 48];
        c = v[b + 80];
        d = v[b + 112];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 16] = a;
        v[b + 48] = x;
        v[b + 80] = c;
        v[b + 112] = d;
        a = v[b + 17];
        x = v[b + 49];
        c = v[b + 81];
        d = v[b + 113];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 17] = a;
        v[b + 49] = x;
        v[b + 81] = c;
        v[b + 113] = d;
        a = v[b];
        x = v[b + 33];
        c = v[b + 80];
        d = v[b + 113];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b] = a;
        v[b + 33] = x;
        v[b + 80] = c;
        v[b + 113] = d;
        a = v[b + 1];
        x = v[b + 48];
        c = v[b + 81];
        d = v[b + 96];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 1] = a;
        v[b + 48] = x;
        v[b + 81] = c;
        v[b + 96] = d;
        a = v[b + 16];
        x = v[b + 49];
        c = v[b + 64];
        d = v[b + 97];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 16] = a;
        v[b + 49] = x;
        v[b + 64] = c;
        v[b + 97] = d;
        a = v[b + 17];
        x = v[b + 32];
        c = v[b + 65];
        d = v[b + 112];
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 32);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 24);
        a = mix(a, x);
        d = Long.rotateRight(d ^ a, 16);
        c = mix(c, d);
        x = Long.rotateRight(x ^ c, 63);
        v[b + 17] = a;
        v[b + 32] = x;
        v[b + 65] = c;
        v[b + 112] = d;
    }

    /** BlaMka's addition: x + y + 2 · lo32(x) · lo32(y). */
    private static long mix(long x, long y) {
        return x + y + 2 * (x & LOW) * (y & LOW);
    }

    /** The XOR of every lane's last block, as little-endian bytes. */
    private void lastBlock(byte[] out) {
        long[] c = new long[BLOCK_LONGS];
        for (int lane = 0; lane < lanes; lane++) {
            int base = (lane * laneLength + laneLength - 1) * BLOCK_LONGS;
            for (int k = 0; k < BLOCK_LONGS; k++) {
                c[k] ^= memory[base + k];
            }
        }
        for (int k = 0; k < BLOCK_LONGS; k++) {
            putLe64(out, k * 8, c[k]);
        }
        Arrays.fill(c, 0L);
    }

    /** The tag: H'(T) over the XOR of every lane's last block. */
    private static byte[] tag(byte[] last, int tagLength) {
        byte[] out = new byte[tagLength];
        variableHash(last, out);
        return out;
    }

    /** H' of RFC 9106 §3.3: Blake2b of any output length, from 64-byte steps of which 32 bytes each are kept. */
    private static void variableHash(byte[] x, byte[] out) {
        int length = out.length;
        byte[] lengthPrefix = new byte[4];
        putLe32(lengthPrefix, 0, length);
        if (length <= 64) {
            Blake2b d = new Blake2b(length);
            d.update(lengthPrefix, 0, 4);
            d.update(x, 0, x.length);
            d.doFinal(out, 0);
            return;
        }
        int steps = (length + 31) / 32 - 2;
        byte[] v = new byte[64];
        Blake2b d = new Blake2b(64);
        d.update(lengthPrefix, 0, 4);
        d.update(x, 0, x.length);
        d.doFinal(v, 0);
        System.arraycopy(v, 0, out, 0, 32);
        for (int i = 1; i < steps; i++) {
            d.update(v, 0, 64);
            d.doFinal(v, 0);
            System.arraycopy(v, 0, out, i * 32, 32);
        }
        int last = length - 32 * steps;
        Blake2b tail = new Blake2b(last);
        tail.update(v, 0, 64);
        tail.doFinal(out, 32 * steps);
        Arrays.fill(v, (byte) 0);
    }

    private static void le32(Blake2b d, int v) {
        byte[] b = new byte[4];
        putLe32(b, 0, v);
        d.update(b, 0, 4);
    }

    private static void putLe32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    private static void putLe64(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    private static long getLe64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFFL);
        }
        return v;
    }
}
