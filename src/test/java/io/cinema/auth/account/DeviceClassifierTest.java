package io.cinema.auth.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import io.cinema.auth.support.RequestMeta;

class DeviceClassifierTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "desktop|Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "desktop|Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
        "desktop|Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "desktop|Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "mobile|Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "mobile|Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "mobile|Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        "tablet|Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "tablet|Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "tablet|Mozilla/5.0 (Linux; Android 12; Lenovo TB-J606F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "bot|Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "bot|Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "bot|Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "other|curl/8.5.0",
        "other|Wget/1.21.4",
        "other|python-requests/2.32.3",
        "other|PostmanRuntime/7.42.0"})
    void userAgentsAreClassified(String device, String userAgent) {
        assertEquals(device, DeviceClassifier.classify(userAgent));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\u0000", "((((((((((", "Mozilla/5.0 (", "' OR 1=1 --"})
    void missingOrGarbageAgentsAreOther(String userAgent) {
        assertEquals("other", DeviceClassifier.classify(userAgent));
    }

    /** The service cuts agents at {@link RequestMeta#MAX_USER_AGENT}; the longest it passes must not stall a request. */
    @ParameterizedTest
    @ValueSource(strings = {"Mozilla/5.0 (", "Mozilla/5.0 (Linux; Android ", "Mozilla/5.0 (iPhone; CPU iPhone OS ", "", "(("})
    void theLongestAgentThatIsKeptIsClassifiedQuickly(String prefix) {
        String agent = (prefix + "1_2;".repeat(RequestMeta.MAX_USER_AGENT)).substring(0, RequestMeta.MAX_USER_AGENT);
        long start = System.nanoTime();
        DeviceClassifier.classify(agent);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2000, "took too long: " + prefix);
    }
}
