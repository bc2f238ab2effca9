package io.cinema.auth.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    private static InetAddress ip(String text) {
        InetAddress a = Cidr.literal(text);
        assertNotNull(a, text);
        return a;
    }

    @Test
    void anIpv4NetworkContainsExactlyItsAddresses() {
        Cidr net = Cidr.parse("10.0.0.0/8");
        assertTrue(net.contains(ip("10.0.0.0")));
        assertTrue(net.contains(ip("10.255.255.255")));
        assertFalse(net.contains(ip("11.0.0.0")));
        assertFalse(net.contains(ip("9.255.255.255")));
    }

    @Test
    void aPrefixThatIsNoMultipleOfEightMasksTheMiddleByte() {
        Cidr net = Cidr.parse("172.16.0.0/12");
        assertTrue(net.contains(ip("172.16.0.1")));
        assertTrue(net.contains(ip("172.31.255.255")));
        assertFalse(net.contains(ip("172.32.0.0")));
        assertFalse(net.contains(ip("172.15.255.255")));
    }

    @Test
    void anAddressWithoutPrefixIsASingleHost() {
        Cidr host = Cidr.parse("127.0.0.1");
        assertEquals(32, host.prefix());
        assertTrue(host.contains(ip("127.0.0.1")));
        assertFalse(host.contains(ip("127.0.0.2")));
        assertEquals(128, Cidr.parse("::1").prefix());
    }

    @Test
    void hostBitsInTheNetworkDoNotMatter() {
        assertTrue(Cidr.parse("10.1.2.3/8").contains(ip("10.9.9.9")));
    }

    @Test
    void prefixZeroContainsEveryAddressOfItsFamilyOnly() {
        assertTrue(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9")));
        assertFalse(Cidr.parse("0.0.0.0/0").contains(ip("2001:db8::1")));
        assertTrue(Cidr.parse("::/0").contains(ip("2001:db8::1")));
        assertFalse(Cidr.parse("::/0").contains(ip("203.0.113.9")));
    }

    @Test
    void ipv6NetworksWork() {
        Cidr net = Cidr.parse("2001:db8::/32");
        assertTrue(net.contains(ip("2001:db8::1")));
        assertTrue(net.contains(ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")));
        assertFalse(net.contains(ip("2001:db9::1")));
        assertTrue(Cidr.parse("fd00::/8").contains(ip("fdab:cd::1")));
        assertTrue(Cidr.parse("::1/128").contains(ip("[::1]")));
    }

    @Test
    void aScopedLinkLocalAddressIsInItsNetwork() {
        assertTrue(Cidr.parse("fe80::/10").contains(ip("fe80::1%1")));
        assertFalse(Cidr.parse("fe80::/10").contains(ip("fec0::1%1")));
    }

    @Test
    void anIpv4MappedIpv6AddressCountsAsItsIpv4Address() {
        InetAddress mapped = ip("::ffff:192.0.2.7");
        assertTrue(mapped instanceof Inet4Address);
        assertTrue(Cidr.parse("192.0.2.0/24").contains(mapped));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "::/129", "10.0.0.0/-1", "10.0.0.0/x", "not-an-ip/8", "localhost/32", "/8",
        "10.0.0/8", "1.2.3.4.5/32"})
    void malformedNetworksAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "evil.example", "1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4",
        "0x7f.0.0.1", "2130706433", "1.2.3.4 x", "", " ", "[", "[]", "unknown", "1.2.3.-4", "::g", "1::2::3",
        "::ffff:1.2.3.256", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.0004", ".:1", "%:1", "1:2", "１.２.３.４",
        "1234567890123456789012345678901234567890123456"})
    void nonLiteralsAreNullWithoutAnyNameLookup(String text) {
        long start = System.nanoTime();
        InetAddress a = Cidr.literal(text);
        assertNull(a, text + " -> " + a);
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 200, "looks like a DNS lookup: " + text);
    }

    @Test
    void literalsAreTrimmedAndBracketsAccepted() {
        assertEquals("1.2.3.4", ip(" 1.2.3.4 ").getHostAddress());
        assertEquals("0:0:0:0:0:0:0:1", ip("[::1]").getHostAddress());
        assertNull(Cidr.literal(null));
        assertEquals("0.0.0.0", ip("0.0.0.0").getHostAddress());
        assertEquals("255.255.255.255", ip("255.255.255.255").getHostAddress());
        assertEquals("192.0.2.7", ip("::ffff:192.0.2.7").getHostAddress());
    }
}
