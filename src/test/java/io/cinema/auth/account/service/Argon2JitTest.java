package io.cinema.auth.account.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Argon2JitTest {

    @Test
    void theInliningDirectiveIsOnTheCompilerStackOnceTheHasherIsLoaded() throws Exception {
        PasswordHasher.parse("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"); // loads and initialises the class
        assertTrue(Argon2Jit.install(), "added, or already added by the class's initialiser");
        String stack = Argon2Jit.directives();
        assertTrue(stack.contains("Argon2BytesGenerator") && stack.contains("quarterRound"),
                "jcmd Compiler.directives_print shows it: " + stack);
    }

    @Test
    void installingTwiceAddsOneDirective() throws Exception {
        Argon2Jit.install();
        Argon2Jit.install();
        String stack = Argon2Jit.directives();
        int first = stack.indexOf("Argon2BytesGenerator.*");
        assertTrue(first >= 0 && stack.indexOf("Argon2BytesGenerator.*", first + 1) < 0, "one directive: " + stack);
    }
}
