package io.cinema.auth.client;

import java.lang.annotation.Annotation;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.cinema.auth.web.Problem;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * OAuth's error format on {@code /oauth2/*} (RFC 6749 §5.2): {@code {"error", "error_description"}} as
 * {@code application/json}, never problem+json. Our own refusals ({@link OAuthException}) are written as they are;
 * every other error of these paths (a malformed or non-form body, a wrong method, an outage), which the service's one
 * error path has already made a problem body, is rewritten here with the same status and headers: 4xx as
 * {@code invalid_request}, 429 and 503 as {@code temporarily_unavailable}, anything else as {@code server_error}.
 */
public class OAuthErrors {

    static final String PATH = "/oauth2/";
    /** The realm of the Basic challenge that comes with invalid_client. */
    static final String CHALLENGE = "Basic realm=\"cinema-auth\", charset=\"UTF-8\"";

    /** The §5.2 error body. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record Body(String error, String errorDescription) {
    }

    @ServerExceptionMapper
    public Response oauth(OAuthException e) {
        Response.ResponseBuilder b = Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new Body(e.error(), e.getMessage())).header("Cache-Control", "no-store");
        if (e.retryAfterSeconds() != null) {
            b.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        if (OAuthException.INVALID_CLIENT.equals(e.error())) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        return b.build();
    }

    @ServerResponseFilter
    public void rewriteProblems(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof Problem p) || !request.getUriInfo().getPath().startsWith(PATH)) {
            return;
        }
        response.setEntity(new Body(errorFor(p.status()), p.detail()), new Annotation[0],
                MediaType.APPLICATION_JSON_TYPE);
        response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        // a bearer challenge means nothing to an OAuth client
        response.getHeaders().remove(HttpHeaders.WWW_AUTHENTICATE);
    }

    static String errorFor(int status) {
        if (status == 429 || status == 503) {
            return OAuthException.TEMPORARILY_UNAVAILABLE;
        }
        return status >= 400 && status < 500 ? OAuthException.INVALID_REQUEST : OAuthException.SERVER_ERROR;
    }
}
