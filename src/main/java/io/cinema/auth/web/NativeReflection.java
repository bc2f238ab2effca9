package io.cinema.auth.web;

import io.cinema.auth.role.UserRole;
import io.cinema.auth.social.FlowStates;
import io.cinema.auth.social.SocialModels;
import io.cinema.auth.support.ApiException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types read or written by reflection that Quarkus cannot infer from resource signatures, so the native image keeps
 * their constructors and accessors: bodies built into a {@code Response} (problem+json, the social provider URL),
 * Jackson values kept in Redis (social flow state) and Panache projections. Without this a native build answers
 * with empty bodies or fails at run time. .ci/checks/zz-native-sources.sh finds such uses in the sources and checks
 * that each type is registered.
 */
@RegisterForReflection(targets = {Problem.class, ApiException.FieldError.class, SocialModels.ProviderUrlResponse.class,
        FlowStates.Flow.class, UserRole.UserIdOnly.class})
final class NativeReflection {

    private NativeReflection() {
    }
}
