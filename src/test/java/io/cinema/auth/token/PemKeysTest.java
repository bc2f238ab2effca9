package io.cinema.auth.token;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Random;

import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;

/** Our PEM reader and writer and the EC public half we derive agree with the JDK and Bouncy Castle. */
class PemKeysTest {

    @Test
    void theEcPublicHalfDerivedFromThePrivateKeyIsTheGeneratorsOnEveryCurve() throws Exception {
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            for (int i = 0; i < 5; i++) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(curve));
                KeyPair pair = g.generateKeyPair();
                assertEquals(pair.getPublic(), PemKeys.publicOf(pair.getPrivate()), curve);
            }
        }
    }

    @Test
    void smallAndLargeScalarsGiveTheMultiplesOfTheGenerator() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var spec = ((ECPrivateKey) g.generateKeyPair().getPrivate()).getParams();
        assertEquals(spec.getGenerator(), PemKeys.multiply(spec, BigInteger.ONE));
        BigInteger n = spec.getOrder();
        // (n - 1)·G = -G: same x, y mirrored
        var minusG = PemKeys.multiply(spec, n.subtract(BigInteger.ONE));
        assertEquals(spec.getGenerator().getAffineX(), minusG.getAffineX());
        BigInteger p = ((java.security.spec.ECFieldFp) spec.getCurve().getField()).getP();
        assertEquals(p.subtract(spec.getGenerator().getAffineY()), minusG.getAffineY());
        // 2·G by the doubling and 3·G by an addition agree with (n - 2)·G and (n - 3)·G mirrored
        for (int k = 2; k <= 3; k++) {
            var plus = PemKeys.multiply(spec, BigInteger.valueOf(k));
            var minus = PemKeys.multiply(spec, n.subtract(BigInteger.valueOf(k)));
            assertEquals(plus.getAffineX(), minus.getAffineX());
            assertEquals(p.subtract(plus.getAffineY()), minus.getAffineY());
        }
        assertThrows(IllegalStateException.class, () -> PemKeys.multiply(spec, n));
    }

    @Test
    void whatWeWriteBouncyCastleReadsAndWhatItWouldReadWeRead() throws Exception {
        Random random = new Random(7468);
        for (int size : new int[] {0, 1, 47, 48, 49, 294, 1218}) {
            byte[] der = new byte[size];
            random.nextBytes(der);
            String text = new String(PemKeys.pem("PUBLIC KEY", der), StandardCharsets.US_ASCII);
            try (PemReader r = new PemReader(new java.io.StringReader(text))) {
                PemObject o = r.readPemObject();
                assertEquals("PUBLIC KEY", o.getType());
                assertArrayEquals(der, o.getContent());
            }
            assertArrayEquals(der, PemKeys.pemBlocks(text, "PUBLIC KEY").get(0));
            assertEquals(List.of(), PemKeys.pemBlocks(text, "PRIVATE KEY"));
        }
    }

    @Test
    void blocksAreFoundBetweenOtherTextWithCrLfLinesAndHeadersAndInOrder() {
        String text = "a comment line\r\n-----BEGIN PUBLIC KEY-----\r\nComment: the build key\r\nAAEC\r\nAw==\r\n"
                + "-----END PUBLIC KEY-----\r\n-----BEGIN CERTIFICATE-----\nBAU=\n-----END CERTIFICATE-----\n"
                + "  -----BEGIN PUBLIC KEY-----  \nBgc=\n-----END PUBLIC KEY-----";
        List<byte[]> blocks = PemKeys.pemBlocks(text, "PUBLIC KEY");
        assertEquals(2, blocks.size());
        assertArrayEquals(new byte[] {0, 1, 2, 3}, blocks.get(0));
        assertArrayEquals(new byte[] {6, 7}, blocks.get(1));
    }

    @Test
    void aBlockWithoutItsEndLineOrWithABodyThatIsNotBase64IsRefused() {
        assertThrows(IllegalStateException.class,
                () -> PemKeys.pemBlocks("-----BEGIN PUBLIC KEY-----\nAAEC\n", "PUBLIC KEY"));
        assertThrows(IllegalStateException.class,
                () -> PemKeys.pemBlocks("-----BEGIN PUBLIC KEY-----\nAA*C\n-----END PUBLIC KEY-----\n", "PUBLIC KEY"));
        assertThrows(IllegalStateException.class,
                () -> PemKeys.pemBlocks("-----BEGIN PUBLIC KEY-----\nAAEC\n-----END PRIVATE KEY-----\n", "PUBLIC KEY"));
    }
}
