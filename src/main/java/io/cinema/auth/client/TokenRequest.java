package io.cinema.auth.client;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request to the token endpoint as RFC 6749 reads it: the form's parameters (each at most once, §3.2) and the
 * client's credentials from exactly one place, {@code client_secret_basic} (the Authorization header, id and secret
 * each form-urlencoded first, §2.3.1) or {@code client_secret_post} (the form), or only a {@code client_id} (a public
 * client). Never printed with its secrets.
 */
public record TokenRequest(String grantType, String scope, String refreshToken, String deviceCode,
        Credentials credentials) {

    /** How the client identified itself. */
    public enum Method { BASIC, POST, NONE }

    /** The client's id and secret (null for a public client's {@link Method#NONE}). */
    public record Credentials(String clientId, String secret, Method method) {
        @Override
        public String toString() {
            return "Credentials[" + clientId + ", " + method + "]";
        }
    }

    /** Longest parameter value read at all; the body limit bounds the rest. */
    static final int MAX_VALUE = 4096;

    @Override
    public String toString() {
        return "TokenRequest[" + grantType + ", " + credentials + "]";
    }

    /**
     * An {@code application/x-www-form-urlencoded} body (UTF-8) as its parameters; invalid_request for a malformed
     * one (a bad percent escape, bytes that are no UTF-8).
     */
    public static Map<String, List<String>> form(byte[] body) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return out;
        }
        // one char per byte, so percent escapes and raw UTF-8 bytes alike come out as the bytes they stand for
        for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    private static String decode(String part) {
        try {
            byte[] bytes = URLDecoder.decode(part, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw OAuthException.badRequest(OAuthException.INVALID_REQUEST, "The body is not a valid form");
        }
    }

    /** Throws invalid_request for a repeated parameter, a malformed header or credentials given two ways. */
    public static TokenRequest parse(Map<String, List<String>> form, String authorization) {
        String grantType = single(form, "grant_type");
        if (grantType == null || grantType.isEmpty()) {
            throw OAuthException.badRequest(OAuthException.INVALID_REQUEST, "grant_type is required");
        }
        return new TokenRequest(grantType, single(form, "scope"), single(form, "refresh_token"),
                single(form, "device_code"), credentials(form, authorization));
    }

    /**
     * The client's credentials of a form and its Authorization header (null when it names no client); throws
     * invalid_request for a repeated parameter, a malformed header or credentials given two ways.
     */
    public static Credentials credentials(Map<String, List<String>> form, String authorization) {
        String clientId = single(form, "client_id");
        String secret = single(form, "client_secret");
        Credentials credentials;
        if (authorization != null) {
            Credentials basic = basic(authorization);
            if (secret != null) {
                throw OAuthException.badRequest(OAuthException.INVALID_REQUEST,
                        "Use one client authentication method: the Authorization header or client_secret, not both");
            }
            if (clientId != null && !clientId.equals(basic.clientId())) {
                throw OAuthException.badRequest(OAuthException.INVALID_REQUEST,
                        "client_id differs from the client of the Authorization header");
            }
            credentials = basic;
        } else if (secret != null) {
            if (clientId == null || clientId.isEmpty()) {
                throw OAuthException.badRequest(OAuthException.INVALID_REQUEST, "client_secret needs client_id");
            }
            credentials = new Credentials(clientId, secret, Method.POST);
        } else if (clientId != null && !clientId.isEmpty()) {
            credentials = new Credentials(clientId, null, Method.NONE);
        } else {
            credentials = null;
        }
        return credentials;
    }

    /** The one value of a form parameter, or null; invalid_request when it is repeated or too long. */
    public static String single(Map<String, List<String>> form, String name) {
        List<String> values = form == null ? null : form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw OAuthException.badRequest(OAuthException.INVALID_REQUEST, name + " is given more than once");
        }
        String v = values.get(0);
        if (v.length() > MAX_VALUE) {
            throw OAuthException.badRequest(OAuthException.INVALID_REQUEST, name + " is too long");
        }
        return v;
    }

    /** RFC 7617 Basic credentials whose id and secret are form-urlencoded (RFC 6749 §2.3.1). */
    static Credentials basic(String authorization) {
        String h = authorization.trim();
        if (h.length() < 6 || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            // another scheme (a bearer token, say) authenticates no client here
            throw OAuthException.invalidClient();
        }
        String decoded;
        try {
            // decoded byte for byte: each half is form-urlencoded UTF-8, decoded strictly below
            decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            throw OAuthException.badRequest(OAuthException.INVALID_REQUEST, "The Authorization header is malformed");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw OAuthException.badRequest(OAuthException.INVALID_REQUEST, "The Authorization header is malformed");
        }
        try {
            return new Credentials(decode(decoded.substring(0, colon)), decode(decoded.substring(colon + 1)),
                    Method.BASIC);
        } catch (OAuthException e) {
            throw OAuthException.badRequest(OAuthException.INVALID_REQUEST, "The Authorization header is malformed");
        }
    }
}
