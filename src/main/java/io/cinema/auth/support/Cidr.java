package io.cinema.auth.support;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.smallrye.common.net.CidrAddress;

/**
 * An IPv4 or IPv6 network in CIDR notation; the matching is SmallRye's {@link CidrAddress}. Only the parsing is ours:
 * an address without a prefix is a single host, and every address is read by {@link #literal}, never by a resolver.
 */
public final class Cidr {

    private final CidrAddress block;

    private Cidr(CidrAddress block) {
        this.block = block;
    }

    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        InetAddress a = literal(addr);
        if (a == null) {
            throw new IllegalArgumentException("not an IP address: " + addr);
        }
        byte[] bytes = a.getAddress();
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(t.substring(slash + 1));
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("bad prefix in " + text);
        }
        // from the bytes, so a scope id in the text does not narrow the network; host bits are masked off
        return new Cidr(CidrAddress.create(bytes, prefix));
    }

    public int prefix() {
        return block.getNetmaskBits();
    }

    /** True when the address is in this network; an address of the other family never is. */
    public boolean contains(InetAddress address) {
        return block.matches(address);
    }

    @Override
    public String toString() {
        return block.toString();
    }

    /**
     * Parses an IP literal without any DNS lookup; null when the text is not an IP literal.
     */
    public static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        if (t.isEmpty() || t.length() > 45) {
            return null;
        }
        boolean v6 = t.indexOf(':') >= 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || (v6 && (c == ':' || (c >= 'a' && c <= 'f')
                    || (c >= 'A' && c <= 'F') || c == '%'));
            if (!ok) {
                return null;
            }
        }
        if (!v6) {
            return ipv4(t);
        }
        try {
            // in brackets the JDK parses an IPv6 literal or fails; it never resolves a name
            return InetAddress.getByName("[" + t + "]");
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    /**
     * Dotted-quad IPv4, parsed here: the JDK hands a digits-and-dots string it cannot parse ("1.2.3.256", "1..2.3") to
     * the system resolver, so a forged X-Forwarded-For entry would cause a DNS query.
     */
    private static InetAddress ipv4(String t) {
        String[] parts = t.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] address = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            // a leading zero reads as octal to some parsers: ambiguous, so refused
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            int value = Integer.parseInt(p);
            if (value > 255) {
                return null;
            }
            address[i] = (byte) value;
        }
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
