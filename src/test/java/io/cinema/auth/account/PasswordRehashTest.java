package io.cinema.auth.account;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class PasswordRehashTest {

    /** A PHC string made independently of the service, with other parameters than the configured ones. */
    static String oldHash(String password) {
        byte[] salt = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        Argon2BytesGenerator g = new Argon2BytesGenerator();
        g.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(4096).withIterations(3).withParallelism(1).withSalt(salt).build());
        byte[] out = new byte[32];
        g.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=19$m=4096,t=3,p=1$" + b64.encodeToString(salt) + "$" + b64.encodeToString(out);
    }

    @Test
    void aLoginWithAHashOfOldParametersRehashesWithTheCurrentOnes() {
        TestUser u = signup();
        UUID id = UUID.fromString(u.id());
        String old = oldHash(PASSWORD);
        QuarkusTransaction.requiringNew().run(() -> User.update("passwordHash = ?1 where id = ?2", old, id));
        login(u.username(), PASSWORD).then().statusCode(200);
        String now = QuarkusTransaction.requiringNew().call(() -> ((User) User.findById(id)).passwordHash);
        assertNotEquals(old, now);
        assertTrue(now.startsWith("$argon2id$v=19$m=8192,t=1,p=1$"), now);
        login(u.username(), PASSWORD).then().statusCode(200);
    }
}
