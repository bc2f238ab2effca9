package io.cinema.auth.support;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cinema.auth.role.Bootstrap;
import io.restassured.response.Response;

/** Makes superusers for tests through the same service the command line uses, then logs them in over HTTP. */
@ApplicationScoped
public class Admins {

    @Inject
    Bootstrap bootstrap;

    public Api.TestUser superuser() {
        String name = Api.uniqueName("root");
        bootstrap.createSuperuser(name, name + "@example.com", Api.PASSWORD, false);
        Response r = Api.login(name, Api.PASSWORD);
        r.then().statusCode(200);
        String id = Api.bearer(r.path("access_token")).get("/api/v1/account").then().statusCode(200).extract().path("id");
        return new Api.TestUser(name, name + "@example.com", Api.PASSWORD, r.path("access_token"), r.path("refresh_token"), id);
    }
}
