package io.cinema.auth.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.ReaderException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

class QrPngTest {

    /**
     * Reads the code of a rendered PNG. The image is a pixel-exact synthetic code, so the reader is told so
     * (PURE_BARCODE): ZXing's camera-oriented finder-pattern detector misplaces its sampling grid on about one in a
     * hundred such crisp images (FormatException or ChecksumException) although every pixel is right.
     */
    static String decode(BufferedImage image) throws ReaderException {
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.PURE_BARCODE, true)).getText();
    }

    @Test
    void everyRenderedCodeDecodesBackToItsText() throws IOException, ReaderException {
        Random random = new Random(20261202);
        for (int i = 0; i < 500; i++) {
            byte[] secret = new byte[20];
            random.nextBytes(secret);
            String uri = TotpService.otpauthUri("Cinema", "user" + Long.toHexString(random.nextLong()) + "é", secret);
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrPng.render(uri)));
            assertEquals(uri, decode(image), "case " + i);
        }
    }

    @Test
    void everyModuleIsAnEightPixelSquareInsideAFourModuleQuietZone() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrPng.render("otpauth://totp/x")));
        assertEquals(image.getWidth(), image.getHeight());
        assertEquals(0, image.getWidth() % 8, "whole modules");
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                assertTrue((image.getRGB(x, y) & 0xffffff) == 0xffffff, "quiet zone white at " + x + "," + y);
            }
        }
        assertEquals(0, image.getRGB(32, 32) & 0xffffff, "the finder pattern's corner is dark");
    }
}
