package io.cinema.auth.role;

import io.quarkus.logging.Log;

/** The administrative audit line: actor, action and target, never a secret. */
final class Audit {

    private Audit() {
    }

    static void log(String actor, String action, String target) {
        Log.infof("audit: actor=%s action=%s target=%s", actor, action, target);
    }
}
