package io.cinema.auth.account.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

/**
 * Our Argon2id, with the Java loop and with the native AVX2 fill, gives Bouncy Castle's bytes and RFC 9106's test
 * vector, and leaves its memory zeroed.
 */
class Argon2idTest {

    private static byte[] bouncyCastle(byte[] password, byte[] salt, byte[] secret, byte[] ad, int m, int t, int p,
            int length) {
        Argon2Parameters.Builder b = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13).withSalt(salt)
                .withMemoryAsKB(m).withIterations(t).withParallelism(p);
        if (secret != null) {
            b.withSecret(secret);
        }
        if (ad != null) {
            b.withAdditional(ad);
        }
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(b.build());
        byte[] out = new byte[length];
        g.generateBytes(password, out);
        return out;
    }

    private static byte[] ours(byte[] password, byte[] salt, byte[] secret, byte[] ad, int m, int t, int p, int length) {
        return Argon2id.hash(password, salt, secret, ad, m, t, p, length, new long[Argon2id.memoryLongs(m, p)]);
    }

    private static byte[] native2(byte[] password, byte[] salt, byte[] secret, byte[] ad, int m, int t, int p,
            int length) {
        ByteBuffer memory = ByteBuffer.allocateDirect(Argon2id.blocks(m, p) * 1024);
        return Argon2id.hashNative(password, salt, secret, ad, m, t, p, length, memory);
    }

    private static boolean linuxX8664WithAvx2() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch", "").equals("amd64") && Files.isReadable(cpuinfo)
                && Files.readString(cpuinfo).matches("(?s).*\\bflags\\s*:[^\\n]*\\bavx2\\b.*");
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void theRfc9106TestVectorComesOut() {
        // RFC 9106 §5.3: m=32 KiB, t=3, p=4, password 32 × 0x01, salt 16 × 0x02, secret 8 × 0x03, data 12 × 0x04
        byte[] tag = ours(filled(32, 1), filled(16, 2), filled(8, 3), filled(12, 4), 32, 3, 4, 32);
        assertArrayEquals(HexFormat.of().parseHex("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"),
                tag);
    }

    /** One hash's inputs and costs. */
    private record Case(byte[] password, byte[] salt, byte[] secret, byte[] ad, int m, int t, int p, int length) {
        @Override
        public String toString() {
            return "m=" + m + " t=" + t + " p=" + p;
        }
    }

    /**
     * Random inputs for every lane count up to {@code maxLanes}, 1 to 4 passes and each memory size of at least 8 KiB
     * a lane, with a random secret and associated data when {@code keyed}.
     */
    private static List<Case> manyParameterSets(long seed, int maxLanes, int[] memories, boolean keyed) {
        Random random = new Random(seed);
        int[] lengths = {4, 16, 32, 63, 64, 65, 100, 128};
        List<Case> cases = new ArrayList<>();
        for (int p = 1; p <= maxLanes; p++) {
            for (int t = 1; t <= 4; t++) {
                for (int m : memories) {
                    if (m < 8 * p) {
                        continue;
                    }
                    byte[] password = new byte[random.nextInt(40)];
                    byte[] salt = new byte[8 + random.nextInt(24)];
                    byte[] secret = null;
                    byte[] ad = null;
                    if (keyed) {
                        secret = random.nextBoolean() ? null : filled(1 + random.nextInt(32), random.nextInt());
                        ad = random.nextBoolean() ? null : filled(random.nextInt(20), random.nextInt());
                    }
                    random.nextBytes(password);
                    random.nextBytes(salt);
                    cases.add(new Case(password, salt, secret, ad, m, t, p, lengths[random.nextInt(lengths.length)]));
                }
            }
        }
        return cases;
    }

    @Test
    void theBytesAreBouncyCastlesForManyParameterSets() {
        for (Case c : manyParameterSets(9106, 4, new int[] {8, 9, 16, 31, 64, 100, 256, 1000}, false)) {
            assertArrayEquals(bouncyCastle(c.password(), c.salt(), null, null, c.m(), c.t(), c.p(), c.length()),
                    ours(c.password(), c.salt(), null, null, c.m(), c.t(), c.p(), c.length()), c.toString());
        }
    }

    @Test
    void theServicesOwnParametersGiveBouncyCastlesBytes() {
        // the configured Argon2id (t=5, m=7 MiB, p=1, 32 bytes) and the one of earlier hashes (t=2, m=19 MiB)
        byte[] password = "correct horse battery staple".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        assertArrayEquals(bouncyCastle(password, salt, null, null, 7168, 5, 1, 32),
                ours(password, salt, null, null, 7168, 5, 1, 32));
        assertArrayEquals(bouncyCastle(password, salt, null, null, 19456, 2, 1, 32),
                ours(password, salt, null, null, 19456, 2, 1, 32));
    }

    @Test
    void aReusedMemoryGivesTheSameBytesAndIsLeftZeroed() {
        long[] memory = new long[Argon2id.memoryLongs(64, 2)];
        Arrays.fill(memory, 0x5555_5555_5555_5555L);
        byte[] first = Argon2id.hash(filled(10, 7), filled(16, 9), null, null, 64, 3, 2, 32, memory);
        assertArrayEquals(new long[memory.length], memory);
        byte[] again = Argon2id.hash(filled(10, 7), filled(16, 9), null, null, 64, 3, 2, 32, memory);
        assertArrayEquals(first, again);
        assertArrayEquals(bouncyCastle(filled(10, 7), filled(16, 9), null, null, 64, 3, 2, 32), first);
    }

    @Test
    void aTooSmallMemoryOrBadParametersAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> Argon2id.hash(new byte[1], new byte[16], null, null, 64, 1, 1, 32, new long[128]));
        assertThrows(IllegalArgumentException.class,
                () -> Argon2id.hash(new byte[1], new byte[16], null, null, 64, 0, 1, 32, new long[64 * 128]));
        assertThrows(IllegalArgumentException.class,
                () -> Argon2id.hash(new byte[1], new byte[16], null, null, 64, 1, 1, 3, new long[64 * 128]));
    }

    @Test
    void theNativeFillIsBuiltAndLoadedOnLinuxX8664WithAvx2() throws IOException {
        // the build compiles src/main/c/argon2id_fill.c on every such machine (CI's too): missing here is a bug
        if (linuxX8664WithAvx2()) {
            assertTrue(Argon2idNative.available(), Argon2idNative.status());
            assertEquals("loaded", Argon2idNative.status());
        } else {
            assertTrue(!Argon2idNative.available(), Argon2idNative.status());
        }
    }

    @Test
    void theNativeFillGivesTheRfc9106TestVectorAndTheServicesOwnParametersBouncyCastlesBytes() {
        assumeTrue(Argon2idNative.available(), Argon2idNative.status());
        assertArrayEquals(HexFormat.of().parseHex("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"),
                native2(filled(32, 1), filled(16, 2), filled(8, 3), filled(12, 4), 32, 3, 4, 32));
        byte[] password = "correct horse battery staple".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
        assertArrayEquals(bouncyCastle(password, salt, null, null, 7168, 5, 1, 32),
                native2(password, salt, null, null, 7168, 5, 1, 32));
        assertArrayEquals(bouncyCastle(password, salt, null, null, 19456, 2, 1, 32),
                native2(password, salt, null, null, 19456, 2, 1, 32));
    }

    @Test
    void theNativeFillGivesTheJavaLoopsBytesForManyParameterSets() {
        assumeTrue(Argon2idNative.available(), Argon2idNative.status());
        for (Case c : manyParameterSets(7693, 5, new int[] {8, 9, 16, 31, 64, 100, 256, 1000, 4099}, true)) {
            assertArrayEquals(ours(c.password(), c.salt(), c.secret(), c.ad(), c.m(), c.t(), c.p(), c.length()),
                    native2(c.password(), c.salt(), c.secret(), c.ad(), c.m(), c.t(), c.p(), c.length()),
                    c.toString());
        }
    }

    @Test
    void aReusedNativeBufferGivesTheSameBytesAndIsLeftZeroed() {
        assumeTrue(Argon2idNative.available(), Argon2idNative.status());
        ByteBuffer memory = ByteBuffer.allocateDirect(Argon2id.blocks(64, 2) * 1024 + 3000);
        for (int i = 0; i < memory.capacity(); i++) {
            memory.put(i, (byte) 0x55);
        }
        byte[] first = Argon2id.hashNative(filled(10, 7), filled(16, 9), null, null, 64, 3, 2, 32, memory);
        for (int i = 0; i < Argon2id.blocks(64, 2) * 1024; i++) {
            assertEquals(0, memory.get(i), "byte " + i);
        }
        assertEquals((byte) 0x55, memory.get(memory.capacity() - 1), "beyond the blocks nothing is touched");
        byte[] again = Argon2id.hashNative(filled(10, 7), filled(16, 9), null, null, 64, 3, 2, 32, memory);
        assertArrayEquals(first, again);
        assertArrayEquals(bouncyCastle(filled(10, 7), filled(16, 9), null, null, 64, 3, 2, 32), first);
    }

    @Test
    void aTooSmallOrHeapBufferOrBadParametersAreRefusedByTheNativeFill() {
        assumeTrue(Argon2idNative.available(), Argon2idNative.status());
        assertThrows(IllegalArgumentException.class, () -> Argon2id.hashNative(new byte[1], new byte[16], null, null,
                64, 1, 1, 32, ByteBuffer.allocateDirect(63 * 1024)));
        assertThrows(IllegalArgumentException.class, () -> Argon2id.hashNative(new byte[1], new byte[16], null, null,
                64, 1, 1, 32, ByteBuffer.allocate(64 * 1024)));
        assertThrows(IllegalArgumentException.class, () -> Argon2id.hashNative(new byte[1], new byte[16], null, null,
                64, 0, 1, 32, ByteBuffer.allocateDirect(64 * 1024)));
        assertThrows(IllegalArgumentException.class, () -> Argon2idNative.fill(ByteBuffer.allocateDirect(64 * 1024),
                62, 1, 1, new byte[2048], new byte[1024]));
        assertThrows(IllegalArgumentException.class, () -> Argon2idNative.fill(ByteBuffer.allocateDirect(64 * 1024),
                64, 1, 1, new byte[2047], new byte[1024]));
    }
}
