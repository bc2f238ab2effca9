package io.cinema.auth.token;

/** The contract's token pair body. */
public record TokenPairResponse(String accessToken, String refreshToken, String tokenType, long expiresIn,
        long refreshExpiresIn) {

    public static TokenPairResponse bearer(String access, long expiresIn, String refresh, long refreshExpiresIn) {
        return new TokenPairResponse(access, refresh, "Bearer", expiresIn, Math.max(0, refreshExpiresIn));
    }

    @Override
    public String toString() {
        return "TokenPairResponse[expiresIn=" + expiresIn + "]";
    }
}
