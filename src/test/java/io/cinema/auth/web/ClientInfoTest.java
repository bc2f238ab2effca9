package io.cinema.auth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.TestConfigs;

/** The client address behind trusted proxies: the rightmost X-Forwarded-For entry that is not one of them. */
class ClientInfoTest {

    private final ClientInfo info = new ClientInfo(TestConfigs.mapping(WebConfig.class, Map.of(
            "auth.trusted-proxies", "127.0.0.1/32,::1/128,10.0.0.0/8,fd00::/8")));

    private String resolve(String peer, String... headers) {
        return info.resolve(peer, List.of(headers));
    }

    @Test
    void theDefaultTrustsOnlyLoopback() {
        ClientInfo defaults = new ClientInfo(TestConfigs.mapping(WebConfig.class, Map.of()));
        assertEquals("1.2.3.4", defaults.resolve("127.0.0.1", List.of("1.2.3.4")));
        assertEquals("1.2.3.4", defaults.resolve("::1", List.of("1.2.3.4")));
        assertEquals("10.0.0.9", defaults.resolve("10.0.0.9", List.of("1.2.3.4")));
    }

    @Test
    void fromAnUntrustedPeerTheHeaderIsIgnored() {
        assertEquals("203.0.113.5", resolve("203.0.113.5", "1.2.3.4"));
        assertEquals("203.0.113.5", resolve("203.0.113.5", "127.0.0.1"));
        assertEquals("203.0.113.5", resolve("203.0.113.5", "10.0.0.1, 1.2.3.4"));
    }

    @Test
    void fromATrustedPeerTheRightmostUntrustedEntryIsTheClient() {
        assertEquals("1.2.3.4", resolve("127.0.0.1", "1.2.3.4"));
        // the client wrote 6.6.6.6 itself; our proxies appended what they saw
        assertEquals("1.2.3.4", resolve("127.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.7"));
        assertEquals("1.2.3.4", resolve("10.1.1.1", "6.6.6.6, 1.2.3.4, 10.0.0.7, 10.0.0.8"));
    }

    @Test
    void severalHeaderLinesFormOneChain() {
        assertEquals("1.2.3.4", resolve("127.0.0.1", "6.6.6.6", "1.2.3.4, 10.0.0.2"));
        assertEquals("1.2.3.4", resolve("127.0.0.1", "6.6.6.6, 1.2.3.4", "10.0.0.2"));
    }

    @Test
    void aChainOfOnlyTrustedProxiesGivesItsLeftmostEntry() {
        assertEquals("10.0.0.5", resolve("127.0.0.1", "10.0.0.5, 10.0.0.6"));
    }

    @Test
    void withoutAHeaderThePeerCounts() {
        assertEquals("127.0.0.1", resolve("127.0.0.1"));
        assertEquals("127.0.0.1", info.resolve("127.0.0.1", null));
    }

    @Test
    void garbageEntriesAreNeverBelievedNorAnythingLeftOfThem() {
        // the hop right of the garbage is the last address we know: never the spoofable left part
        assertEquals("10.0.0.1", resolve("127.0.0.1", "1.2.3.4, garbage, 10.0.0.1"));
        assertEquals("127.0.0.1", resolve("127.0.0.1", "1.2.3.4, unknown"));
        assertEquals("127.0.0.1", resolve("127.0.0.1", "evil.example"));
        assertEquals("127.0.0.1", resolve("127.0.0.1", "1.2.3.4, 999.1.1.1"));
        assertEquals("127.0.0.1", resolve("127.0.0.1", "1.2.3.4, "));
        assertEquals("127.0.0.1", resolve("127.0.0.1", "<script>"));
        assertEquals("127.0.0.1", resolve("127.0.0.1", ""));
    }

    @Test
    void ipv6EntriesAndPeersWork() {
        assertEquals("2001:db8:0:0:0:0:0:5", resolve("::1", "2001:db8::5"));
        assertEquals("2001:db8:0:0:0:0:0:5", resolve("0:0:0:0:0:0:0:1", "2001:db8::5, fd00::1"));
        assertEquals("2001:db8:0:0:0:0:0:9", resolve("2001:db8::9", "1.2.3.4"));
        assertEquals("1.2.3.4", resolve("::1", "1.2.3.4, fd12::1"));
    }

    @Test
    void portsAreStripped() {
        assertEquals("1.2.3.4", resolve("127.0.0.1", "1.2.3.4:5678"));
        assertEquals("2001:db8:0:0:0:0:0:5", resolve("127.0.0.1", "[2001:db8::5]:443"));
        assertEquals("1.2.3.4", resolve("127.0.0.1", "1.2.3.4:5678, 10.0.0.1:80"));
    }

    @Test
    void whitespaceAroundEntriesIsIgnored() {
        assertEquals("1.2.3.4", resolve("127.0.0.1", "  1.2.3.4  ,   10.0.0.2 "));
    }

    @Test
    void anUnparsablePeerIsKeptAsItIs() {
        assertEquals("not-an-ip", resolve("not-an-ip", "1.2.3.4"));
    }

    @Test
    void aVeryLongChainIsWalkedFromTheRight() {
        String chain = "6.6.6.6, ".repeat(5000) + "1.2.3.4, " + "10.0.0.1, ".repeat(50) + "10.0.0.2";
        assertEquals("1.2.3.4", resolve("127.0.0.1", chain));
    }
}
