package io.cinema.auth.web;

import io.cinema.auth.support.ApiException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types Jackson serialises that Quarkus cannot infer from resource signatures (they travel inside a {@code Response}
 * built by the exception mappers), so the native image keeps their accessors. Without this, every problem+json body
 * of a native build would be empty. Checked by .ci/checks/zz-native-sources.sh.
 */
@RegisterForReflection(targets = {Problem.class, ApiException.FieldError.class})
final class NativeReflection {

    private NativeReflection() {
    }
}
