package io.cinema.auth.web;

import java.net.InetAddress;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cinema.auth.support.Cidr;
import io.cinema.auth.support.RequestMeta;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;

/**
 * Who is calling. The client IP is the rightmost X-Forwarded-For address that is not a trusted proxy; the header is
 * believed only when the peer itself is a trusted proxy.
 */
@ApplicationScoped
public class ClientInfo {

    @Inject
    CurrentVertxRequest current;

    private List<Cidr> trusted;

    ClientInfo() {
        // for the client proxy
    }

    @Inject
    public ClientInfo(WebConfig config) {
        this.trusted = config.trustedProxies().stream().filter(s -> !s.isBlank()).map(Cidr::parse).toList();
    }

    public RequestMeta meta() {
        HttpServerRequest request = current.getCurrent().request();
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        String ip = resolve(peer, request.headers().getAll("X-Forwarded-For"));
        return new RequestMeta(ip, request.getHeader("User-Agent"));
    }

    String resolve(String peer, List<String> forwardedHeaders) {
        InetAddress peerAddress = Cidr.literal(peer);
        String client = peerAddress == null ? peer : peerAddress.getHostAddress();
        if (peerAddress == null || !isTrusted(peerAddress) || forwardedHeaders == null || forwardedHeaders.isEmpty()) {
            return client;
        }
        List<String> hops = new java.util.ArrayList<>();
        for (String header : forwardedHeaders) {
            for (String part : header.split(",")) {
                hops.add(part.trim());
            }
        }
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = Cidr.literal(stripPort(hops.get(i)));
            if (hop == null) {
                // garbage in the chain: stop believing it, the last trusted hop's peer is what we know
                return client;
            }
            client = hop.getHostAddress();
            if (!isTrusted(hop)) {
                return client;
            }
        }
        return client;
    }

    private static String stripPort(String hop) {
        // "1.2.3.4:5678" or "[::1]:5678"
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end > 0 ? hop.substring(1, end) : hop;
        }
        int colon = hop.indexOf(':');
        if (colon > 0 && hop.indexOf(':', colon + 1) < 0) {
            return hop.substring(0, colon);
        }
        return hop;
    }

    private boolean isTrusted(InetAddress address) {
        for (Cidr c : trusted) {
            if (c.contains(address)) {
                return true;
            }
        }
        return false;
    }
}
