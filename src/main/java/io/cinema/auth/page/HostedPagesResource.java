package io.cinema.auth.page;

import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestQuery;

import io.cinema.auth.social.FlowStates;
import io.cinema.auth.social.FlowStates.Flow;
import io.cinema.auth.social.HostedReturn;
import io.cinema.auth.support.Outages;
import io.cinema.auth.support.ServiceConfig;
import io.quarkus.logging.Log;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;

/**
 * The hosted pages: the links the service's own mails and the device flow send people to. Each is a server-rendered
 * page in the visitor's language whose script calls the public API; the server only renders (the one read it does
 * itself is where a provider login returns to). Tokens from links travel in the URL fragment, which reaches no
 * server, no log and no {@code Referer}.
 */
@Path("/")
@PermitAll
@Produces(MediaType.TEXT_HTML)
public class HostedPagesResource {

    /**
     * Only this origin's scripts, styles and API; no frames, no plugins, forms only to this origin. The pages have no
     * inline script or style, so none needs allowing; their texts for the script are data in the page.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
    /** The longest state authorize ever makes is 43 characters; the API's own bound, so junk costs no Redis read. */
    private static final int STATE_MAX = 512;

    @Inject
    @Location("pages/verify-email.html")
    Template verifyEmail;
    @Inject
    @Location("pages/reset-password.html")
    Template resetPassword;
    @Inject
    @Location("pages/device.html")
    Template device;
    @Inject
    @Location("pages/social-callback.html")
    Template socialCallbackRefused;

    @Inject
    FlowStates flows;
    @Inject
    PagesConfig config;
    @Inject
    ServiceConfig service;

    @GET
    @Path("verify-email")
    public Response verifyEmail(@HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        return page(200, verifyEmail.instance(), acceptLanguage);
    }

    @GET
    @Path("reset-password")
    public Response resetPassword(@HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        String login = config.loginUrl().filter(u -> !u.isBlank()).orElse(service.effectivePublicUrl() + "/");
        return page(200, resetPassword.data("loginUrl", login), acceptLanguage);
    }

    @GET
    @Path("device")
    public Response device(@HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        return page(200, device.data("socialProvider", "").data("returnTo", ""), acceptLanguage);
    }

    /**
     * Where a provider sends the browser back for a login started on a hosted page. The page to show is the one the
     * flow recorded with its state (the allow-list of {@link HostedReturn}), rendered here with the provider to finish
     * with; its script passes code and state to the API's callback and moves the address bar to the recorded page.
     * Whatever else the request carries names no destination. A state that is unknown, used or expired, or a flow
     * that was not started on a hosted page, gets a refusal page.
     */
    @GET
    @Path("social-callback")
    public Response socialCallback(@RestQuery String state,
            @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String acceptLanguage) {
        Flow flow;
        try {
            flow = state == null || state.isBlank() || state.length() > STATE_MAX ? null : flows.peek(state);
        } catch (RuntimeException e) {
            if (!Outages.isDependencyFailure(e)) {
                throw e;
            }
            Log.warnf("social callback page: flow state unreadable (%s)", e.getClass().getName());
            return page(503, socialCallbackRefused.data("unavailable", true), acceptLanguage);
        }
        HostedReturn back = flow == null ? null : HostedReturn.recorded(flow.returnTo());
        Template target = back == null ? null : returnPages().get(back.page());
        if (target == null) {
            return page(400, socialCallbackRefused.data("unavailable", false), acceptLanguage);
        }
        return page(200, target.data("socialProvider", flow.provider()).data("returnTo", back.relative()),
                acceptLanguage);
    }

    /** The hosted pages a provider login can return to, by the name a flow records. */
    private Map<String, Template> returnPages() {
        return Map.of("device", device);
    }

    private static Response page(int status, TemplateInstance page, String acceptLanguage) {
        PageLanguage language = PageLanguage.of(acceptLanguage);
        String html = page.data("lang", language.tag()).setLocale(language.locale()).render();
        return Response.status(status).type("text/html; charset=UTF-8").entity(html)
                .header("Content-Security-Policy", CSP)
                .header("Cache-Control", "no-store")
                .header("Vary", "Accept-Language")
                .build();
    }
}
